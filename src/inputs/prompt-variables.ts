/**
 * Template variables from the `input` (name: text) and `file-input`
 * (name: path) inputs, both YAML maps as in actions/ai-inference, whose
 * `file_input` spelling is accepted too.
 *
 * Values are read with YAML's failsafe schema, so every value is text as
 * written: `version: 1.10` stays "1.10", `answer: no` stays "no".
 *
 * `yaml` is imported on demand, and only for a non-blank map: most runs give
 * neither input and should not pay for loading it.
 */
import type { Node } from 'yaml';
import { InputError } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import { VARIABLE_NAME } from '../prompt/template.ts';

const FILE_INPUT_NAMES = ['file-input', 'file_input'] as const;

export interface VariableSources {
  input(name: string): string;
  readText(path: string, input: string): string;
}

/** The variables of both inputs; a name given twice fails. */
export async function readVariables(source: VariableSources): Promise<Record<string, string>> {
  const variables: Record<string, string> = {};
  const origin: Record<string, string> = {};

  for (const [name, value] of await readMap(source.input('input'), 'input')) {
    variables[name] = value.text;
    origin[name] = 'input';
  }

  const [dash, underscore] = FILE_INPUT_NAMES.map((name) => source.input(name));
  if (dash && underscore)
    throw new InputError('file-input', 'and file_input are both set: give one of them (file_input is the actions/ai-inference spelling).');
  const fileInput = underscore ? 'file_input' : 'file-input';
  for (const [name, value] of await readMap(dash || underscore || '', fileInput)) {
    if (Object.hasOwn(variables, name)) {
      throw new InputError(fileInput, `variable '${name}' (line ${value.line}) is also set in ${origin[name]}: give each variable once.`);
    }
    if (value.text === '') throw new InputError(fileInput, `variable '${name}' (line ${value.line}) has no file path.`);
    variables[name] = readVariableFile(source, fileInput, name, value.text);
  }
  return variables;
}

function readVariableFile(source: VariableSources, input: string, name: string, path: string): string {
  try {
    return source.readText(path, input);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // Name the variable as well as the path: "Input 'file-input': variable 'diff': file 'x' does not exist."
    throw new InputError(input, `variable '${name}': ${error.message.replace(/^Input '[^']*': /, '')}`);
  }
}

/** Reads a YAML map of names to text, each with its line; '' is an empty map. */
async function readMap(text: string, input: string): Promise<Array<[string, { text: string; line: number }]>> {
  if (text.trim() === '') return [];
  // yaml is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const { isMap, isScalar, LineCounter, parseDocument } = (await import('yaml')).default;
  const lines = new LineCounter();
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line ?? 1;
    const why = firstLine(yamlError.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new InputError(
      input,
      `is not a valid YAML map, line ${line}: ${why}. Give one 'name: value' a line; for text with colons or several lines use a block scalar ('name: |' with the text indented below)${input === 'input' ? ', or pass it as a file through file-input' : ''}.`,
    );
  }
  const root = doc.contents;
  if (!isMap(root))
    throw new InputError(
      input,
      `must be a YAML map of variables, one 'name: value' a line; it is ${isScalar(root) ? 'plain text' : 'a list'}.`,
    );

  const entries: Array<[string, { text: string; line: number }]> = [];
  for (const pair of root.items) {
    const line = lineOf(pair.key);
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!VARIABLE_NAME.test(name)) {
      throw new InputError(
        input,
        `line ${line}: '${name}' is not a variable name: use letters, digits, '_', '.' and '-' (for example pr_title or pr.title).`,
      );
    }
    const value = pair.value as Node | null;
    if (value !== null && !isScalar(value)) {
      throw new InputError(
        input,
        `line ${line}: variable '${name}' is a ${isMap(value) ? 'map' : 'list'}: a variable is text (use a block scalar, 'name: |', for several lines).`,
      );
    }
    // The failsafe schema reads every scalar as a string; an empty value is null.
    entries.push([name, { text: value !== null && typeof value.value === 'string' ? value.value : '', line }]);
  }
  return entries;
}
