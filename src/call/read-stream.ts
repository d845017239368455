/**
 * Reads a streamed chat completion into the same Answer a non-streamed call
 * gives (answer.ts), and logs a progress line every few seconds so a long
 * generation shows signs of life. The text itself goes to the debug log only.
 *
 * Azure interleaves annotation chunks with the content: a first chunk with
 * empty `choices` and `prompt_filter_results`, chunks whose choice has no
 * `delta` but `content_filter_offsets` (after the finish), and a last chunk
 * with empty `choices` and the `usage`. None of them may end the answer.
 */
import { type Answer, filteredCategories, MalformedAnswerError, NO_CHOICES, tokenCounts, type Usage } from './answer.ts';
import { BodyTooLargeError, STREAM_TEXT_MAX_CHARS } from '../bounded-body.ts';

/** A chunk as Azure sends it: the OpenAI shape plus filter annotations, any field possibly absent. */
export interface StreamChunk {
  model?: string | null;
  /** Azure: on the first chunk, whose `choices` are empty. */
  prompt_filter_results?: unknown;
  choices?: Array<{
    index?: number;
    delta?: { content?: string | null } | null;
    finish_reason?: string | null;
    content_filter_results?: unknown;
    /** Azure: on annotation-only chunks, which have no `delta`. */
    content_filter_offsets?: unknown;
  }> | null;
  usage?: Usage | null;
}

export interface ReadStreamOptions {
  /** A progress line for the log (no answer text). */
  progress: (message: string) => void;
  /** The debug log: receives the text that arrived since the last progress line. */
  debug: (message: string) => void;
  intervalMs?: number;
  now?: () => number;
  /** The most text the answer may accumulate (characters). */
  maxTextChars?: number;
}

export const PROGRESS_INTERVAL_MS = 5000;

export async function readChatStream(chunks: AsyncIterable<StreamChunk>, options: ReadStreamOptions): Promise<Answer> {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const maxText = options.maxTextChars ?? STREAM_TEXT_MAX_CHARS;
  const started = now();
  let lastProgress = started;
  let text = '';
  let reported = 0;
  let pieces = 0;
  let sawChoice = false;
  let finishReason: string | undefined;
  let model = '';
  let usage: StreamChunk['usage'];
  const filtered = new Set<string>();

  for await (const chunk of chunks) {
    if (!model && chunk.model) model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      sawChoice = true;
      const piece = choice.delta?.content;
      if (piece) {
        text += piece;
        pieces += 1;
        if (text.length > maxText) throw new BodyTooLargeError(maxText, "Azure OpenAI's streamed text");
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
      for (const category of filteredCategories(choice.content_filter_results)) filtered.add(category);
    }
    const at = now();
    if (at - lastProgress >= interval) {
      lastProgress = at;
      options.progress(`Streaming: ${pieces} token${pieces === 1 ? '' : 's'} so far (${Math.round((at - started) / 1000)} s).`);
      // Only up to the last blank: a token is never split across two lines, so each line can be scrubbed whole.
      const end = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n')) + 1;
      if (end > reported) {
        options.debug(`Streamed text so far (+${end - reported} characters): ${text.slice(reported, end)}`);
        reported = end;
      }
    }
  }

  if (!sawChoice) throw NO_CHOICES();
  if (finishReason === undefined) {
    throw new MalformedAnswerError('stream ended early', `the stream ended after ${pieces} tokens without a finish reason`, true);
  }
  return {
    text,
    finishReason,
    ...tokenCounts(usage),
    model,
    filtered: [...filtered],
  };
}

/** The first dated API version whose streams carry usage (`stream_options.include_usage`). */
const FIRST_STREAM_USAGE_VERSION = '2024-09-01';

/**
 * Whether to stream: older dated API versions reject `stream_options`, and a
 * stream without usage could not give the token outputs, so those calls go
 * unstreamed, and say so.
 */
export function streamDecision(wanted: boolean, apiVersion: string): { stream: boolean; note?: string } {
  if (!wanted) return { stream: false };
  if (apiVersion === 'v1' || apiVersion.slice(0, 10) >= FIRST_STREAM_USAGE_VERSION) return { stream: true };
  return {
    stream: false,
    note: `api-version ${apiVersion} predates token usage in streamed answers (${FIRST_STREAM_USAGE_VERSION} or v1): calling without streaming.`,
  };
}
