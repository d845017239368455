/**
 * How long to wait before the model call's next attempt, and when the call
 * as a whole gives up. Whether an attempt is worth repeating at all is
 * attempt-failure.ts's to say. No sleep after the last attempt.
 */

/** IMF-fixdate, the form RFC 9110 requires of senders: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const HTTP_DATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The wait the service asked for: `retry-after-ms`, else `retry-after` (seconds or an HTTP date). */
export function serverRetryDelayMs(headers: Headers | undefined, nowMs: number): number | undefined {
  if (!headers) return undefined;
  // An empty header must not read as 0 (Number('') === 0).
  const ms = Number(headers.get('retry-after-ms')?.trim() || Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  // Only a real HTTP date: V8's Date.parse also reads garbage such as '-1' or 'soon 5' as dates in 2001.
  const date = HTTP_DATE.test(after.trim()) ? Date.parse(after) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8000;

/**
 * The overall deadline of a call, derived rather than configured: every
 * attempt's timeout plus the longest wait allowed before each retry. It never
 * cuts a call that keeps to its per-attempt limits; it bounds what they
 * cannot, a stream that keeps trickling (its timeout is per pause, not total).
 */
export function overallDeadlineMs(timeoutMs: number, maxRetries: number, maxRetryWaitMs: number): number {
  return timeoutMs * (maxRetries + 1) + maxRetries * Math.max(maxRetryWaitMs, BACKOFF_CAP_MS);
}

/** Exponential backoff with full jitter: attempt 1 waits up to 0.5 s, then 1 s, 2 s, ... capped at 8 s. */
export function backoffDelayMs(retryNumber: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retryNumber - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
