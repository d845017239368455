/**
 * GitHub's size limits on what a step leaves behind, and how text is cut to
 * fit them. A long answer must never fail an otherwise good run: the outputs
 * and the summary carry a cut version with a notice, `response-file` the
 * whole text. Pure.
 */

/**
 * "Outputs can be a maximum of 1 MB per job ... Size is approximated based on
 * UTF-16 encoding" (GitHub docs): 2 bytes a UTF-16 code unit.
 */
const JOB_OUTPUTS_LIMIT_BYTES = 1_000_000;
/** Room left for the other outputs and the cut notice. */
const OTHER_OUTPUTS_ROOM_BYTES = 16 * 1024;
/** The most UTF-16 code units the `response` output carries. */
export const RESPONSE_OUTPUT_LIMIT_CHARS = (JOB_OUTPUTS_LIMIT_BYTES - OTHER_OUTPUTS_ROOM_BYTES) / 2;

/** GitHub refuses issue and pull request comments longer than this (422). */
export const MAX_COMMENT_CHARACTERS = 65_536;

/** GitHub shows no step summary over 1 MiB ("supports content up to a size of 1024k"). */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

export interface CutText {
  text: string;
  /** True when the text was shortened. */
  cut: boolean;
}

/** The `response` output: the whole answer, or its start and a notice pointing at `response-file`. */
export function responseOutput(text: string): CutText {
  if (text.length <= RESPONSE_OUTPUT_LIMIT_CHARS) return { text, cut: false };
  const notice = cutNotice(text);
  return { text: sliceChars(text, RESPONSE_OUTPUT_LIMIT_CHARS - notice.length) + notice, cut: true };
}

/** Fits text into `maxBytes` of UTF-8, ending with the notice when it had to be shortened. */
export function fitUtf8(text: string, maxBytes: number): CutText {
  // A UTF-16 unit takes at least one byte: a text of more units than maxBytes is too long, unmeasured.
  if (text.length <= maxBytes && Buffer.byteLength(text) <= maxBytes) return { text, cut: false };
  const notice = cutNotice(text);
  const room = Math.max(0, maxBytes - Buffer.byteLength(notice));
  return { text: sliceUtf8(text, room) + notice, cut: true };
}

function cutNotice(text: string): string {
  return `\n\n[… cut to fit GitHub's size limits: the whole answer (${text.length} characters) is in the file named by the response-file output]`;
}

/** The first `count` UTF-16 code units, never splitting a surrogate pair. */
export function sliceChars(text: string, count: number): string {
  if (count <= 0) return '';
  if (text.length <= count) return text;
  const last = text.charCodeAt(count - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? count - 1 : count);
}

/** The longest prefix of at most `maxBytes` UTF-8 bytes, never splitting a character. */
export function sliceUtf8(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return '';
  // No prefix that fits holds more units than maxBytes: only those are encoded, whatever the text's size.
  const head = sliceChars(text, maxBytes);
  const bytes = Buffer.from(head, 'utf8');
  if (bytes.length <= maxBytes) return head;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
