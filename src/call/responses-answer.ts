/**
 * A Responses API answer read into the same Answer a chat completion gives
 * (answer.ts): the text is the message items' output_text parts joined; the
 * status becomes the finish reason (completed → stop, incomplete for
 * max_output_tokens → length, for content_filter → content_filter); the
 * reasoning summary is kept for the job summary. Pure.
 */
import { type Answer, answerText, count, MalformedAnswerError, stringOr } from './answer.ts';
import { oneLine } from '../secrets.ts';
import { responsesFlag } from './flagged-answer.ts';

/** A response object as a service may send it: the OpenAI shape, any field possibly absent. */
export interface ResponseLike {
  model?: string | null;
  status?: string | null;
  incomplete_details?: { reason?: string | null } | null;
  error?: { code?: string | null; message?: string | null } | null;
  output?: Array<{
    type?: string | null;
    content?: Array<{ type?: string | null; text?: string | null }> | null;
    summary?: Array<{ type?: string | null; text?: string | null }> | null;
  } | null> | null;
  usage?: ResponsesUsage | null;
  /** Azure: the filter's verdicts on the prompt and the completion. */
  content_filters?: unknown;
}

export interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** What a stream already delivered, which wins over the final response's copy. */
export interface StreamedParts {
  text: string;
  reasoningSummary: string;
}

export function answerFromResponse(data: ResponseLike, streamed?: StreamedParts): Answer {
  if (data.status === 'failed') throw failedResponse(data.error);
  const messages = (data.output ?? []).filter((item) => item?.type === 'message');
  if (messages.length === 0 && data.status !== 'incomplete') {
    throw new MalformedAnswerError('no output', 'the service answered 200 with no output message', true);
  }
  const text = messages
    .flatMap((item) => (item?.content ?? []).filter((p) => p.type === 'output_text').map((p) => answerText(p.text)))
    .join('');
  const summary = (data.output ?? [])
    .filter((item) => item?.type === 'reasoning')
    .flatMap((item) => (item?.summary ?? []).map((p) => stringOr(p.text)))
    .filter((t) => t !== '')
    .join('\n\n');
  const reasoningSummary = streamed?.reasoningSummary || summary;
  const usage = data.usage;
  const finish = finishReason(data);
  const flagged = finish === 'content_filter' ? undefined : responsesFlag(data.content_filters);
  const answer: Answer = {
    text: streamed?.text || text,
    finishReason: finish,
    promptTokens: count(usage?.input_tokens),
    completionTokens: count(usage?.output_tokens),
    totalTokens: count(usage?.total_tokens),
    cachedTokens: count(usage?.input_tokens_details?.cached_tokens),
    reasoningTokens: count(usage?.output_tokens_details?.reasoning_tokens),
    model: stringOr(data.model),
    filtered: [],
    ...(reasoningSummary ? { reasoningSummary } : {}),
  };
  if (flagged) answer.flagged = flagged;
  return answer;
}

/** The chat finish reason that means the same as the response's status. */
export function finishReason(data: Pick<ResponseLike, 'status' | 'incomplete_details'>): string {
  if (data.status === 'completed') return 'stop';
  if (data.status === 'incomplete') {
    const reason = data.incomplete_details?.reason;
    if (reason === 'max_output_tokens') return 'length';
    return reason || 'incomplete';
  }
  return data.status || 'unknown';
}

/** A response that failed on the service's side: worth another attempt, as a 500 is. */
export function failedResponse(error: ResponseLike['error'] | undefined): MalformedAnswerError {
  const said = [error?.code, error?.message].filter(Boolean).join(': ');
  return new MalformedAnswerError('response failed', `the response failed${said ? ` (${oneLine(said, 300)})` : ''}`, true);
}
