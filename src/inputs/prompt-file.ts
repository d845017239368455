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
import type { Node, Pair, YAMLMap } from 'yaml';
import { InputError } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import {
  describeNode,
  PROMPT_FILE_RESPONSE_FORMATS,
  type PromptFile,
  type PromptFileResponseFormat,
  readJsonSchema,
  readMessages,
  readModelParameters,
  readText,
  type Reading,
} from './prompt-file-values.ts';

const PROMPT_FILE_SUFFIXES = ['.prompt.yml', '.prompt.yaml'] as const;
/** Keys of the format this action does not use: evaluation data for `gh models eval`, names. */
const IGNORED_KEYS = new Set(['name', 'description', 'testData', 'evaluators']);

export type { PromptFile } from './prompt-file-values.ts';

export function isPromptFilePath(path: string): boolean {
  const lower = path.toLowerCase();
  return PROMPT_FILE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

export async function parsePromptFile(text: string, path: string, input = 'prompt-file'): Promise<PromptFile> {
  // yaml is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const yaml = (await import('yaml')).default;
  const { isMap, LineCounter, parseDocument } = yaml;
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
      `a prompt file is a YAML map with a "messages" list (the GitHub Models .prompt.yml format); this file holds ${root ? describeNode(yaml, root) : 'nothing'}.`,
    );
  }
  const map = root as YAMLMap;

  const file: PromptFile = { path, messages: [], warnings: [] };
  const reading: Reading = { yaml, lineOf, fail, file, path, input };
  for (const pair of map.items) readKey(reading, pair);
  if (!map.has('messages')) {
    fail(1, 'has no "messages" list: give at least one message with a role (system, user or assistant) and its content.');
  }
  if (file.responseFormat === 'json_schema' && !file.jsonSchema) {
    fail(lineOf(map.get('responseFormat', true)), 'responseFormat is json_schema but the file has no jsonSchema.');
  }
  return file;
}

/** One top-level key of the file, read into `reading.file`; an unknown one is a warning. */
function readKey(reading: Reading, pair: Pair): void {
  const { file, fail, lineOf, path } = reading;
  const { isScalar } = reading.yaml;
  const key = isScalar(pair.key) ? String(pair.key.value) : '';
  const value = pair.value as Node | null;
  const line = lineOf(pair.key as Node);
  switch (key) {
    case 'messages':
      file.messages = readMessages(reading, value, line);
      break;
    case 'model':
      if (value !== null && !(isScalar(value) && value.value === null)) file.model = readText(reading, value, 'model', line);
      break;
    case 'modelParameters':
      readModelParameters(reading, value);
      break;
    case 'responseFormat': {
      const format = readText(reading, value, 'responseFormat', line);
      if (!(PROMPT_FILE_RESPONSE_FORMATS as readonly string[]).includes(format)) {
        fail(lineOf(value), `responseFormat '${format}' is not one of ${PROMPT_FILE_RESPONSE_FORMATS.join(', ')}.`);
      }
      file.responseFormat = format as PromptFileResponseFormat;
      break;
    }
    case 'jsonSchema':
      file.jsonSchema = readJsonSchema(reading, value, line);
      break;
    default:
      if (!IGNORED_KEYS.has(key)) {
        file.warnings.push(
          `Prompt file '${path}', line ${line}: unknown key '${key}' is ignored (known keys: messages, model, modelParameters, responseFormat, jsonSchema).`,
        );
      }
  }
}
