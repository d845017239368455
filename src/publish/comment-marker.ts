/**
 * The hidden first line of this action's PR comment: which step wrote it,
 * and (stamped) the fingerprint of what was sent and the digest of the
 * answer posted, so that a later run can tell it would ask the same and
 * whether the answer is still as posted. Parsing reads untrusted text (a
 * comment anyone may write): the first line only, length-capped, matched
 * exactly against this step's own marker and one fixed-width pattern. Pure.
 */

export interface MarkerStamp {
  /** The request fingerprint (prompt/fingerprint.ts requestFingerprint), hex. */
  request: string;
  /** The digest of the answer as published (answerDigest), hex. */
  answer: string;
  finishReason: string;
}

const PREFIX = '<!-- azure-openai-keyless: ';
const STAMP_START = ' fingerprint=v1.';
/** A finish reason that can be written into the marker as it is; another answer is posted unstamped. */
const FINISH_REASON = /^[a-z_]{1,32}$/;
/** Anchored, fixed-width hex and a bounded word: no backtracking, on a line already cut short. */
const STAMP = /^([0-9a-f]{64})\.([0-9a-f]{64})\.([a-z_]{1,32}) -->$/;
/** Longer than any marker this action writes (a tag is cut to it, too). */
export const MAX_MARKER_CHARS = 1024;
const MAX_TAG_CHARS = 600;

/** The tag as it can stand inside an HTML comment: nothing in it may close the comment early. */
function safeTag(tag: string): string {
  return tag.replace(/--+/g, '-').replace(/>/g, '').slice(0, MAX_TAG_CHARS);
}

/** The start every marker of this step has: `<!-- azure-openai-keyless: TAG`. */
export function markerOpen(tag: string): string {
  return `${PREFIX}${safeTag(tag)}`;
}

/** This step's marker; stamped when the answer can be reused by a later run with the same input. */
export function commentMarker(tag: string, stamp?: MarkerStamp): string {
  const open = `${PREFIX}${safeTag(tag)}`;
  if (!stamp || !FINISH_REASON.test(stamp.finishReason)) return `${open} -->`;
  return `${open}${STAMP_START}${stamp.request}.${stamp.answer}.${stamp.finishReason} -->`;
}

/**
 * Reads a comment's first line as this step's marker: undefined when it is
 * not (another step's, none, or too long to be one), `{}` for a marker
 * without a (well-formed) stamp.
 */
export function readMarker(body: string | null | undefined, tag: string): { stamp?: MarkerStamp } | undefined {
  const text = body ?? '';
  const end = text.indexOf('\n');
  const first = (end === -1 ? text : text.slice(0, end)).slice(0, MAX_MARKER_CHARS + 1);
  if (first.length > MAX_MARKER_CHARS) return undefined;
  const line = first.trimEnd();
  const open = `${PREFIX}${safeTag(tag)}`;
  if (line === `${open} -->`) return {};
  if (!line.startsWith(open + STAMP_START)) return undefined;
  const match = STAMP.exec(line.slice(open.length + STAMP_START.length));
  if (!match) return {};
  const [, request = '', answer = '', finishReason = ''] = match;
  return { stamp: { request, answer, finishReason } };
}
