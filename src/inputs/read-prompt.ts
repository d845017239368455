/**
 * Reads the prompt inputs into messages (still templates: `{{name}}` is
 * replaced later, on message contents only): `prompt` or `prompt-file`
 * (a `.prompt.yml` / `.prompt.yaml` file is the GitHub Models format, any
 * other file is the user prompt as it is), `system-prompt` or
 * `system-prompt-file`, and the template variables of `input` / `file-input`.
 */
import type { PromptConfig } from '../config.ts';
import { InputError } from '../errors.ts';
import type { PromptMessage } from '../model-call.ts';
import { isPromptFilePath, parsePromptFile, type PromptFile } from './prompt-file.ts';
import { readVariables } from './prompt-variables.ts';

type Get = (name: string) => string;
type ReadText = (path: string, input: string) => string;

export async function readPrompt(get: Get, readText: ReadText): Promise<{ prompt: PromptConfig; file?: PromptFile }> {
  const promptFilePath = get('prompt-file');
  const file = promptFilePath && isPromptFilePath(promptFilePath) ? await readPromptFile(get, readText, promptFilePath) : undefined;
  const user = file ? { text: '', source: `prompt file ${promptFilePath}` } : readTextOrFile(get, readText, 'prompt', 'prompt-file');
  if (!user)
    throw new InputError('prompt', 'is required: set prompt (the text) or prompt-file (a path to a text file or a .prompt.yml file).');
  const system = readTextOrFile(get, readText, 'system-prompt', 'system-prompt-file');
  const variables = await readVariables({ input: get, readText });

  const messages: PromptMessage[] = file ? [...file.messages] : [{ role: 'user', content: user.text }];
  if (system) {
    if (messages.some((m) => m.role === 'system')) {
      throw new InputError(
        system.input,
        `is set, and the prompt file '${promptFilePath}' has its own system message: keep one of them (remove ${system.input}, or the file's system message).`,
      );
    }
    messages.unshift({ role: 'system', content: system.text });
  }
  const prompt: PromptConfig = { messages, userSource: user.source };
  if (file?.model) prompt.model = file.model;
  if (file && file.warnings.length > 0) prompt.warnings = file.warnings;
  if (Object.keys(variables).length > 0) prompt.variables = variables;
  return file ? { prompt, file } : { prompt };
}

async function readPromptFile(get: Get, readText: ReadText, path: string): Promise<PromptFile> {
  if (get('prompt')) throw new InputError('prompt', 'and prompt-file are both set: give one of them.');
  const text = readText(path, 'prompt-file');
  if (!text.trim()) throw new InputError('prompt-file', `file '${path}' is empty or only white space.`);
  return parsePromptFile(text, path);
}

function readTextOrFile(
  get: Get,
  readText: ReadText,
  textInput: string,
  fileInput: string,
): { text: string; source: string; input: string } | undefined {
  const text = get(textInput);
  const file = get(fileInput);
  if (text && file) throw new InputError(textInput, `and ${fileInput} are both set: give one of them.`);
  if (file) {
    const content = readText(file, fileInput);
    if (!content.trim()) throw new InputError(fileInput, `file '${file}' is empty or only white space.`);
    return { text: content, source: `file ${file}`, input: fileInput };
  }
  if (text) return { text, source: `input ${textInput}`, input: textInput };
  return undefined;
}
