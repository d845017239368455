/**
 * The Responses API request body for the action's messages and parameters.
 * The leading system messages become `instructions`; the rest of the
 * conversation (a prompt file's later system messages included, with their
 * role) becomes `input`. `store: false` always: Azure keeps a response for
 * 30 days unless told not to, and a workflow's prompt may hold code. Pure.
 */
import type { PromptMessage, GenerationParameters, ResponseFormatBody, ToolUse } from '../model-call.ts';
import type { BodyOptions } from './chat-request.ts';

export interface ResponsesInputMessage {
  role: PromptMessage['role'];
  content: string;
}

/** `text.format`: the Responses shape is flat ({type, name, schema, strict}), not nested in `json_schema` as chat's is. */
export type TextFormat =
  { type: 'json_object' } | { type: 'json_schema'; name: string; strict: boolean; description?: string; schema: Record<string, unknown> };

/** A round of tool use as Responses input items: the function calls, then their outputs, matched by call_id. */
export type ResponsesToolItem =
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

export interface ResponsesBody {
  model: string;
  input: Array<ResponsesInputMessage | ResponsesToolItem>;
  tools?: Array<{ type: 'function'; name: string; description: string; parameters: Record<string, unknown>; strict: false }>;
  tool_choice?: 'auto' | 'none';
  instructions?: string;
  store: false;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  reasoning?: { effort?: string; summary?: string };
  text?: { format?: TextFormat; verbosity?: string };
  service_tier?: 'flex' | 'priority';
  prompt_cache_key?: string;
}

export function responsesBody(
  deployment: string,
  messages: PromptMessage[],
  parameters: GenerationParameters,
  options: Pick<BodyOptions, 'dropSampling'>,
  toolUse?: ToolUse,
): ResponsesBody {
  const leading = messages.findIndex((m) => m.role !== 'system');
  const split = leading === -1 ? messages.length : leading;
  const instructions = messages
    .slice(0, split)
    .map((m) => m.content)
    .join('\n\n');
  const sampling = !options.dropSampling;
  const reasoning = {
    ...(parameters.reasoningEffort !== undefined ? { effort: parameters.reasoningEffort } : {}),
    ...(parameters.reasoningSummary !== undefined ? { summary: parameters.reasoningSummary } : {}),
  };
  const text = {
    ...(parameters.responseFormat !== undefined ? { format: textFormat(parameters.responseFormat) } : {}),
    ...(parameters.verbosity !== undefined ? { verbosity: parameters.verbosity } : {}),
  };
  return {
    model: deployment,
    input: [...messages.slice(split).map((m) => ({ role: m.role, content: m.content })), ...responsesTurns(toolUse)],
    ...responsesTools(toolUse),
    ...(instructions !== '' ? { instructions } : {}),
    store: false,
    ...(parameters.maxTokens !== undefined ? { max_output_tokens: parameters.maxTokens } : {}),
    ...(sampling && parameters.temperature !== undefined ? { temperature: parameters.temperature } : {}),
    ...(sampling && parameters.topP !== undefined ? { top_p: parameters.topP } : {}),
    ...(Object.keys(reasoning).length > 0 ? { reasoning } : {}),
    ...(Object.keys(text).length > 0 ? { text } : {}),
    ...(parameters.serviceTier !== undefined ? { service_tier: parameters.serviceTier } : {}),
    ...(parameters.promptCacheKey !== undefined ? { prompt_cache_key: parameters.promptCacheKey } : {}),
  };
}

export function textFormat(format: ResponseFormatBody): TextFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', ...format.json_schema };
}

function responsesTurns(toolUse: ToolUse | undefined): ResponsesToolItem[] {
  return (toolUse?.turns ?? []).flatMap((turn) => [
    ...turn.calls.map((call) => ({ type: 'function_call' as const, call_id: call.id, name: call.name, arguments: call.arguments })),
    ...turn.results.map((result) => ({ type: 'function_call_output' as const, call_id: result.id, output: result.output })),
  ]);
}

/** The tools, not strict: their schemas have optional properties, which strict mode refuses. */
function responsesTools(toolUse: ToolUse | undefined): Pick<ResponsesBody, 'tools' | 'tool_choice'> {
  if (!toolUse) return {};
  return {
    tools: toolUse.definitions.map((tool) => ({ type: 'function', ...tool, strict: false })),
    tool_choice: toolUse.choice,
  };
}
