/**
 * The prompt's checks, all before any network call: what the prompt file
 * holds that is not used, placeholders nothing sets, and JSON mode's one
 * rule. They run on the rendered prompt, where a context variable is still
 * an empty slot: its value cannot satisfy a rule that the prompt as written
 * breaks.
 */
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { describeParameters } from './parameters.ts';
import { fixedContents, type RenderedPrompt } from './render.ts';

export interface PromptLog {
  warning(message: string): void;
  notice(message: string): void;
}

/** Checks the rendered prompt, whose `contextVariables` are fetched later; a broken rule fails as a bad input. */
export function checkPrompt(config: Config, rendered: RenderedPrompt, contextVariables: ReadonlySet<string>, log: PromptLog): void {
  const { prompt } = config;
  for (const warning of prompt.warnings ?? []) log.warning(warning);
  if (prompt.model) {
    log.notice(
      `The prompt file names the model '${prompt.model}' (a GitHub Models name); Azure OpenAI answers with deployment '${config.deployment}', which the deployment input chooses.`,
    );
  }

  for (const name of rendered.slots.filter((slot) => !contextVariables.has(slot))) {
    log.warning(
      `The prompt uses {{${name}}}, which no variable sets: it is sent as written. Set it through the input or file-input input.`,
    );
  }

  const format = config.responseFormat;
  // OpenAI's rule for JSON mode: the service rejects a request whose messages never mention JSON.
  if (format?.type === 'json_object' && !fixedContents(rendered, contextVariables).some((content) => /json/i.test(content))) {
    throw new InputError(
      format.input,
      `asks for JSON mode (json_object), and Azure OpenAI then requires the word "JSON" in the messages: ask for JSON in the prompt or the system prompt (for example "Answer in JSON."), or use json-schema.`,
    );
  }
}

/** The log line stating what is sent. */
export function describePrompt(config: Config, rendered: RenderedPrompt): string {
  const count = rendered.messages.length;
  return `Prompt: ${count} message${count === 1 ? '' : 's'} from ${config.prompt.userSource}. Parameters: ${describeParameters(config)}.`;
}
