/**
 * Reads the generation inputs (max-tokens / max-completion-tokens,
 * temperature, top-p, reasoning-effort, response-format, json-schema /
 * json-schema-file, and the API's: api, verbosity, reasoning-summary) and
 * merges them with a prompt file's parameters: a prompt-file parameter
 * applies unless its input is set.
 *
 * `yaml` is imported on demand, only for a .yml/.yaml json-schema-file: other
 * runs should not pay for loading it.
 */
import { InputError } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import {
  MAX_TOKENS_RULE,
  type ModelParameters,
  type NumberRule,
  parseNumberText,
  TEMPERATURE_RULE,
  TOP_P_RULE,
} from './model-parameters.ts';
import type { PromptFile } from './prompt-file.ts';
import { type ApiParameters, readApiParameters } from './read-api.ts';
import { normalizeJsonSchema, RESPONSE_FORMATS, type ResponseFormatName } from './response-format.ts';
import { type JsonSchemaSpec, REASONING_EFFORTS, type ReasoningEffort, type ResponseFormat } from '../model-call.ts';

type Get = (name: string) => string;
type ReadText = (path: string, input: string) => string;

/** The prompt-file spellings, accepted as input values too. */
const FORMAT_ALIASES: Record<string, ResponseFormatName> = { json_object: 'json', json_schema: 'json-schema' };

export async function readModelParameters(get: Get, readText: ReadText, file?: PromptFile): Promise<ModelParameters & ApiParameters> {
  const parameters: ModelParameters & ApiParameters = readApiParameters(get);
  const maxTokens = readMaxTokens(get) ?? file?.maxTokens;
  if (maxTokens !== undefined) parameters.maxTokens = maxTokens;
  const temperature = readNumberInput(get, 'temperature', TEMPERATURE_RULE) ?? file?.temperature;
  if (temperature !== undefined) parameters.temperature = temperature;
  const topP = readNumberInput(get, 'top-p', TOP_P_RULE) ?? file?.topP;
  if (topP !== undefined) parameters.topP = topP;
  const effort = readReasoningEffort(get);
  if (effort !== undefined) parameters.reasoningEffort = effort;
  const format = await readResponseFormat(get, readText, file);
  if (format !== undefined) parameters.responseFormat = format;
  return parameters;
}

function readMaxTokens(get: Get): number | undefined {
  if (get('max-tokens') && get('max-completion-tokens')) {
    throw new InputError('max-tokens', 'and max-completion-tokens are both set: give one of them (they are the same setting).');
  }
  return readNumberInput(get, 'max-tokens', MAX_TOKENS_RULE) ?? readNumberInput(get, 'max-completion-tokens', MAX_TOKENS_RULE);
}

/** A number input checked against its rule (parseNumberText); undefined when the input is empty. */
export function readNumberInput(get: Get, name: string, rule: NumberRule): number | undefined {
  const text = get(name);
  if (text === '') return undefined;
  const value = parseNumberText(text, rule);
  if (typeof value === 'string') throw new InputError(name, value);
  return value;
}

function readReasoningEffort(get: Get): ReasoningEffort | undefined {
  const text = get('reasoning-effort');
  if (text === '') return undefined;
  if (!(REASONING_EFFORTS as readonly string[]).includes(text)) {
    throw new InputError(
      'reasoning-effort',
      `'${text}' is not one of ${REASONING_EFFORTS.join(', ')} (it applies to reasoning models such as o4-mini and gpt-5).`,
    );
  }
  return text as ReasoningEffort;
}

async function readResponseFormat(get: Get, readText: ReadText, file: PromptFile | undefined): Promise<ResponseFormat | undefined> {
  const text = get('response-format');
  const named = FORMAT_ALIASES[text] ?? text;
  if (named !== '' && !(RESPONSE_FORMATS as readonly string[]).includes(named)) {
    throw new InputError('response-format', `'${text}' is not one of ${RESPONSE_FORMATS.join(', ')}.`);
  }
  const inputSchema = await readSchemaInput(get, readText);
  const fromFile =
    file?.responseFormat === 'json_object' ? 'json' : file?.responseFormat === 'json_schema' ? 'json-schema' : file?.responseFormat;
  // An input wins over the file; a schema alone asks for json-schema.
  const format =
    (named || undefined) ?? (inputSchema ? 'json-schema' : undefined) ?? fromFile ?? (file?.jsonSchema ? 'json-schema' : 'text');

  if (format === 'text') {
    if (inputSchema) {
      throw new InputError(
        inputSchema.input,
        `is set but response-format is text: remove it, or set response-format to json-schema (or json).`,
      );
    }
    return undefined;
  }
  const schema = inputSchema?.spec ?? file?.jsonSchema;
  if (format === 'json') {
    const input = named ? 'response-format' : 'prompt-file';
    return schema ? { type: 'json_object', schema, input } : { type: 'json_object', input };
  }
  if (!schema) {
    throw new InputError(
      'response-format',
      `is json-schema but no schema is given: set json-schema (inline JSON) or json-schema-file${file ? `, or jsonSchema in the prompt file '${file.path}'` : ''}.`,
    );
  }
  return { type: 'json_schema', schema };
}

async function readSchemaInput(get: Get, readText: ReadText): Promise<{ spec: JsonSchemaSpec; input: string } | undefined> {
  const inline = get('json-schema');
  const path = get('json-schema-file');
  if (inline && path) throw new InputError('json-schema', 'and json-schema-file are both set: give one of them.');
  if (!inline && !path) return undefined;
  const input = inline ? 'json-schema' : 'json-schema-file';
  let value: unknown;
  if (inline) {
    try {
      value = JSON.parse(inline);
    } catch (error) {
      throw new InputError('json-schema', `is not valid JSON: ${(error as Error).message}.`);
    }
  } else {
    const text = readText(path, 'json-schema-file');
    const isYaml = /\.ya?ml$/i.test(path);
    // Loaded outside the try: a failure to load is not the file's fault.
    const parse: (text: string) => unknown = isYaml ? (await import('yaml')).default.parse : JSON.parse;
    try {
      value = parse(text);
    } catch (error) {
      throw new InputError(
        'json-schema-file',
        `file '${path}' is not valid ${isYaml ? 'YAML' : 'JSON'}: ${firstLine((error as Error).message)}`,
      );
    }
  }
  const spec = normalizeJsonSchema(value, inline ? 'input json-schema' : `file ${path}`, input);
  if (typeof spec === 'string') throw new InputError(input, `${inline ? '' : `file '${path}' `}${spec}.`);
  return { spec, input };
}
