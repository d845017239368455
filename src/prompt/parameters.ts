/** The generation parameters sent with the messages, and how the log and the summary state them. Pure. */
import type { TokenLimitParam } from '../call/token-limit.ts';
import type { Api, GenerationParameters, ResponseFormat, ResponseFormatBody } from '../model-call.ts';
import type { Config } from '../config.ts';

export function generationParameters(config: Config): GenerationParameters {
  const format = config.responseFormat;
  return {
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.topP !== undefined ? { topP: config.topP } : {}),
    ...(config.reasoningEffort !== undefined ? { reasoningEffort: config.reasoningEffort } : {}),
    ...(config.verbosity !== undefined ? { verbosity: config.verbosity } : {}),
    ...(config.reasoningSummary !== undefined ? { reasoningSummary: config.reasoningSummary } : {}),
    ...(format ? { responseFormat: responseFormatBody(format) } : {}),
  };
}

/** What the call settled: the API that answered, and the inputs it left out (a refused temperature). */
export interface CallSettled {
  /** Absent when nothing was called (an answer reused): the API asked for is stated. */
  api?: Api | undefined;
  droppedParameters?: readonly string[];
  /** The token limit's name the answer was asked with. */
  tokenLimitParam?: TokenLimitParam;
}

/**
 * The effective parameters under the names the API takes (with the token
 * limit's name this run uses). Before the call, under api: auto, the chat
 * names, with reasoning-summary marked as sent only if the call switches.
 */
export function describeParameters(config: Config, settled?: CallSettled): string {
  const api = settled?.api ?? (config.api === 'responses' ? 'responses' : 'chat');
  const responses = api === 'responses';
  const dropped = new Set(settled?.droppedParameters ?? []);
  const parts: string[] = [];
  if (config.maxTokens !== undefined)
    parts.push(`${responses ? 'max_output_tokens' : (settled?.tokenLimitParam ?? 'max_completion_tokens')} ${config.maxTokens}`);
  if (config.temperature !== undefined)
    parts.push(`temperature ${config.temperature}${dropped.has('temperature') ? ' (refused, left out)' : ''}`);
  if (config.topP !== undefined) parts.push(`top_p ${config.topP}${dropped.has('top-p') ? ' (refused, left out)' : ''}`);
  if (config.reasoningEffort !== undefined) parts.push(`${responses ? 'reasoning.effort' : 'reasoning_effort'} ${config.reasoningEffort}`);
  if (config.reasoningSummary !== undefined) {
    parts.push(`reasoning.summary ${config.reasoningSummary}${responses ? '' : ' (Responses only: sent if the call switches)'}`);
  }
  if (config.verbosity !== undefined) parts.push(`${responses ? 'text.verbosity' : 'verbosity'} ${config.verbosity}`);
  if (config.responseFormat)
    parts.push(`${responses ? 'text.format' : 'response_format'} ${describeResponseFormat(config.responseFormat)}`);
  return parts.length > 0 ? parts.join(', ') : "the deployment's defaults";
}

export function responseFormatBody(format: ResponseFormat): ResponseFormatBody {
  if (format.type === 'json_object') return { type: 'json_object' };
  const { name, strict, description, schema } = format.schema;
  return { type: 'json_schema', json_schema: { name, strict, ...(description !== undefined ? { description } : {}), schema } };
}

/** How a format is described in the log and the summary. */
function describeResponseFormat(format: ResponseFormat): string {
  switch (format.type) {
    case 'json_object':
      return format.schema ? `json_object, checked against schema '${format.schema.name}' (${format.schema.source})` : 'json_object';
    case 'json_schema':
      return `json_schema '${format.schema.name}'${format.schema.strict ? ' (strict)' : ''} from ${format.schema.source}`;
  }
}
