/**
 * Retries a failed GitHub ID token request (runner-id-token.ts): no answer
 * (refused, reset, timed out), a 408, a 429, a 500 or a 502-504 from the
 * runner's token service gets two more tries, a second or two apart. A 401
 * or 403 (a bad request token, no id-token permission), a redirect, an
 * answer without an ID token or past its cap are never retried.
 */
import { findInChain } from '../errors.ts';
import type { IdTokenFetcher } from './github-id-token.ts';
import { IdTokenConnectionError } from './runner-id-token.ts';

const ATTEMPTS = 3;
const BASE_DELAY_MS = 500;

/** The status a failed request reports ("Error Code : 500"); undefined for a connection error. */
export function idTokenErrorStatus(error: unknown): number | undefined {
  const match = /Error Code\s*:\s*(\d{3})/.exec(error instanceof Error ? error.message : String(error));
  return match?.[1] ? Number(match[1]) : undefined;
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function isTransientIdTokenError(error: unknown): boolean {
  if (findInChain(error, IdTokenConnectionError)) return true;
  const status = idTokenErrorStatus(error);
  return status !== undefined && TRANSIENT_STATUSES.has(status);
}

export function retryingIdTokenFetcher(
  fetch: IdTokenFetcher,
  options: { log: (message: string) => void; sleep?: (ms: number) => Promise<void>; random?: () => number },
): IdTokenFetcher {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  return async (audience) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(audience);
      } catch (error) {
        if (attempt >= ATTEMPTS || !isTransientIdTokenError(error)) throw error;
        const status = idTokenErrorStatus(error);
        const wait = Math.round(BASE_DELAY_MS * 2 ** (attempt - 1) * (1 + random()));
        options.log(
          `Getting the GitHub ID token failed (${status === undefined ? 'connection error' : `HTTP ${status}`}, attempt ${attempt} of ${ATTEMPTS}); retrying in ${wait} ms.`,
        );
        await sleep(wait);
      }
    }
  };
}
