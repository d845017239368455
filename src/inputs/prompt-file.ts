/**
 * The GitHub Models prompt format (`.prompt.yml` / `.prompt.yaml`), as used
 * by actions/ai-inference and `gh models`: messages, modelParameters,
 * responseFormat and jsonSchema. Pure: it parses text it is given.
 *
 * Every error names the file and the line. `{{placeholders}}` are left for
 * the render step (prompt/render.ts), which runs on message contents only.
 *
 * `yaml` is imported on demand (its own chunk in the bundle): only runs with
 * a prompt file need it, and the others should not pay for loading it.
 */
import type { Node, YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import type { PromptMessage, JsonSchemaSpec } from '../model-call.ts';
import { checkNumberValue, MAX_TOKENS_RULE, type NumberRule, TEMPERATURE_RULE, TOP_P_RULE } from './model-parameters.ts';
import { normalizeJsonSchema } from './response-format.ts';

const PROMPT_FILE_SUFFIXES = ['.prompt.yml', '.prompt.yaml'] as const;
const ROLES = ['system', 'user', 'assistant'] as const;
export const PROMPT_FILE_RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'] as const;
export type PromptFileResponseFormat = (typeof PROMPT_FILE_RESPONSE_FORMATS)[number];

/** Keys of the format this action does not use: evaluation data for `gh models eval`, names. */
const IGNORED_KEYS = new Set(['name', 'description', 'testData', 'evaluators']);

export interface PromptFile {
  path: string;
  messages: PromptMessage[];
  /** The file's model: GitHub Models' catalogue name, not a deployment; reported, not used. */
  model?: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  responseFormat?: PromptFileResponseFormat;
  jsonSchema?: JsonSchemaSpec;
  /** Keys this action ignores, with their lines. */
  warnings: string[];
}

export function isPromptFilePath(path: string): boolean {
  const lower = path.toLowerCase();
  return PROMPT_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

export async function parsePromptFile(text: string, path: string, input = 'prompt-file'): Promise<PromptFile> {
  // yaml is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = (await import('yaml')).default;
  const lines = new LineCounter();
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const fail = (line: number, message: string): never => {
    throw new InputError(input, `file '${path}', line ${line}: ${message}`);
  };

  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line ?? 1;
    const why = firstLine(yamlError.message)
      .trim()
      .replace(/ at line \d+, column \d+:?$/, '');
    fail(
      line,
      `is not valid YAML: ${why}. Text holding ': ' or starting with '{' needs quotes, or a block scalar ('content: |' with the text indented below).`,
    );
  }
  const root = doc.contents;
  if (!isMap(root)) {
    fail(
      lineOf(root),
      `a prompt file is a YAML map with a "messages" list (the GitHub Models .prompt.yml format); this file holds ${root ? describeNode(root) : 'nothing'}.`,
    );
  }
  const map = root as YAMLMap;

  const file: PromptFile = { path, messages: [], warnings: [] };
  let messagesSeen = false;
  let maxTokensKey: { key: string; value: number; line: number } | undefined;

  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const line = lineOf(pair.key as Node);
    switch (key) {
      case 'messages':
        messagesSeen = true;
        file.messages = readMessages(value, line);
        break;
      case 'model':
        if (value !== null && !(isScalar(value) && value.value === null)) file.model = readText(value, 'model', line);
        break;
      case 'modelParameters':
        readModelParameters(value);
        break;
      case 'responseFormat': {
        const format = readText(value, 'responseFormat', line);
        if (!(PROMPT_FILE_RESPONSE_FORMATS as readonly string[]).includes(format)) {
          fail(lineOf(value), `responseFormat '${format}' is not one of ${PROMPT_FILE_RESPONSE_FORMATS.join(', ')}.`);
        }
        file.responseFormat = format as PromptFileResponseFormat;
        break;
      }
      case 'jsonSchema':
        file.jsonSchema = readJsonSchema(value, line);
        break;
      default:
        if (!IGNORED_KEYS.has(key)) {
          file.warnings.push(
            `Prompt file '${path}', line ${line}: unknown key '${key}' is ignored (known keys: messages, model, modelParameters, responseFormat, jsonSchema).`,
          );
        }
    }
  }

  if (!messagesSeen) fail(1, 'has no "messages" list: give at least one message with a role (system, user or assistant) and its content.');
  if (file.responseFormat === 'json_schema' && !file.jsonSchema) {
    fail(lineOf(map.get('responseFormat', true)), 'responseFormat is json_schema but the file has no jsonSchema.');
  }
  return file;

  function readMessages(node: Node | null, keyLine: number): PromptMessage[] {
    if (!isSeq(node))
      return fail(
        node ? lineOf(node) : keyLine,
        `"messages" must be a list of messages, each with role and content; it is ${describeNode(node)}.`,
      );
    if (node.items.length === 0) return fail(keyLine, '"messages" is empty: give at least one message.');
    return node.items.map((item, index) => {
      const itemNode = item as Node | null;
      const number = index + 1;
      if (!isMap(itemNode))
        return fail(
          itemNode ? lineOf(itemNode) : keyLine,
          `message ${number} must be a map with role and content; it is ${describeNode(itemNode)}.`,
        );
      const roleNode = itemNode.get('role', true) as Node | undefined;
      const contentNode = itemNode.get('content', true) as Node | undefined;
      if (roleNode === undefined) fail(lineOf(itemNode), `message ${number} has no role: use one of ${ROLES.join(', ')}.`);
      const role = readText(roleNode ?? null, `message ${number}'s role`, lineOf(itemNode)).toLowerCase();
      if (!(ROLES as readonly string[]).includes(role)) {
        fail(lineOf(roleNode), `message ${number} has role '${role}': use one of ${ROLES.join(', ')}.`);
      }
      if (contentNode === undefined) fail(lineOf(itemNode), `message ${number} (${role}) has no content.`);
      const content = readText(contentNode ?? null, `message ${number}'s content`, lineOf(itemNode));
      if (content.trim() === '') fail(lineOf(contentNode), `message ${number} (${role}) has empty content.`);
      for (const pair of itemNode.items) {
        const name = isScalar(pair.key) ? String(pair.key.value) : '';
        if (name !== 'role' && name !== 'content') {
          file.warnings.push(
            `Prompt file '${path}', line ${lineOf(pair.key as Node)}: message ${number}'s key '${name}' is ignored (a message has role and content).`,
          );
        }
      }
      return { role: role as PromptMessage['role'], content };
    });
  }

  function readModelParameters(node: Node | null): void {
    if (node === null || (isScalar(node) && node.value === null)) return;
    if (!isMap(node))
      return fail(lineOf(node), `modelParameters must be a map (maxCompletionTokens, temperature, topP); it is ${describeNode(node)}.`);
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const valueNode = pair.value as Node | null;
      const line = lineOf(pair.key as Node);
      switch (name) {
        case 'maxTokens':
        case 'maxCompletionTokens': {
          const value = readNumber(valueNode, name, MAX_TOKENS_RULE, line);
          if (maxTokensKey && maxTokensKey.value !== value) {
            fail(
              line,
              `${name} is ${value} but ${maxTokensKey.key} (line ${maxTokensKey.line}) is ${maxTokensKey.value}: give one of them (maxTokens is the older name of maxCompletionTokens).`,
            );
          }
          maxTokensKey = { key: name, value, line };
          file.maxTokens = value;
          break;
        }
        case 'temperature':
          file.temperature = readNumber(valueNode, name, TEMPERATURE_RULE, line);
          break;
        case 'topP':
          file.topP = readNumber(valueNode, name, TOP_P_RULE, line);
          break;
        default:
          file.warnings.push(
            `Prompt file '${path}', line ${line}: modelParameters.${name} is not supported and is ignored (supported: maxCompletionTokens, maxTokens, temperature, topP).`,
          );
      }
    }
  }

  function readNumber(node: Node | null, name: string, rule: NumberRule, line: number): number {
    if (!isScalar(node) || node.value === null)
      return fail(node ? lineOf(node) : line, `modelParameters.${name} must be a number; it is ${describeNode(node)}.`);
    const checked = checkNumberValue(node.value, rule);
    if (typeof checked === 'string') return fail(lineOf(node), `modelParameters.${name}: ${checked}`);
    return checked;
  }

  function readJsonSchema(node: Node | null, keyLine: number): JsonSchemaSpec {
    const line = node ? lineOf(node) : keyLine;
    let value: unknown;
    if (isScalar(node) && typeof node.value === 'string') {
      try {
        value = JSON.parse(node.value);
      } catch (error) {
        // In a literal block (`jsonSchema: |`) JSON line n is file line (indicator's line + n).
        const jsonLine = Number(/\(line (\d+) column \d+\)/.exec((error as Error).message)?.[1] ?? Number.NaN);
        const at = node.type === 'BLOCK_LITERAL' && Number.isInteger(jsonLine) ? line + jsonLine : line;
        return fail(at, `jsonSchema is not valid JSON: ${(error as Error).message}.`);
      }
    } else if (isMap(node)) {
      value = node.toJSON();
    } else {
      return fail(line, `jsonSchema must be a JSON string or a YAML map; it is ${describeNode(node)}.`);
    }
    const spec = normalizeJsonSchema(value, `prompt file ${path} (line ${line})`, input);
    if (typeof spec === 'string') return fail(line, `jsonSchema ${spec}.`);
    return spec;
  }

  /** A text value; scalars of other types (`content: 42`) keep the text as written. */
  function readText(node: Node | null, what: string, line: number): string {
    if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
      return typeof node.value === 'string' ? node.value : (node.source ?? JSON.stringify(node.value));
    }
    return fail(node ? lineOf(node) : line, `${what} must be text; it is ${describeNode(node)}.`);
  }

  function describeNode(node: Node | null | undefined): string {
    if (node === null || node === undefined || (isScalar(node) && node.value === null)) return 'empty';
    if (isMap(node)) return 'a map';
    if (isSeq(node)) return 'a list';
    if (isScalar(node)) return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
    return 'not a value';
  }
}
