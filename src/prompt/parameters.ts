/** The generation parameters sent with the messages, and how the log and the summary state them. Pure. */
import { tokenLimitParam } from '../call/token-limit.ts';
import type { ChatParameters, ResponseFormat, ResponseFormatBody } from '../chat.ts';
import type { Config } from '../config.ts';

export function chatParameters(config: Config): ChatParameters {
  const format = config.responseFormat;
  return {
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.topP !== undefined ? { topP: config.topP } : {}),
    ...(config.reasoningEffort !== undefined ? { reasoningEffort: config.reasoningEffort } : {}),
    ...(format ? { responseFormat: responseFormatBody(format) } : {}),
  };
}

/** The effective parameters, as sent (with the token limit's name this run uses). */
export function describeParameters(config: Config): string {
  const parts: string[] = [];
  if (config.maxTokens !== undefined) parts.push(`${tokenLimitParam()} ${config.maxTokens}`);
  if (config.temperature !== undefined) parts.push(`temperature ${config.temperature}`);
  if (config.topP !== undefined) parts.push(`top_p ${config.topP}`);
  if (config.reasoningEffort !== undefined) parts.push(`reasoning_effort ${config.reasoningEffort}`);
  if (config.responseFormat) parts.push(`response_format ${describeResponseFormat(config.responseFormat)}`);
  return parts.length > 0 ? parts.join(', ') : "the deployment's defaults";
}

export function responseFormatBody(format: ResponseFormat): ResponseFormatBody {
  if (format.type === 'json_object') return { type: 'json_object' };
  const { name, strict, description, schema } = format.schema;
  return { type: 'json_schema', json_schema: { name, strict, ...(description !== undefined ? { description } : {}), schema } };
}

/** How a format is described in the log and the summary. */
export function describeResponseFormat(format: ResponseFormat): string {
  switch (format.type) {
    case 'json_object':
      return format.schema ? `json_object, checked against schema '${format.schema.name}' (${format.schema.source})` : 'json_object';
    case 'json_schema':
      return `json_schema '${format.schema.name}'${format.schema.strict ? ' (strict)' : ''} from ${format.schema.source}`;
  }
}
