/**
 * The chat request's shapes, shared by the steps that read, build, send and
 * report it. Types and their word lists only: this file imports nothing.
 */

export interface ChatMessage {
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
export interface ChatParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  verbosity?: Verbosity;
  /** Responses only: a chat call does not send it. */
  reasoningSummary?: ReasoningSummary;
  responseFormat?: ResponseFormatBody;
}
