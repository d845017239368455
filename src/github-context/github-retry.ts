/**
 * What the GitHub client does with a failed request: retry a transient
 * failure (502, 503, 504, a reset connection) after a short backoff, wait
 * out a rate limit GitHub names (retry-after, or x-ratelimit-remaining: 0
 * until x-ratelimit-reset), or give up. Waits are bounded by max-retry-wait;
 * a longer one fails at once, naming the rate limit. Pure: the clock is passed in.
 */
import { networkCode } from '../errors.ts';
import { backoffDelayMs, serverRetryDelayMs } from '../call/retry.ts';

/** Attempts per request, the first included. */
export const GITHUB_ATTEMPTS = 3;
/** GitHub: "Otherwise, wait for at least one minute before retrying" a secondary rate limit that names no time. */
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
/** Socket failures worth another attempt; a refused connection or an unknown host is a setting, not luck. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** A request that may have changed something is not sent twice on a transient failure (a duplicate comment). */
const UNSAFE_METHODS = new Set(['POST']);

export type RateLimitKind = 'primary' | 'secondary';

/** GitHub's rate limit, when waiting it out is not allowed (too long) or did not help (every attempt limited). */
export class GithubRateLimitError extends Error {
  readonly kind: RateLimitKind;
  readonly status: number;
  /** What GitHub asked to wait, ms. */
  readonly waitMs: number;
  readonly maxWaitMs: number;
  readonly attempts: number;
  readonly githubMessage: string;
  constructor(facts: { kind: RateLimitKind; status: number; waitMs: number; maxWaitMs: number; attempts: number; githubMessage: string }) {
    super(
      `GitHub's ${facts.kind} rate limit (HTTP ${facts.status}): ${facts.waitMs > facts.maxWaitMs ? `it asks to wait ${seconds(facts.waitMs)} s, more than max-retry-wait (${seconds(facts.maxWaitMs)} s)` : `still limited after ${facts.attempts} attempts`}`,
    );
    this.name = 'GithubRateLimitError';
    this.kind = facts.kind;
    this.status = facts.status;
    this.waitMs = facts.waitMs;
    this.maxWaitMs = facts.maxWaitMs;
    this.attempts = facts.attempts;
    this.githubMessage = facts.githubMessage;
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

export interface FailedRequest {
  method: string;
  /** Which attempt failed, from 1. */
  attempt: number;
  error: unknown;
}

export type RetryDecision =
  | { retry: false }
  | { retry: true; waitMs: number; reason: string; rateLimit?: RateLimitKind }
  | { retry: false; failure: GithubRateLimitError };

interface OctokitFailure {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

/** The decision for one failed attempt; `maxWaitMs` is the run's max-retry-wait. */
export function retryDecision(failed: FailedRequest, maxWaitMs: number, nowMs: number, random: () => number = Math.random): RetryDecision {
  const error = failed.error as OctokitFailure;
  const status = typeof error.status === 'number' ? error.status : undefined;
  const headers = headersOf(error.response?.headers);
  const last = failed.attempt >= GITHUB_ATTEMPTS;
  const limit = status === 403 || status === 429 ? rateLimitWait(headers, messageOf(error), nowMs) : undefined;
  if (limit && status !== undefined) {
    const facts = { kind: limit.kind, status, waitMs: limit.waitMs, maxWaitMs, attempts: failed.attempt, githubMessage: messageOf(error) };
    if (limit.waitMs > maxWaitMs || last) return { retry: false, failure: new GithubRateLimitError(facts) };
    return { retry: true, waitMs: limit.waitMs, reason: `${limit.kind} rate limit (HTTP ${status})`, rateLimit: limit.kind };
  }
  if (last || UNSAFE_METHODS.has(failed.method.toUpperCase())) return { retry: false };
  const code = status === undefined || status === 500 ? networkCode(failed.error) : undefined;
  const transient = (status !== undefined && TRANSIENT_STATUSES.has(status)) || (code !== undefined && TRANSIENT_CODES.has(code));
  if (!transient) return { retry: false };
  const asked = serverRetryDelayMs(headers, nowMs);
  const waitMs = Math.min(maxWaitMs, asked ?? backoffDelayMs(failed.attempt, random));
  return { retry: true, waitMs, reason: code ?? `HTTP ${status}` };
}

/**
 * GitHub's rate limits as its documentation describes them: a 403 or 429 with
 * `retry-after` (seconds), or with `x-ratelimit-remaining: 0` (wait until
 * `x-ratelimit-reset`, epoch seconds), or whose message names a secondary
 * rate limit (wait a minute). A 403 with none of these is a permission error.
 */
export function rateLimitWait(headers: Headers, message: string, nowMs: number): { kind: RateLimitKind; waitMs: number } | undefined {
  const secondary = /secondary rate limit|abuse detection/i.test(message.slice(0, 2000));
  const asked = serverRetryDelayMs(headers, nowMs);
  if (asked !== undefined)
    return { kind: secondary || headers.get('x-ratelimit-remaining') !== '0' ? 'secondary' : 'primary', waitMs: asked };
  if (headers.get('x-ratelimit-remaining')?.trim() === '0') {
    const reset = Number(headers.get('x-ratelimit-reset')?.trim() || Number.NaN);
    // A second's margin: the reset is whole seconds and the clocks are not the same.
    const waitMs = Number.isFinite(reset) ? Math.max(0, reset * 1000 - nowMs) + 1000 : SECONDARY_DEFAULT_WAIT_MS;
    return { kind: secondary ? 'secondary' : 'primary', waitMs };
  }
  if (secondary || /rate limit/i.test(message.slice(0, 2000))) return { kind: 'secondary', waitMs: SECONDARY_DEFAULT_WAIT_MS };
  return undefined;
}

function headersOf(raw: Record<string, unknown> | undefined): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') {
      try {
        headers.set(name, String(value));
      } catch {
        // A header value Headers refuses is one we do not need.
      }
    }
  }
  return headers;
}

function messageOf(error: OctokitFailure): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  if (typeof data?.message === 'string') return data.message;
  return typeof error.message === 'string' ? error.message : '';
}
