/**
 * Everything between the validated inputs and the call, still before any
 * network traffic: fills in the `{{variables}}`, reports what the prompt file
 * holds that is not used, checks JSON mode's one rule, compiles the JSON
 * schema, and states the effective parameters. Afterwards, reads a JSON
 * answer into the `json` output.
 */
import type { ChatResult } from '../call/call-deployment.ts';
import type { Config } from '../config.ts';
import { ActionFailure, InputError } from '../errors.ts';
import { type ChatMessage, renderMessages } from './messages.ts';
import type { ReasoningEffort } from '../inputs/model-parameters.ts';
import { RESPONSE_OUTPUT_LIMIT_CHARS } from '../report/limits.ts';
import { describeResponseFormat, type ResponseFormatBody, responseFormatBody } from '../inputs/response-format.ts';
import { readStructuredAnswer, type SchemaValidator, compileSchema } from '../report/structured-output.ts';
import { tokenLimitParam } from '../call/token-limit.ts';

/** The largest `json` output: the job's outputs share about 1 MB with `response`. */
export const JSON_OUTPUT_LIMIT_CHARS = Math.floor(RESPONSE_OUTPUT_LIMIT_CHARS / 2);

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
  const schema = format && format.type !== 'text' ? format.schema : undefined;
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

/**
 * The `json` output for a JSON response format (undefined for text). An
 * answer that is not JSON, or breaks the schema, fails the step: only
 * `response-file` is written then, holding the raw answer.
 */
export function readJsonOutput(
  prepared: PreparedChat,
  result: Pick<ChatResult, 'text' | 'finishReason'>,
  context: { deployment: string; responseFile: string; setOutput(name: string, value: string): void; warning(message: string): void },
): string | undefined {
  if (!prepared.validate) return undefined;
  const answer = readStructuredAnswer(result.text, prepared.validate);
  if (!answer.ok) {
    context.setOutput('response-file', context.responseFile);
    const cut =
      result.finishReason === 'length'
        ? '\nThe answer was cut at the token limit (finish reason length), so the JSON is incomplete: raise max-tokens.'
        : result.finishReason === 'content_filter'
          ? '\nThe content filter cut the answer (finish reason content_filter).'
          : '';
    throw new ActionFailure(
      `Deployment '${context.deployment}' answered, but not with the JSON asked for. ${answer.problem}${cut}\nThe raw answer is in ${context.responseFile} (the response-file output, the only output written).`,
    );
  }
  if (answer.json.length > JSON_OUTPUT_LIMIT_CHARS) {
    context.warning(
      `The JSON answer (${answer.json.length} characters) is too large for the json output (GitHub allows about 1 MB of outputs per job): read it from response-file.`,
    );
    return undefined;
  }
  return answer.json;
}
