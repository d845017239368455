/**
 * Reads the 400s that the action answers by changing its request rather
 * than failing: a model without Chat Completions (Azure's
 * `OperationNotSupported`, "The chatCompletion operation does not work with
 * the specified model, …"), which api: auto answers by switching to the
 * Responses API, and a reasoning model refusing temperature or top_p
 * ("Unsupported parameter: 'temperature' is not supported with this
 * model."), answered by leaving both out. Pure.
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
