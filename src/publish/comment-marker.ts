/**
 * The hidden first line of this action's PR comment: which step wrote it,
 * and (stamped) the fingerprint of what was sent, the digest of the answer
 * posted and the comment's own id, so that a later run can tell it would ask
 * the same, whether the answer is still as posted, and that the stamp was
 * written for this very comment (no one knows a comment's id before it
 * exists, so a stamp relayed into another comment by the same bot does not
 * hold). Parsing reads untrusted text (a
 * comment anyone may write): the first line only, length-capped, matched
 * exactly against this step's own marker and one fixed-width pattern. Pure.
 */

export interface MarkerStamp {
  /** The request fingerprint (prompt/fingerprint.ts requestFingerprint), hex. */
  request: string;
  /** The digest of the answer as published (answerDigest), hex. */
  answer: string;
  finishReason: string;
  /** The id of the comment the stamp was written into, by an edit right after the comment was created. */
  comment: number;
}

const PREFIX = '<!-- azure-openai-keyless: ';
/** Any stamp's start: a marker stamped by an older version is still this step's, its stamp read as none. */
const ANY_STAMP_START = ' fingerprint=';
const STAMP_START = `${ANY_STAMP_START}v2.`;
/** A finish reason that can be written into the marker as it is; another answer is posted unstamped. */
const FINISH_REASON = /^[a-z_]{1,32}$/;
/** Anchored, fixed-width hex and a bounded word: no backtracking, on a line already cut short. */
const STAMP = /^([0-9a-f]{64})\.([0-9a-f]{64})\.([a-z_]{1,32})\.([1-9][0-9]{0,15}) -->$/;
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
  return `${open}${STAMP_START}${stamp.request}.${stamp.answer}.${stamp.finishReason}.${stamp.comment} -->`;
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
  if (!line.startsWith(open + ANY_STAMP_START)) return undefined;
  const match = line.startsWith(open + STAMP_START) ? STAMP.exec(line.slice(open.length + STAMP_START.length)) : null;
  if (!match) return {};
  const [, request = '', answer = '', finishReason = '', comment = ''] = match;
  return { stamp: { request, answer, finishReason, comment: Number(comment) } };
}
