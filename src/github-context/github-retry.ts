/**
 * What the GitHub client's retry plugins are told: which failures are worth
 * another attempt (a 502, a reset connection; never a POST, which may have
 * posted), and, when a rate limit is not waited out, the failure that says
 * how long GitHub asked to wait, until when, and what to do. The waiting
 * itself is @octokit/plugin-retry's and @octokit/plugin-throttling's.
 */
import { networkCode } from '../errors.ts';
import { humanWait } from '../call/stated-wait.ts';
import { oneLine } from '../secrets.ts';

/** Attempts per request, the first included. */
export const GITHUB_ATTEMPTS = 3;
/** Socket failures worth another attempt; a refused connection or an unknown host is a setting, not luck. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
/** Left to the throttling plugin (429) or never worth a second attempt. */
export const NOT_RETRIED_STATUSES = [400, 401, 403, 404, 410, 422, 429, 451];

export type RateLimitKind = 'primary' | 'secondary';

interface OctokitFailure {
  status?: unknown;
  message?: unknown;
  response?: { headers?: Record<string, unknown>; data?: unknown };
}

/**
 * Why a failed request may be sent again ("HTTP 502", "ECONNRESET"), or
 * undefined. A POST is not sent twice (a duplicate comment); a PATCH is (the
 * same edit twice is one edit). A 500 from GitHub itself is not retried;
 * the client's own failures (a refused connection, a timeout) arrive as 500s without an answer.
 */
export function transientReason(method: string, error: unknown): string | undefined {
  if (method.toUpperCase() === 'POST') return undefined;
  const failure = error as OctokitFailure;
  const status = typeof failure.status === 'number' ? failure.status : undefined;
  if (status !== undefined && TRANSIENT_STATUSES.has(status)) return `HTTP ${status}`;
  if (status !== undefined && (status !== 500 || failure.response)) return undefined;
  const code = networkCode(error);
  return code !== undefined && TRANSIENT_CODES.has(code) ? code : undefined;
}

/** The rate limit a 403 or 429 names, and the wait GitHub asked for, as the throttling plugin reads them. */
export function rateLimitOf(error: unknown, nowMs: number): { kind: RateLimitKind; waitMs: number; status: number } | undefined {
  const failure = error as OctokitFailure;
  const status = failure.status;
  if (status !== 403 && status !== 429) return undefined;
  const headers = failure.response?.headers ?? {};
  const text = (name: string) => (typeof headers[name] === 'string' || typeof headers[name] === 'number' ? String(headers[name]) : '');
  if (/\bsecondary rate\b/i.test(messageOf(failure).slice(0, 2000))) {
    const seconds = Number(text('retry-after')) || 60;
    return { kind: 'secondary', waitMs: seconds * 1000, status };
  }
  if (text('x-ratelimit-remaining') !== '0') return undefined;
  const resetMs = (Number(text('x-ratelimit-reset')) || 0) * 1000;
  // A second's margin, as the plugin keeps: the reset is whole seconds and the clocks differ.
  return { kind: 'primary', waitMs: Math.max(0, Math.ceil((resetMs - nowMs) / 1000) + 1) * 1000, status };
}

/** GitHub's rate limit, when waiting it out is not allowed (too long) or did not help (every attempt limited). */
export class GithubRateLimitError extends Error {
  readonly kind: RateLimitKind;
  readonly waitMs: number;
  readonly tooLong: boolean;
  readonly githubMessage: string;
  constructor(facts: { kind: RateLimitKind; status: number; waitMs: number; maxWaitMs: number; nowMs: number; githubMessage: string }) {
    const tooLong = facts.waitMs > facts.maxWaitMs;
    const until = new Date(facts.nowMs + facts.waitMs).toISOString().slice(11, 16);
    const after = tooLong ? `more than max-retry-wait (${humanWait(facts.maxWaitMs)})` : `still limited after ${GITHUB_ATTEMPTS} attempts`;
    super(
      `GitHub's ${facts.kind} rate limit (HTTP ${facts.status}): GitHub asks to wait ${humanWait(facts.waitMs)} (until ${until} UTC), ${after}`,
    );
    this.name = 'GithubRateLimitError';
    this.kind = facts.kind;
    this.waitMs = facts.waitMs;
    this.tooLong = tooLong;
    this.githubMessage = facts.githubMessage;
  }
}

function messageOf(error: OctokitFailure): string {
  const data = error.response?.data as { message?: unknown } | undefined;
  if (typeof data?.message === 'string') return data.message;
  return typeof error.message === 'string' ? error.message : '';
}

/** A request's route and page, as Octokit's hooks see it. */
export interface RouteOptions {
  method: string;
  url: string;
  page?: unknown;
  request?: { retries?: number; retryCount?: number };
}

type Retrying = (options: RouteOptions, reason: string, waitMs: number, retryCount: number) => void;

/**
 * An Octokit plugin, given before @octokit/plugin-retry so that its error hook
 * runs first: it tells the retry plugin which failures it may send again (it
 * would send every 5xx and socket failure, POSTs included), says so in the
 * log, and notes each 403 and 429 status for the throttling plugin's log line.
 */
export function retryPolicy(retrying: Retrying, limitStatus: WeakMap<object, number>) {
  return (octokit: { hook: { error: (name: 'request', hook: (error: unknown, options: RouteOptions) => never) => void } }) => {
    octokit.hook.error('request', (error, options) => {
      const status = (error as OctokitFailure).status;
      if (status === 403 || status === 429) limitStatus.set(options, status);
      const reason = transientReason(options.method, error);
      const retryCount = options.request?.retryCount ?? 0;
      // Statuses the retry plugin never sends again are left alone: a throttled retry may still meet a 502.
      if (reason === undefined && !(typeof status === 'number' && NOT_RETRIED_STATUSES.includes(status))) {
        options.request = { ...options.request, retries: 0 };
      } else if (reason !== undefined && retryCount + 1 < GITHUB_ATTEMPTS) {
        // The retry plugin waits (retries so far + 1)² seconds.
        retrying(options, reason, (retryCount + 1) ** 2 * 1000, retryCount);
      }
      throw error;
    });
  };
}

/** The rate-limit failure a request ends with, once the throttling plugin has stopped waiting. */
export function rateLimitFailure(error: unknown, maxWaitMs: number, nowMs: number): GithubRateLimitError | undefined {
  const limit = rateLimitOf(error, nowMs);
  if (!limit) return undefined;
  const failure = new GithubRateLimitError({ ...limit, maxWaitMs, nowMs, githubMessage: messageOf(error as OctokitFailure) });
  return Object.assign(failure, { cause: error });
}

/** The route's template (no values, so nothing secret) and the page. */
export function routeOf(options: RouteOptions): string {
  const page = typeof options.page === 'number' ? ` page ${options.page}` : '';
  return `${options.method} ${oneLine(options.url.split('?')[0] ?? '', 200)}${page}`;
}
