/**
 * Reads a streamed Responses API answer (server-sent events named by their
 * `type`) into the same Answer a whole response gives (responses-answer.ts),
 * with the chat stream's progress lines (stream-progress.ts). The text comes
 * from response.output_text.delta, the summary from
 * response.reasoning_summary_text.delta; the status, usage and model from
 * the terminal response.completed or response.incomplete, which ends the
 * read. response.failed and an `error` event fail the attempt (retryable, as
 * a 500 is); a stream that ends without a terminal event is an answer cut
 * short; a field of the wrong type is an unusable answer.
 */
import { type Answer, MalformedAnswerError } from './answer.ts';
import { answerFromResponse, failedResponse, oddType, type ResponseLike } from './responses-answer.ts';
import { type ReadStreamOptions, type StreamedText, streamedText } from './stream-progress.ts';
import { oneLine } from '../secrets.ts';

/** One event as a service may send it: the fields the reader uses, of any type. */
export interface ResponsesStreamEvent {
  type?: unknown;
  delta?: unknown;
  response?: unknown;
  code?: unknown;
  message?: unknown;
}

export async function readResponsesStream(events: AsyncIterable<ResponsesStreamEvent>, options: ReadStreamOptions): Promise<Answer> {
  const streamed = streamedText(options, "Azure OpenAI's streamed text");
  // The summary shares the text's cap: both are held in memory until the end.
  const summary = streamedText(
    { ...options, progress: () => undefined, debug: () => undefined },
    "Azure OpenAI's streamed reasoning summary",
  );
  for await (const event of events) {
    const final = terminalResponse(event);
    // The terminal event ends the read: nothing after it belongs to the answer, and a connection held open
    // after it must not cost the answer.
    if (final) return answerFromResponse(final, { text: streamed.text, reasoningSummary: summary.text });
    readEvent(event, streamed, summary);
    streamed.tick();
  }
  throw new MalformedAnswerError(
    'stream ended early',
    `the stream ended after ${streamed.pieces} text deltas without response.completed or response.incomplete`,
    true,
  );
}

/** The response of response.completed or response.incomplete; undefined for any other event. */
function terminalResponse(event: ResponsesStreamEvent): ResponseLike | undefined {
  if (event.type !== 'response.completed' && event.type !== 'response.incomplete') return undefined;
  const response = event.response ?? {};
  if (typeof response !== 'object' || Array.isArray(response)) throw oddType(`${event.type} response`, response);
  return response;
}

function readEvent(event: ResponsesStreamEvent, streamed: StreamedText, summary: StreamedText): void {
  switch (event.type) {
    case 'response.output_text.delta': {
      const piece = delta(event);
      if (piece) streamed.add(piece);
      break;
    }
    case 'response.reasoning_summary_text.delta': {
      const piece = delta(event);
      if (piece) summary.add(piece);
      break;
    }
    case 'response.reasoning_summary_part.added':
      if (summary.text !== '') summary.add('\n\n');
      break;
    case 'response.failed':
      throw failedResponse((event.response as ResponseLike | null | undefined)?.error);
    case 'error': {
      const said = [event.code, event.message]
        .filter((part) => (typeof part === 'string' || typeof part === 'number') && part !== '')
        .join(': ');
      throw new MalformedAnswerError('error in the stream', `the stream carried an error: ${oneLine(said, 300) || 'no details'}`, true);
    }
    default:
      // Lifecycle, item and part events carry nothing the answer needs.
      break;
  }
}

function delta(event: ResponsesStreamEvent): string {
  if (typeof event.delta !== 'string') throw oddType(`${String(event.type)} delta`, event.delta);
  return event.delta;
}
