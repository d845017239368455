// Azure OpenAI's handling of `response_format`: the request checks the service makes (JSON mode's
// "json" rule, the json_schema wrapper, strict mode's basic rule) and a default JSON reply, so a
// deployment without a configured `reply` still answers JSON the schema accepts.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string, param: string | null, code: string | null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

/** The 400 body Azure OpenAI answers for a bad `response_format`, or undefined when it is acceptable. */
export function responseFormatError(format: unknown, messageTexts: string[]): unknown {
  if (format === undefined || format === null) return undefined;
  if (!isObject(format))
    return invalid(
      `Invalid type for 'response_format': expected an object, but got ${typeof format} instead.`,
      'response_format',
      'invalid_type',
    );
  const type = format.type;
  if (type !== 'text' && type !== 'json_object' && type !== 'json_schema') {
    return invalid(
      `Invalid value: '${String(type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`,
      'response_format.type',
      'invalid_value',
    );
  }
  if (type === 'json_object' && !messageTexts.some((t) => /json/i.test(t))) {
    return invalid(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      'messages',
      null,
    );
  }
  if (type !== 'json_schema') return undefined;
  const spec = format.json_schema;
  if (!isObject(spec))
    return invalid(
      "Missing required parameter: 'response_format.json_schema'.",
      'response_format.json_schema',
      'missing_required_parameter',
    );
  if (typeof spec.name !== 'string')
    return invalid(
      "Missing required parameter: 'response_format.json_schema.name'.",
      'response_format.json_schema.name',
      'missing_required_parameter',
    );
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(spec.name)) {
    return invalid(
      `Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      'response_format.json_schema.name',
      'invalid_value',
    );
  }
  if (spec.strict === true && isObject(spec.schema)) {
    const problem = strictProblem(spec.schema, []);
    if (problem) return invalid(`Invalid schema for response_format '${spec.name}': ${problem}`, 'response_format', null);
  }
  return undefined;
}

/** Strict mode's basic rule: every object lists all its properties as required and allows no others. */
function strictProblem(schema: Json, path: string[]): string | undefined {
  const context = `In context=(${path.map((p) => `'${p}'`).join(', ')})`;
  if (schema.type === 'object' || isObject(schema.properties)) {
    if (schema.additionalProperties !== false) return `${context}, 'additionalProperties' is required to be supplied and to be false.`;
    const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = properties.find((p) => !required.includes(p));
    if (missing)
      return `${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  const children: Array<[string, unknown]> = [
    ...Object.entries(isObject(schema.properties) ? schema.properties : {}).map(([k, v]): [string, unknown] => [`properties', '${k}`, v]),
    ['items', schema.items],
    ...Object.entries(isObject(schema.$defs) ? schema.$defs : {}).map(([k, v]): [string, unknown] => [`$defs', '${k}`, v]),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf.map((v, i): [string, unknown] => [`anyOf', '${i}`, v]) : []),
  ];
  for (const [key, child] of children) {
    if (!isObject(child)) continue;
    const problem = strictProblem(child, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}

/** A reply for JSON modes: an object for json_object, an instance of the schema for json_schema. */
export function defaultJsonReply(format: unknown, lastUserText: string): string | undefined {
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return JSON.stringify({ answer: `Emulated answer to: ${lastUserText.slice(0, 200)}` });
  if (format.type === 'json_schema' && isObject(format.json_schema) && isObject(format.json_schema.schema)) {
    if (format.json_schema.name === 'pull_request_review') return emulatedReview(lastUserText);
    const root = format.json_schema.schema;
    return JSON.stringify(example(root, root, 0));
  }
  return undefined;
}

const STRING_FORMATS: Record<string, string> = {
  'date-time': '2025-01-01T00:00:00Z',
  date: '2025-01-01',
  time: '00:00:00Z',
  email: 'emulated@example.com',
  uri: 'https://example.com/',
  uuid: '00000000-0000-4000-8000-000000000000',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
};

/** The simplest value a schema accepts (well enough for the schemas tests use). */
function example(schema: Json, root: Json, depth: number): unknown {
  if (depth > 12) return null;
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), root);
    return isObject(target) ? example(target, root, depth + 1) : null;
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const first = (schema[key] as unknown[] | undefined)?.[0];
    if (isObject(first)) return example(first, root, depth + 1);
  }
  const type = Array.isArray(schema.type) ? ((schema.type as unknown[]).find((t) => t !== 'null') ?? 'null') : schema.type;
  switch (type) {
    case 'object':
    case undefined: {
      if (!isObject(schema.properties)) return {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(schema.properties);
      const value: Json = {};
      for (const name of required) {
        const child = schema.properties[name];
        if (isObject(child)) value[name] = example(child, root, depth + 1);
      }
      return value;
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 1;
      return isObject(schema.items) ? Array.from({ length: count }, () => example(schema.items as Json, root, depth + 1)) : [];
    }
    case 'string': {
      const format = typeof schema.format === 'string' ? STRING_FORMATS[schema.format] : undefined;
      const text = format ?? 'emulated';
      return typeof schema.minLength === 'number' && text.length < schema.minLength ? text.padEnd(schema.minLength, 'x') : text;
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/**
 * What a reviewing model answers the action's `comment: review` (its schema is named pull_request_review):
 * one finding on the first added line of the numbered diff it was sent (`=== path (status)`, then `R12 +text`),
 * none when the diff adds no line.
 */
function emulatedReview(lastUserText: string): string {
  let path: string | undefined;
  for (const line of lastUserText.split('\n')) {
    if (line.startsWith('=== ')) path = line.slice(4, line.lastIndexOf(' (') > 4 ? line.lastIndexOf(' (') : undefined);
    const added = /^R(\d{1,9}) \+/.exec(line);
    if (path && added) {
      const finding = { path, line: Number(added[1]), start_line: null, side: 'RIGHT', severity: 'minor', suggestion: null };
      return JSON.stringify({ summary: 'Emulated review.', findings: [{ ...finding, body: 'Emulated finding on the first added line.' }] });
    }
  }
  return JSON.stringify({ summary: 'Emulated review: nothing to say.', findings: [] });
}
