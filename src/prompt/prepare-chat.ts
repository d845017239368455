/**
 * Everything between the validated inputs and the call, still before any
 * network traffic: fills in the `{{variables}}`, reports what the prompt file
 * holds that is not used, checks JSON mode's one rule, compiles the JSON
 * schema, and states the effective parameters. The JSON answer is read
 * afterwards, by the report (report/structured-output.ts).
 */
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { type ChatMessage, renderMessages } from './messages.ts';
import type { ReasoningEffort } from '../inputs/model-parameters.ts';
import { describeResponseFormat, type ResponseFormatBody, responseFormatBody } from '../inputs/response-format.ts';
import { type SchemaValidator, compileSchema } from '../report/structured-output.ts';
import { tokenLimitParam } from '../call/token-limit.ts';

export interface ChatParameters {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  responseFormat?: ResponseFormatBody;
}

export interface PreparedChat {
  messages: ChatMessage[];
  parameters: ChatParameters;
  /** Present for a JSON response format. */
  validate?: SchemaValidator;
}

export interface PrepareLog {
  info(message: string): void;
  warning(message: string): void;
  notice(message: string): void;
}

/**
 * `contextVariables` are filled in where the prompt uses them; a variable
 * of the same name from `input` / `file-input` wins.
 */
export async function prepareChat(config: Config, log: PrepareLog, contextVariables: Record<string, string> = {}): Promise<PreparedChat> {
  const { prompt } = config;
  for (const warning of prompt.warnings ?? []) log.warning(warning);
  if (prompt.model) {
    log.notice(
      `The prompt file names the model '${prompt.model}' (a GitHub Models name); Azure OpenAI answers with deployment '${config.deployment}', which the deployment input chooses.`,
    );
  }

  const { messages, unknown } = renderMessages(prompt, { ...contextVariables, ...prompt.variables });
  for (const name of unknown) {
    log.warning(
      `The prompt uses {{${name}}}, which no variable sets: it is sent as written. Set it through the input or file-input input.`,
    );
  }

  const format = config.responseFormat;
  // OpenAI's rule for JSON mode: the service rejects a request whose messages never mention JSON.
  if (format?.type === 'json_object' && !messages.some((m) => /json/i.test(m.content))) {
    throw new InputError(
      format.input,
      `asks for JSON mode (json_object), and Azure OpenAI then requires the word "JSON" in the messages: ask for JSON in the prompt or the system prompt (for example "Answer in JSON."), or use json-schema.`,
    );
  }
  const schema = format?.schema;
  const validate = schema ? await compileSchema(schema) : format ? () => [] : undefined;

  const parameters: ChatParameters = {
    ...(config.maxTokens !== undefined ? { maxTokens: config.maxTokens } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
    ...(config.topP !== undefined ? { topP: config.topP } : {}),
    ...(config.reasoningEffort !== undefined ? { reasoningEffort: config.reasoningEffort } : {}),
    ...(format ? { responseFormat: responseFormatBody(format) } : {}),
  };
  log.info(
    `Prompt: ${messages.length} message${messages.length === 1 ? '' : 's'} from ${prompt.userSource}. Parameters: ${describeParameters(config)}.`,
  );
  return validate ? { messages, parameters, validate } : { messages, parameters };
}

/** The effective parameters, as sent (with the token limit's name this run uses). */
export function describeParameters(config: Config): string {
  const parts: string[] = [];
  if (config.maxTokens !== undefined) parts.push(`${tokenLimitParam()} ${config.maxTokens}`);
  if (config.temperature !== undefined) parts.push(`temperature ${config.temperature}`);
  if (config.topP !== undefined) parts.push(`top_p ${config.topP}`);
  if (config.reasoningEffort !== undefined) parts.push(`reasoning_effort ${config.reasoningEffort}`);
  if (config.responseFormat) parts.push(`response_format ${describeResponseFormat(config.responseFormat)}`);
  return parts.length > 0 ? parts.join(', ') : "the deployment's defaults";
}
