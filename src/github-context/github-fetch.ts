/**
 * The fetch the GitHub client is given: undici's, with the proxy rule, the
 * token sent to GITHUB_API_URL's host only (whatever URL a listing's answer
 * named), a time limit per request and a capped read. Octokit reads whole
 * bodies and turns a failed read into an empty answer: the body is read
 * here, capped.
 */
import { GITHUB_MAX_BYTES, readWholeResponse } from '../bounded-body.ts';
import { proxyConfigured, proxyErrorOf } from '../proxy.ts';
import { withTimeLimit } from '../time-limit.ts';

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export async function guardedFetch(apiUrl: string, env: Record<string, string | undefined>, timeoutMs: number): Promise<Fetch> {
  // undici is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const { default: undici } = await import('undici');
  const { EnvHttpProxyAgent, fetch: undiciFetch } = undici;
  // HTTPS_PROXY, HTTP_PROXY and NO_PROXY, in either case, as for every request of the action; without
  // them undici's own dispatcher (the proxy agent is experimental and says so on stderr when created).
  const dispatcher = proxyConfigured(env) ? new EnvHttpProxyAgent() : undefined;
  const apiOrigin = new URL(apiUrl).origin;
  return async (url, init) => {
    if (new URL(url).origin !== apiOrigin)
      throw new Error(`refused to send the GitHub token to ${new URL(url).origin}: not GITHUB_API_URL's host (${apiOrigin})`);
    // Octokit has no time limit of its own: a GitHub API that stops answering would hold the job. undici's
    // fetch is raced rather than trusted with the signal; src/exit-watchdog.ts ends the socket.
    return withTimeLimit(
      async () => {
        const response = await undiciFetch(url, {
          ...(init as Parameters<typeof undiciFetch>[1]),
          ...(dispatcher ? { dispatcher } : {}),
        }).catch((error: unknown) => {
          throw proxyErrorOf(error, new URL(url), env) ?? error;
        });
        return readWholeResponse(response, { maxBytes: GITHUB_MAX_BYTES, source: 'the GitHub API' });
      },
      timeoutMs,
      () => new Error(`the GitHub API did not answer within ${timeoutMs / 1000} s (request timed out)`),
    );
  };
}

/** What the client counts as it goes. */
export interface Tally {
  requests: number;
  inFlight: number;
  maxInFlight: number;
  retried: string[];
  /** A rate limit not waited out: no request is sent after it (GitHub may ban a client that keeps asking). */
  stoppedBy: Error | undefined;
}

/** The fetch, counting requests and how many were in flight at once, and sending none after a rate limit stopped the client. */
export function counted(fetch: Fetch, tally: Tally): Fetch {
  return async (url, init) => {
    if (tally.stoppedBy) throw tally.stoppedBy;
    tally.requests += 1;
    tally.inFlight += 1;
    tally.maxInFlight = Math.max(tally.maxInFlight, tally.inFlight);
    try {
      return await fetch(url, init);
    } finally {
      tally.inFlight -= 1;
    }
  };
}
