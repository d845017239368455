/**
 * The text of a streamed answer as it arrives, capped, with a progress line
 * every few seconds so a long generation shows signs of life: shared by the
 * chat stream (read-stream.ts) and the Responses stream
 * (read-responses-stream.ts). The text itself goes to the debug log only.
 */
import { BodyTooLargeError, STREAM_TEXT_MAX_CHARS } from '../bounded-body.ts';

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

const PROGRESS_INTERVAL_MS = 5000;
/** The most of the new text one progress line quotes in the debug log: response-file holds the whole answer. */
export const DEBUG_TEXT_MAX_CHARS = 16 * 1024;

export interface StreamedText {
  /** Appends a piece of the answer; fails once the text passes the cap. */
  add(piece: string): void;
  /** Called after each event: logs a progress line when one is due. */
  tick(): void;
  readonly text: string;
  readonly pieces: number;
}

export function streamedText(options: ReadStreamOptions, source: string): StreamedText {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? PROGRESS_INTERVAL_MS;
  const maxText = options.maxTextChars ?? STREAM_TEXT_MAX_CHARS;
  const started = now();
  let lastProgress = started;
  let text = '';
  let reported = 0;
  let pieces = 0;
  return {
    add(piece) {
      text += piece;
      pieces += 1;
      if (text.length > maxText) throw new BodyTooLargeError(maxText, source);
    },
    tick() {
      const at = now();
      if (at - lastProgress < interval) return;
      lastProgress = at;
      options.progress(`Streaming: ${pieces} token${pieces === 1 ? '' : 's'} so far (${Math.round((at - started) / 1000)} s).`);
      // Only up to the last blank: a token is never split across two lines, so each line can be scrubbed whole.
      const end = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n')) + 1;
      if (end > reported) {
        options.debug(`Streamed text so far (+${end - reported} characters${quoted(text, reported, end)}`);
        reported = end;
      }
    },
    get text() {
      return text;
    },
    get pieces() {
      return pieces;
    },
  };
}

/**
 * The new text for the debug log, cut at its last blank within DEBUG_TEXT_MAX_CHARS: no secret holds a
 * blank, so the cut never leaves part of one for the scrub to miss.
 */
function quoted(text: string, from: number, end: number): string {
  if (end - from <= DEBUG_TEXT_MAX_CHARS) return `): ${text.slice(from, end)}`;
  const last = from + DEBUG_TEXT_MAX_CHARS - 1;
  const cut = Math.max(text.lastIndexOf(' ', last), text.lastIndexOf('\n', last)) + 1;
  const shown = cut > from ? text.slice(from, cut) : '';
  return `, the first ${shown.length} shown): ${shown}`;
}
