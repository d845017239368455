// The pieces a stream sends an answer in, one event each.

/** Past this, an answer is longer than any model writes: only a hostile endpoint sends it (a flood). */
const FLOOD_CHARS = 1024 * 1024;
/** A flood's slice: far below the client's cap on one event, and few enough events for its cap on their count. */
const FLOOD_SLICE_CHARS = 4096;

/**
 * A word and the blanks after it each, as a model's tokens come. A flood (16 Mi newlines, one endless
 * line, a run of invisible characters) comes in slices instead, never splitting a surrogate pair, so that
 * the largest answer within the client's caps can be sent at all.
 */
export function streamPieces(text: string): string[] {
  if (text.length <= FLOOD_CHARS) return text.match(/\S+\s*|\s+/g) ?? [];
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + FLOOD_SLICE_CHARS);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces;
}
