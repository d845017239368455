/**
 * Reads the 400s that the action answers by changing its request rather
 * than failing: a model without Chat Completions (Azure's
 * `OperationNotSupported`, "The chatCompletion operation does not work with
 * the specified model, …"), which api: auto answers by switching to the
 * Responses API, and a reasoning model refusing temperature or top_p
 * ("Unsupported parameter: 'temperature' is not supported with this
 * model."), answered by leaving both out; and a model that does not take
 * prompt_cache_key ("Unrecognized request argument supplied:
 * prompt_cache_key", as Foundry's models from other providers answer on
 * the v1 API: vectorize-io/hindsight#3518), answered by leaving the key out.
 * Pure.
 */

interface ErrorFields {
  code?: unknown;
  param?: unknown;
  message?: unknown;
}

function errorOf(status: number | undefined, body: string | undefined): ErrorFields | undefined {
  if (status !== 400 || !body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return parsed.error && typeof parsed.error === 'object' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}

/** The service's message when the chat route says the model has no Chat Completions; undefined otherwise. */
export function chatNotSupported(status: number | undefined, body: string | undefined): string | undefined {
  const error = errorOf(status, body);
  if (error?.code !== 'OperationNotSupported') return undefined;
  const message = typeof error.message === 'string' ? error.message : '';
  // The same code answers a completions call to a chat model: only the chat operation's refusal switches.
  return /chatCompletion operation/i.test(message) ? message : undefined;
}

export type SamplingParam = 'temperature' | 'top_p';

/** The input that sets each sampling parameter, for the warning. */
export const SAMPLING_INPUTS: Record<SamplingParam, string> = { temperature: 'temperature', top_p: 'top-p' };

/** The sampling parameter a 400 refuses, if that is what it says. */
export function refusedSamplingParam(status: number | undefined, body: string | undefined): SamplingParam | undefined {
  const error = errorOf(status, body);
  if (!error) return undefined;
  if ((error.param === 'temperature' || error.param === 'top_p') && error.code === 'unsupported_parameter') return error.param;
  const message = typeof error.message === 'string' ? error.message : '';
  const match = /Unsupported (?:parameter|value): '(temperature|top_p)'/.exec(message);
  return match ? (match[1] as SamplingParam) : undefined;
}

/** Whether a 400 refuses prompt_cache_key as an argument the model does not take. */
export function refusedPromptCacheKey(status: number | undefined, body: string | undefined): boolean {
  const error = errorOf(status, body);
  const message = typeof error?.message === 'string' ? error.message.slice(0, 500) : '';
  return /Unrecognized request argument supplied:\s*prompt_cache_key\b/.test(message);
}
