/**
 * A Responses API answer read into the same Answer a chat completion gives
 * (answer.ts): the text is the message items' output_text parts joined; the
 * status becomes the finish reason (completed → stop, incomplete for
 * max_output_tokens → length, for content_filter → content_filter); the
 * reasoning summary is kept for the job summary. Every field is read by its
 * type: one of the wrong type is an unusable answer, not a crash and not a
 * failure worth paying for again. Pure.
 */
import { type Answer, answerText, count, MalformedAnswerError, servedTier, stringOr, withToolCalls } from './answer.ts';
import type { ToolCall } from '../model-call.ts';
import { oneLine } from '../secrets.ts';
import { responsesFlag } from './flagged-answer.ts';

/** A response object as a service may send it: the OpenAI shape, any field possibly absent or of another type. */
export interface ResponseLike {
  model?: unknown;
  status?: unknown;
  incomplete_details?: unknown;
  error?: { code?: unknown; message?: unknown } | null;
  output?: unknown;
  usage?: ResponsesUsage | null;
  /** Azure: the filter's verdicts on the prompt and the completion. */
  content_filters?: unknown;
  service_tier?: string | null;
}

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** What a stream already delivered, which wins over the final response's copy. */
export interface StreamedParts {
  text: string;
  reasoningSummary: string;
}

/** A field of the wrong type: the answer cannot be used, and asking again is unlikely to change it. */
export function oddType(field: string, value: unknown): MalformedAnswerError {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new MalformedAnswerError(`${field} not readable`, `the service answered 200 with a ${field} that is ${kind}`, false);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array of objects, or the odd-type error naming the field. */
function records(field: string, value: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(value)) throw oddType(field, value);
  for (const item of value) if (!isRecord(item)) throw oddType(`${field} item`, item);
  return value as Array<Record<string, unknown>>;
}

export function answerFromResponse(data: ResponseLike, streamed?: StreamedParts): Answer {
  if (!isRecord(data)) throw oddType('response', data);
  const reason = finishReason(data);
  if (data.status === 'failed') throw failedResponse(data.error);
  const output = records('output', data.output === undefined ? [] : data.output);
  const messages = output.filter((item) => item.type === 'message');
  const calls: ToolCall[] = output
    .filter((item) => item.type === 'function_call')
    .map((item) => ({ id: stringOr(item.call_id), name: stringOr(item.name), arguments: stringOr(item.arguments) }));
  if (messages.length === 0 && calls.length === 0 && data.status !== 'incomplete' && !streamed?.text) {
    throw new MalformedAnswerError('no output', 'the service answered 200 with no output message', true);
  }
  const text = messages
    .flatMap((item) => records('message content', item.content).filter((part) => part.type === 'output_text'))
    .map((part) => answerText(part.text))
    .join('');
  const summary = output
    .filter((item) => item.type === 'reasoning')
    .flatMap((item) => records('reasoning summary', item.summary === undefined ? [] : item.summary).map((part) => stringOr(part.text)))
    .filter((piece) => piece !== '')
    .join('\n\n');
  const reasoningSummary = streamed?.reasoningSummary || summary;
  const usage = isRecord(data.usage) ? (data.usage as ResponsesUsage) : undefined;
  const flagged = reason === 'content_filter' ? undefined : responsesFlag(data.content_filters);
  const answer: Answer = {
    text: streamed?.text || text,
    // Chat's word for an answer that is function calls, so that both APIs read the same.
    finishReason: calls.length > 0 && data.status === 'completed' ? 'tool_calls' : reason,
    promptTokens: count(usage?.input_tokens),
    completionTokens: count(usage?.output_tokens),
    totalTokens: count(usage?.total_tokens),
    cachedTokens: count(usage?.input_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage?.input_tokens_details?.cache_write_tokens),
    reasoningTokens: count(usage?.output_tokens_details?.reasoning_tokens),
    model: stringOr(data.model),
    filtered: [],
    ...(reasoningSummary ? { reasoningSummary } : {}),
    ...withToolCalls(calls),
    ...servedTier(data.service_tier),
  };
  if (flagged) answer.flagged = flagged;
  return answer;
}

/** The chat finish reason that means the same as the response's status. */
export function finishReason(data: Pick<ResponseLike, 'status' | 'incomplete_details'>): string {
  const status = data.status ?? '';
  if (typeof status !== 'string') throw oddType('status', status);
  if (status === 'completed') return 'stop';
  if (status !== 'incomplete') return status || 'unknown';
  const details = data.incomplete_details ?? {};
  if (!isRecord(details)) throw oddType('incomplete_details', details);
  const reason = details.reason ?? '';
  if (typeof reason !== 'string') throw oddType('incomplete_details.reason', reason);
  if (reason === 'max_output_tokens') return 'length';
  return reason || 'incomplete';
}

/** A response that failed on the service's side: worth another attempt, as a 500 is. */
export function failedResponse(error: unknown): MalformedAnswerError {
  const said = isRecord(error) ? [error.code, error.message].filter((part) => typeof part === 'string' && part).join(': ') : '';
  return new MalformedAnswerError('response failed', `the response failed${said ? ` (${oneLine(said, 300)})` : ''}`, true);
}
