/**
 * The response formats the inputs name, and the JSON schema forms users paste: the bare schema, OpenAI's
 * `{name, strict, schema}` wrapper, or the whole `{type: 'json_schema',
 * json_schema: {...}}` object. Pure.
 */
import type { JsonSchemaSpec } from '../model-call.ts';

export const RESPONSE_FORMATS = ['text', 'json', 'json-schema'] as const;
export type ResponseFormatName = (typeof RESPONSE_FORMATS)[number];

/** OpenAI's rule for `json_schema.name`. */
const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_SCHEMA_NAME = 'response';

/**
 * Reads a parsed schema value in any of the accepted forms. Returns the spec,
 * or a sentence saying what is wrong (the caller adds where).
 */
export function normalizeJsonSchema(value: unknown, source: string, input: string): JsonSchemaSpec | string {
  if (!isObject(value))
    return `must be a JSON object (a JSON Schema, or {"name": ..., "strict": ..., "schema": {...}}), not ${kindOf(value)}`;
  let wrapper: Record<string, unknown> | undefined;
  if (value.type === 'json_schema' && isObject(value.json_schema)) wrapper = value.json_schema;
  else if (isWrapper(value)) wrapper = value;
  if (!wrapper) return { name: DEFAULT_SCHEMA_NAME, strict: false, schema: value, source, input };

  const { name = DEFAULT_SCHEMA_NAME, strict = false, description, schema } = wrapper;
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name)) {
    return `has name ${JSON.stringify(name)}: a schema name is 1 to 64 letters, digits, '_' or '-'`;
  }
  if (typeof strict !== 'boolean') return `has strict ${JSON.stringify(strict)}: use true or false`;
  if (description !== undefined && typeof description !== 'string') return 'has a description that is not text';
  if (!isObject(schema)) return `has a "schema" that is ${kindOf(schema)}, not a JSON Schema object`;
  return { name, strict, ...(description !== undefined ? { description } : {}), schema, source, input };
}

/**
 * OpenAI's wrapper has `schema` beside `name`/`strict`; a bare JSON Schema has
 * `type`, `properties` or `$schema` at the top (and may even have a property
 * called "schema" inside `properties`, which this does not look at).
 */
function isWrapper(value: Record<string, unknown>): boolean {
  if (!('schema' in value)) return false;
  const schemaKeywords = [
    'type',
    'properties',
    '$schema',
    '$defs',
    'definitions',
    'items',
    'anyOf',
    'oneOf',
    'allOf',
    'enum',
    'const',
    'required',
  ];
  return !schemaKeywords.some((keyword) => keyword in value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
