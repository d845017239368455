/**
 * The Responses API request body for the action's messages and parameters.
 * The leading system messages become `instructions`; the rest of the
 * conversation (a prompt file's later system messages included, with their
 * role) becomes `input`. `store: false` always: Azure keeps a response for
 * 30 days unless told not to, and a workflow's prompt may hold code. Pure.
 */
import type { ChatMessage, ChatParameters, ResponseFormatBody } from '../chat.ts';
import type { BodyOptions } from './chat-request.ts';

export interface ResponsesInputMessage {
  role: ChatMessage['role'];
  content: string;
}

/** `text.format`: the Responses shape is flat ({type, name, schema, strict}), not nested in `json_schema` as chat's is. */
export type TextFormat =
  { type: 'json_object' } | { type: 'json_schema'; name: string; strict: boolean; description?: string; schema: Record<string, unknown> };

export interface ResponsesBody {
  model: string;
  input: ResponsesInputMessage[];
  instructions?: string;
  store: false;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  reasoning?: { effort?: string; summary?: string };
  text?: { format?: TextFormat; verbosity?: string };
}

export function responsesBody(
  deployment: string,
  messages: ChatMessage[],
  parameters: ChatParameters,
  options: BodyOptions,
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
    input: messages.slice(split).map((m) => ({ role: m.role, content: m.content })),
    ...(instructions !== '' ? { instructions } : {}),
    store: false,
    ...(parameters.maxTokens !== undefined ? { max_output_tokens: parameters.maxTokens } : {}),
    ...(sampling && parameters.temperature !== undefined ? { temperature: parameters.temperature } : {}),
    ...(sampling && parameters.topP !== undefined ? { top_p: parameters.topP } : {}),
    ...(Object.keys(reasoning).length > 0 ? { reasoning } : {}),
    ...(Object.keys(text).length > 0 ? { text } : {}),
  };
}

export function textFormat(format: ResponseFormatBody): TextFormat {
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', ...format.json_schema };
}
