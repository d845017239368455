// A Responses request's input and text.format read as Azure reads them.

import { invalidRequest, messageText } from '../openai-common.ts';
import { responseFormatError } from '../response-format.ts';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const INPUT_ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/** The input's messages, or the 400 Azure answers for input it cannot read. */
export function readInput(input: unknown): { messages: Array<{ role: string; text: string }> } | { error: unknown } {
  if (input === undefined) return { error: invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter') };
  if (typeof input === 'string') return { messages: [{ role: 'user', text: input }] };
  if (!Array.isArray(input))
    return { error: invalidRequest("Invalid type for 'input': expected a string or an array.", 'input', 'invalid_type') };
  const messages: Array<{ role: string; text: string }> = [];
  for (const [i, item] of input.entries()) {
    // Function calls and their outputs are read by tool-turns.ts.
    if (isObject(item) && (item.type === 'function_call' || item.type === 'function_call_output')) continue;
    if (!isObject(item) || typeof item.role !== 'string' || !INPUT_ROLES.has(item.role)) {
      return {
        error: invalidRequest(
          `Invalid value for 'input[${i}].role': expected one of 'user', 'assistant', 'system' or 'developer'.`,
          `input[${i}].role`,
          'invalid_value',
        ),
      };
    }
    messages.push({ role: item.role, text: messageText(item.content) });
  }
  return { messages };
}

/**
 * `text.format` checked as chat's response_format is (response-format.ts), after the Responses
 * shape's own rule: a json_schema format is flat ({type, name, schema, strict}), not nested in
 * `json_schema` as chat's is.
 */
export function textFormatError(format: unknown, texts: string[]): unknown {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format)) return invalidRequest("Invalid type for 'text.format': expected an object.", 'text.format', 'invalid_type');
  if (format.type === 'text') return undefined;
  if (format.type === 'json_schema') {
    if ('json_schema' in format)
      return invalidRequest("Unknown parameter: 'text.format.json_schema'.", 'text.format.json_schema', 'unknown_parameter');
    if (typeof format.name !== 'string')
      return invalidRequest("Missing required parameter: 'text.format.name'.", 'text.format.name', 'missing_required_parameter');
    if (!isObject(format.schema))
      return invalidRequest("Missing required parameter: 'text.format.schema'.", 'text.format.schema', 'missing_required_parameter');
  }
  const error = responseFormatError(asChatFormat(format), texts);
  if (!error) return undefined;
  // The same check, its names as the Responses API spells them.
  return JSON.parse(
    JSON.stringify(error)
      .replace(/response_format\.json_schema|response_format/g, 'text.format')
      .replace(/'messages'/g, "'input'"),
  );
}

export function asChatFormat(format: Json): Json {
  if (format.type !== 'json_schema') return format;
  const { type, ...spec } = format;
  return { type, json_schema: spec };
}
