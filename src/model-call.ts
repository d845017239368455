/**
 * A model call's shapes (Chat Completions or Responses), shared by the steps
 * that read, build, send and report it. Types and their word lists only: this
 * file imports nothing.
 */

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** `none` and `xhigh` are the newer models' levels (gpt-5.1 and later); the deployment refuses a level its model lacks. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** Which API the action calls: `auto` starts with Chat Completions and switches to Responses when the model has no chat. */
export const API_CHOICES = ['auto', 'chat', 'responses'] as const;
export type ApiChoice = (typeof API_CHOICES)[number];
/** The API a call used. */
export type Api = Exclude<ApiChoice, 'auto'>;

/** How long the answer is (gpt-5 and later): chat `verbosity`, Responses `text.verbosity`. */
export const VERBOSITIES = ['low', 'medium', 'high'] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

/** A reasoning summary's detail: Responses only (`reasoning.summary`). */
export const REASONING_SUMMARIES = ['auto', 'concise', 'detailed'] as const;
export type ReasoningSummary = (typeof REASONING_SUMMARIES)[number];

/** A schema as sent in `response_format.json_schema`, with where it came from (for messages). */
export interface JsonSchemaSpec {
  name: string;
  strict: boolean;
  description?: string;
  schema: Record<string, unknown>;
  /** "input json-schema", "file schema.json", "prompt file x.prompt.yml (line 12)". */
  source: string;
  /** The input an error about this schema names: json-schema, json-schema-file or prompt-file. */
  input: string;
}

/**
 * A JSON response format; plain text is none (undefined: no `response_format` is sent).
 * json_object is JSON mode: a schema there is checked locally only (for deployments
 * without structured outputs), and `input` is the input that chose it.
 */
export type ResponseFormat =
  { type: 'json_object'; schema?: JsonSchemaSpec; input: string } | { type: 'json_schema'; schema: JsonSchemaSpec };

/** The `response_format` request field. */
export type ResponseFormatBody =
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; strict: boolean; description?: string; schema: Record<string, unknown> } };

/** The generation parameters sent with the messages. */
export interface GenerationParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  verbosity?: Verbosity;
  /** Responses only: a chat call does not send it. */
  reasoningSummary?: ReasoningSummary;
  responseFormat?: ResponseFormatBody;
  /** `service_tier`, sent only for flex or priority (default is the deployment's standard processing). */
  serviceTier?: 'flex' | 'priority';
  /** `prompt_cache_key`: routes requests sharing a prefix to the same cache (v1 API only). */
  promptCacheKey?: string;
}

/** A function tool offered to the model, in neither API's shape (chat-request.ts and responses-request.ts give it theirs). */
export interface ToolDefinition {
  name: string;
  description: string;
  /** The arguments' JSON schema. */
  parameters: Record<string, unknown>;
}

/** A function call the model asked for: its id (chat `id`, Responses `call_id`), the tool, the arguments as JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** One round of tool use: the calls the model made and what each returned (or why it was refused), by call id. */
export interface ToolTurn {
  calls: ToolCall[];
  results: Array<{ id: string; output: string }>;
}

/** What the job summary and the tool-calls output say of one call: never the result itself. */
export interface ToolCallRecord {
  tool: string;
  /** The arguments, cut short to one line. */
  arguments: string;
  /** The result's size in bytes as given to the model (after any cut). */
  bytes: number;
  outcome: 'ok' | 'cut' | 'refused';
  /** Why it was refused, in a few words. */
  reason?: string;
}

/** The tools a request offers, whether the model may still call them, and the rounds of calls so far. */
export interface ToolUse {
  definitions: ToolDefinition[];
  /** `none` once the run's tool calls are spent: the model must answer. */
  choice: 'auto' | 'none';
  turns: ToolTurn[];
}
