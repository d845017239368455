/**
 * Retries what `core.getIDToken` leaves unretried. Its HTTP client already
 * retries 502, 503 and 504 (10 times, milliseconds apart); a reset
 * connection, a 500, a 408 or a 429 from the runner's token service fails at
 * once. Those get two more tries here, a second or two apart; a 401 or 403
 * (a bad request token, no id-token permission) is never retried.
 */
import type { IdTokenFetcher } from './github-id-token.ts';

const ATTEMPTS = 3;
const BASE_DELAY_MS = 500;

/** The status `core.getIDToken` reports ("Error Code : 500"); undefined for a connection error. */
export function idTokenErrorStatus(error: unknown): number | undefined {
  const match = /Error Code\s*:\s*(\d{3})/.exec(error instanceof Error ? error.message : String(error));
  return match?.[1] ? Number(match[1]) : undefined;
}

export function isTransientIdTokenError(error: unknown): boolean {
  const status = idTokenErrorStatus(error);
  if (status === undefined) return true;
  // 502-504 were already retried ten times by @actions/http-client.
  return status === 408 || status === 429 || status === 500;
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
