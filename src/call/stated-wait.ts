/**
 * The wait a refusal states, wherever it states it: `retry-after-ms`, then
 * `retry-after`, then the quota reset headers when above zero, then the
 * message's own words. Azure has answered 429 with no `retry-after` at all,
 * the wait only in `x-rate-limit-reset-tokens` and in "Please retry after N
 * seconds"; a daily quota says so in the same words; an API Management
 * gateway says "Try again in N seconds"; OpenAI-style messages give a
 * duration with units ("in Nms", "in NmNs"). Every read is a bounded scan,
 * linear in the text: a service string is a stranger's. Pure.
 */
import { serverRetryDelayMs } from './retry.ts';

export interface StatedWait {
  ms: number;
  /** Where the wait was read: a header's name, or "the message". */
  source: string;
}

/** Headers that say when a quota resets: bare seconds or a duration with units. */
const RESET_HEADERS = ['x-ratelimit-reset-tokens', 'x-rate-limit-reset-tokens', 'x-ratelimit-reset-requests'];
/** The phrases a wait follows, lower case. */
const LEADS = ['retry after ', 'try again in '];
/** How much of a message is read: the wait is in its first sentences. */
const MESSAGE_SCAN_CHARS = 4000;
/** Longer than any quota's period (a month); a larger number is garbage, not a wait. */
const LONGEST_WAIT_MS = 31 * 24 * 3_600_000;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

export function statedWait(headers: Headers | undefined, message: string | undefined, nowMs: number): StatedWait | undefined {
  const asked = serverRetryDelayMs(headers, nowMs);
  if (asked !== undefined) {
    const source = headers?.get('retry-after-ms')?.trim() ? 'retry-after-ms' : 'retry-after';
    return { ms: Math.min(asked, LONGEST_WAIT_MS), source };
  }
  for (const name of RESET_HEADERS) {
    const ms = durationMs(headers?.get(name) ?? '', true);
    if (ms !== undefined && ms > 0) return { ms, source: name };
  }
  const ms = messageWaitMs(message ?? '');
  return ms === undefined ? undefined : { ms, source: 'the message' };
}

/** The first wait a message states after "retry after" or "try again in". */
export function messageWaitMs(message: string): number | undefined {
  const text = message.slice(0, MESSAGE_SCAN_CHARS).toLowerCase();
  let best: { at: number; ms: number } | undefined;
  for (const lead of LEADS) {
    for (let at = text.indexOf(lead); at !== -1; at = text.indexOf(lead, at + 1)) {
      if (best && at > best.at) break;
      const ms = durationMs(leadingDuration(text, at + lead.length), false);
      if (ms !== undefined) {
        best = { at, ms };
        break;
      }
    }
  }
  return best?.ms;
}

/** The words after a lead that can hold a duration, in one bounded scan (a service string is a stranger's). */
function leadingDuration(text: string, from: number): string {
  let end = from;
  let onlyNumber = true;
  while (end < text.length && end - from < 40) {
    const char = text[end] ?? '';
    const next = text[end + 1] ?? '';
    // One space, between a number and its unit ("22 seconds"); a point only inside a number ("1.5s").
    const fits = char === ' ' ? onlyNumber && end > from : char === '.' ? /[0-9]/.test(next) : /[0-9a-z]/.test(char);
    if (!fits) break;
    if (char === ' ' || /[a-z]/.test(char)) onlyNumber = false;
    end++;
  }
  return text.slice(from, end);
}

/**
 * A duration: a plain number of seconds (when bare numbers are allowed), or
 * number-unit pairs ("N seconds", "NmNs", "Nms"). Undefined for
 * anything else, a negative number, or more than a month.
 */
export function durationMs(value: string, bareSeconds: boolean): number | undefined {
  const text = value.trim().toLowerCase();
  if (text === '' || text.length > 40) return undefined;
  if (/^\d{1,12}(\.\d{1,6})?$/.test(text)) return bareSeconds ? bounded(Number(text) * 1000) : undefined;
  let total = 0;
  let rest = text;
  while (rest !== '') {
    const pair = /^(\d{1,12}(?:\.\d{1,6})?) ?([a-z]{1,12})/.exec(rest);
    const unit = pair?.[2] !== undefined ? UNIT_MS[pair[2]] : undefined;
    if (!pair?.[1] || unit === undefined) return undefined;
    total += Number(pair[1]) * unit;
    rest = rest.slice(pair[0].length);
  }
  return bounded(total);
}

function bounded(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 && ms <= LONGEST_WAIT_MS ? Math.round(ms) : undefined;
}

/** A wait in the units people use: "22 seconds", "about 7 minutes", "about 24 hours (a daily quota)". */
export function humanWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `about ${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  return isDailyQuota(ms) ? `about ${hours} hours (a daily quota)` : `about ${hours} hours`;
}

/** Half a day or more: no per-minute quota resets that late. */
export function isDailyQuota(ms: number): boolean {
  return ms >= 12 * 3_600_000;
}
