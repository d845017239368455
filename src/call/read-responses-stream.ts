/**
 * Reads a streamed Responses API answer (server-sent events named by their
 * `type`) into the same Answer a whole response gives (responses-answer.ts),
 * with the chat stream's progress lines (stream-progress.ts). The text comes
 * from response.output_text.delta, the summary from
 * response.reasoning_summary_text.delta; the status, usage and model from
 * the terminal response.completed or response.incomplete. response.failed
 * and an `error` event fail the attempt (retryable, as a 500 is); a stream
 * that ends without a terminal event is an answer cut short.
 */
import { type Answer, MalformedAnswerError } from './answer.ts';
import { answerFromResponse, failedResponse, type ResponseLike } from './responses-answer.ts';
import { type ReadStreamOptions, streamedText } from './stream-progress.ts';
import { oneLine } from '../secrets.ts';

/** One event as a service may send it; the fields the reader uses. */
export interface ResponsesStreamEvent {
  type?: string;
  delta?: string;
  response?: ResponseLike | null;
  code?: string | null;
  message?: string | null;
}

export async function readResponsesStream(events: AsyncIterable<ResponsesStreamEvent>, options: ReadStreamOptions): Promise<Answer> {
  const streamed = streamedText(options, "Azure OpenAI's streamed text");
  // The summary shares the text's cap: both are held in memory until the end.
  const summary = streamedText(
    { ...options, progress: () => undefined, debug: () => undefined },
    "Azure OpenAI's streamed reasoning summary",
  );
  let final: ResponseLike | undefined;
  for await (const event of events) {
    switch (event.type) {
      case 'response.output_text.delta':
        if (typeof event.delta === 'string' && event.delta) streamed.add(event.delta);
        break;
      case 'response.reasoning_summary_text.delta':
        if (typeof event.delta === 'string' && event.delta) summary.add(event.delta);
        break;
      case 'response.reasoning_summary_part.added':
        if (summary.text !== '') summary.add('\n\n');
        break;
      case 'response.completed':
      case 'response.incomplete':
        final = event.response ?? {};
        break;
      case 'response.failed':
        throw failedResponse(event.response?.error);
      case 'error': {
        const said = [event.code, event.message].filter(Boolean).join(': ');
        throw new MalformedAnswerError('error in the stream', `the stream carried an error: ${oneLine(said, 300) || 'no details'}`, true);
      }
      default:
        // Lifecycle, item and part events carry nothing the answer needs.
        break;
    }
    streamed.tick();
  }
  if (!final) {
    throw new MalformedAnswerError(
      'stream ended early',
      `the stream ended after ${streamed.pieces} text deltas without response.completed or response.incomplete`,
      true,
    );
  }
  return answerFromResponse(final, { text: streamed.text, reasoningSummary: summary.text });
}
