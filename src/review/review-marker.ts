/**
 * The hidden first line of this step's review: which step wrote it, the head
 * commit it covered, the commit its changes were counted from (none for the
 * whole pull request) and the fingerprint of what was sent. The next run
 * reviews only what changed since that head, and a re-run with the same
 * input makes no call. Parsing reads a stranger's text: the first line only,
 * length-capped, matched against this step's own start and one fixed-width,
 * anchored pattern. Pure.
 */
import { MAX_MARKER_CHARS, markerOpen } from '../publish/comment-marker.ts';

export interface ReviewStamp {
  /** The head commit the review covered. */
  head: string;
  /** The commit its changes were counted from; absent when it covered the whole pull request. */
  since?: string;
  /** The request fingerprint (prompt/fingerprint.ts). */
  request: string;
}

const STAMP_START = ' review=v1.';
/** A sha is 40 (SHA-1) or 64 (SHA-256) hex digits. */
const STAMP = /^([0-9a-f]{40}|[0-9a-f]{64})\.([0-9a-f]{40}|[0-9a-f]{64}|whole)\.([0-9a-f]{64}) -->$/;
const COMMIT = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

export function reviewMarker(tag: string, stamp: ReviewStamp): string {
  const open = markerOpen(tag);
  if (!COMMIT.test(stamp.head) || (stamp.since && !COMMIT.test(stamp.since)) || !/^[0-9a-f]{64}$/.test(stamp.request)) {
    return `${open} -->`;
  }
  return `${open}${STAMP_START}${stamp.head}.${stamp.since ?? 'whole'}.${stamp.request} -->`;
}

/** The body's first line read as this step's review marker: undefined when it is not one, `{}` when it has no stamp. */
export function readReviewMarker(body: string | null | undefined, tag: string): { stamp?: ReviewStamp } | undefined {
  const text = body ?? '';
  const end = text.indexOf('\n');
  const first = (end === -1 ? text : text.slice(0, end)).slice(0, MAX_MARKER_CHARS + 1);
  if (first.length > MAX_MARKER_CHARS) return undefined;
  const line = first.trimEnd();
  const open = markerOpen(tag);
  if (line === `${open} -->`) return {};
  if (!line.startsWith(open + STAMP_START)) return undefined;
  const match = STAMP.exec(line.slice(open.length + STAMP_START.length));
  if (!match) return {};
  const [, head = '', since = '', request = ''] = match;
  return { stamp: since === 'whole' ? { head, request } : { head, since, request } };
}
