/** The values of a prompt file (prompt-file.ts), each read from its YAML node with the line an error names. */
import type * as Yaml from 'yaml';
import type { Node } from 'yaml';
import type { JsonSchemaSpec, PromptMessage } from '../model-call.ts';
import { checkNumberValue, MAX_TOKENS_RULE, type NumberRule, TEMPERATURE_RULE, TOP_P_RULE } from './model-parameters.ts';
import { normalizeJsonSchema } from './response-format.ts';

const ROLES = ['system', 'user', 'assistant'] as const;
export const PROMPT_FILE_RESPONSE_FORMATS = ['text', 'json_object', 'json_schema'] as const;
export type PromptFileResponseFormat = (typeof PROMPT_FILE_RESPONSE_FORMATS)[number];

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

/** One file's read: the yaml module, where a node is, how a read fails, and the file as read so far. */
export interface Reading {
  yaml: Omit<typeof Yaml, 'default'>;
  lineOf: (node: Node | null | undefined) => number;
  fail: (line: number, message: string) => never;
  file: PromptFile;
  path: string;
  input: string;
  /** The first of maxTokens / maxCompletionTokens seen: the other must agree with it. */
  maxTokensKey?: { key: string; value: number; line: number };
}

export function readMessages(reading: Reading, node: Node | null, keyLine: number): PromptMessage[] {
  const {
    fail,
    lineOf,
    file,
    path,
    yaml: { isMap, isScalar, isSeq },
  } = reading;
  if (!isSeq(node))
    return fail(
      node ? lineOf(node) : keyLine,
      `"messages" must be a list of messages, each with role and content; it is ${describeNode(reading.yaml, node)}.`,
    );
  if (node.items.length === 0) return fail(keyLine, '"messages" is empty: give at least one message.');
  return node.items.map((item, index) => {
    const itemNode = item as Node | null;
    const number = index + 1;
    if (!isMap(itemNode))
      return fail(
        itemNode ? lineOf(itemNode) : keyLine,
        `message ${number} must be a map with role and content; it is ${describeNode(reading.yaml, itemNode)}.`,
      );
    const roleNode = itemNode.get('role', true) as Node | undefined;
    const contentNode = itemNode.get('content', true) as Node | undefined;
    if (roleNode === undefined) fail(lineOf(itemNode), `message ${number} has no role: use one of ${ROLES.join(', ')}.`);
    const role = readText(reading, roleNode ?? null, `message ${number}'s role`, lineOf(itemNode)).toLowerCase();
    if (!(ROLES as readonly string[]).includes(role)) {
      fail(lineOf(roleNode), `message ${number} has role '${role}': use one of ${ROLES.join(', ')}.`);
    }
    if (contentNode === undefined) fail(lineOf(itemNode), `message ${number} (${role}) has no content.`);
    const content = readText(reading, contentNode ?? null, `message ${number}'s content`, lineOf(itemNode));
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

export function readModelParameters(reading: Reading, node: Node | null): void {
  const {
    fail,
    lineOf,
    file,
    path,
    yaml: { isMap, isScalar },
  } = reading;
  if (node === null || (isScalar(node) && node.value === null)) return;
  if (!isMap(node))
    return fail(
      lineOf(node),
      `modelParameters must be a map (maxCompletionTokens, temperature, topP); it is ${describeNode(reading.yaml, node)}.`,
    );
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const valueNode = pair.value as Node | null;
    const line = lineOf(pair.key as Node);
    switch (name) {
      case 'maxTokens':
      case 'maxCompletionTokens': {
        const value = readNumber(reading, valueNode, name, MAX_TOKENS_RULE, line);
        if (reading.maxTokensKey && reading.maxTokensKey.value !== value) {
          fail(
            line,
            `${name} is ${value} but ${reading.maxTokensKey.key} (line ${reading.maxTokensKey.line}) is ${reading.maxTokensKey.value}: give one of them (maxTokens is the older name of maxCompletionTokens).`,
          );
        }
        reading.maxTokensKey = { key: name, value, line };
        file.maxTokens = value;
        break;
      }
      case 'temperature':
        file.temperature = readNumber(reading, valueNode, name, TEMPERATURE_RULE, line);
        break;
      case 'topP':
        file.topP = readNumber(reading, valueNode, name, TOP_P_RULE, line);
        break;
      default:
        file.warnings.push(
          `Prompt file '${path}', line ${line}: modelParameters.${name} is not supported and is ignored (supported: maxCompletionTokens, maxTokens, temperature, topP).`,
        );
    }
  }
}

function readNumber(reading: Reading, node: Node | null, name: string, rule: NumberRule, line: number): number {
  const {
    fail,
    lineOf,
    yaml: { isScalar },
  } = reading;
  if (!isScalar(node) || node.value === null)
    return fail(node ? lineOf(node) : line, `modelParameters.${name} must be a number; it is ${describeNode(reading.yaml, node)}.`);
  const checked = checkNumberValue(node.value, rule);
  if (typeof checked === 'string') return fail(lineOf(node), `modelParameters.${name}: ${checked}`);
  return checked;
}

export function readJsonSchema(reading: Reading, node: Node | null, keyLine: number): JsonSchemaSpec {
  const {
    fail,
    lineOf,
    path,
    input,
    yaml: { isMap, isScalar },
  } = reading;
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
    return fail(line, `jsonSchema must be a JSON string or a YAML map; it is ${describeNode(reading.yaml, node)}.`);
  }
  const spec = normalizeJsonSchema(value, `prompt file ${path} (line ${line})`, input);
  if (typeof spec === 'string') return fail(line, `jsonSchema ${spec}.`);
  return spec;
}

/** A text value; scalars of other types (`content: 42`) keep the text as written. */
export function readText(reading: Reading, node: Node | null, what: string, line: number): string {
  const {
    fail,
    lineOf,
    yaml: { isScalar },
  } = reading;
  if (isScalar(node) && node.value !== null && typeof node.value !== 'object') {
    return typeof node.value === 'string' ? node.value : (node.source ?? JSON.stringify(node.value));
  }
  return fail(node ? lineOf(node) : line, `${what} must be text; it is ${describeNode(reading.yaml, node)}.`);
}

export function describeNode(yaml: Reading['yaml'], node: Node | null | undefined): string {
  const { isMap, isScalar, isSeq } = yaml;
  if (node === null || node === undefined || (isScalar(node) && node.value === null)) return 'empty';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `the ${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'not a value';
}
