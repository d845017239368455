/**
 * The GitHub REST client, created only when a context variable or a comment
 * needs it: `@actions/github` (Octokit) is imported here, lazily.
 * It honours GITHUB_API_URL (GitHub Enterprise Server), counts its requests,
 * keeps a few in flight at once and retries what is worth retrying
 * (github-retry.ts).
 */
import type { getOctokit } from '@actions/github';
import { ActionFailure, findInChain, networkCode } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import { BodyTooLargeError, GITHUB_MAX_BYTES, readWholeResponse } from '../bounded-body.ts';
import { proxyConfigured, proxyErrorOf } from '../proxy.ts';
import { oneLine } from '../secrets.ts';
import { withTimeLimit } from '../time-limit.ts';
import { GITHUB_ATTEMPTS, GithubRateLimitError, retryDecision } from './github-retry.ts';
import { PAGE_CONCURRENCY } from './paging.ts';
import { RequestGate } from './request-gate.ts';

export type Octokit = ReturnType<typeof getOctokit>;

export interface GithubClient {
  octokit: Octokit;
  apiUrl: string;
  /** Requests sent so far (pages and retries included), for the log and the summary. */
  readonly requests: number;
  /** Why requests were sent again (a 502, a rate limit), in order. */
  readonly retried: readonly string[];
  /** The most requests that were in flight at once. */
  readonly maxInFlight: number;
}

export const DEFAULT_API_URL = 'https://api.github.com';
/** The longest one GitHub API request may take (a large pull request's diff included). */
export const GITHUB_REQUEST_TIMEOUT_MS = 60_000;
/** Requests in flight at once, across the run's listings. */
export const GITHUB_CONCURRENCY = PAGE_CONCURRENCY;

export interface GithubClientOptions {
  timeoutMs?: number;
  /** The longest wait for a rate limit or before a retry (the run's max-retry-wait). */
  maxRetryWaitMs?: number;
  /** Says when a request is retried, and why. */
  log?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export async function createGithubClient(
  token: string,
  env: Record<string, string | undefined>,
  mask: (secret: string) => void,
  options: GithubClientOptions = {},
): Promise<GithubClient> {
  mask(token);
  const { timeoutMs = GITHUB_REQUEST_TIMEOUT_MS, maxRetryWaitMs = 60_000, log = () => undefined } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const apiUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
  // Octokit is given undici's fetch (below), with the proxy rule and a capped read.
  // undici is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const [{ getOctokit }, { default: undici }] = await Promise.all([import('@actions/github'), import('undici')]);
  const { EnvHttpProxyAgent, fetch: undiciFetch } = undici;
  let requests = 0;
  const retried: string[] = [];
  const gate = new RequestGate(GITHUB_CONCURRENCY, { now, sleep });
  // HTTPS_PROXY, HTTP_PROXY and NO_PROXY, in either case, as for every request of the action; without
  // them undici's own dispatcher (the proxy agent is experimental and says so on stderr when created).
  const dispatcher = proxyConfigured(env) ? new EnvHttpProxyAgent() : undefined;
  // Octokit reads whole bodies and turns a failed read into an empty answer: the body is read here, capped.
  const apiOrigin = new URL(apiUrl).origin;
  const cappedFetch = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    // The token goes to GITHUB_API_URL's host only, whatever URL a listing's answer named.
    if (new URL(url).origin !== apiOrigin)
      throw new Error(`refused to send the GitHub token to ${new URL(url).origin}: not GITHUB_API_URL's host (${apiOrigin})`);
    const response = await undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      ...(dispatcher ? { dispatcher } : {}),
    }).catch((error: unknown) => {
      throw proxyErrorOf(error, new URL(url), env) ?? error;
    });
    return readWholeResponse(response, { maxBytes: GITHUB_MAX_BYTES, source: 'the GitHub API' });
  };
  const octokit = getOctokit(token, { baseUrl: apiUrl, userAgent: 'azure-openai-keyless-action', request: { fetch: cappedFetch } });
  // Octokit has no time limit and no retry of its own: a GitHub API that stops answering would hold the job,
  // and one 502 would fail it. (The fetch it is given ignores Node's AbortSignal, so the request is raced;
  // src/exit-watchdog.ts ends the socket.)
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await gate.run(() => {
          requests += 1;
          return withTimeLimit(
            async () => request(requestOptions),
            timeoutMs,
            () => new Error(`the GitHub API did not answer within ${timeoutMs / 1000} s (request timed out)`),
          );
        });
      } catch (error) {
        const decision = retryDecision({ method: requestOptions.method, attempt, error }, maxRetryWaitMs, now());
        if ('failure' in decision) throw decision.failure;
        if (!decision.retry) throw error;
        // The route's template (no values, so nothing secret) and the page.
        const page = typeof requestOptions.page === 'number' ? ` page ${requestOptions.page}` : '';
        const what = `${requestOptions.method} ${oneLine(requestOptions.url.split('?')[0] ?? '', 200)}${page}`;
        retried.push(decision.reason);
        log(
          `GitHub API: ${what} failed (${decision.reason}); retrying in ${waitText(decision.waitMs)} (attempt ${attempt + 1} of ${GITHUB_ATTEMPTS}).`,
        );
        if (decision.rateLimit) {
          // Every request waits out a rate limit, not only the one that met it.
          gate.pauseUntil(now() + decision.waitMs);
          if (decision.rateLimit === 'secondary') gate.serialize();
        } else {
          await sleep(decision.waitMs);
        }
      }
    }
  });
  return {
    octokit,
    apiUrl,
    get requests() {
      return requests;
    },
    get retried() {
      return retried;
    },
    get maxInFlight() {
      return gate.maxActive;
    },
  };
}

/** Permission hints by what was being done, for 403 and 404 answers. */
export interface FailureHints {
  /** `permissions:` the job needs, e.g. `pull-requests: read`. */
  permission: string;
  /** Extra lines for this particular call (a fork's read-only token, say). */
  extra?: string[];
}

/**
 * Wraps a failed GitHub API call in one message naming what was being done,
 * GitHub's answer and the fix. Keeps GitHub's own message text.
 */
export function githubFailure(what: string, error: unknown, apiUrl: string, hints: FailureHints): ActionFailure {
  const status = (error as { status?: unknown }).status;
  const data = (error as { response?: { data?: unknown } }).response?.data as { message?: string } | undefined;
  const said = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  const lines: string[] = [];
  const tooLarge = findInChain(error, BodyTooLargeError);
  if (tooLarge) return new ActionFailure(`Could not ${what}: ${tooLarge.message}.`, { cause: error });
  const limited = findInChain(error, GithubRateLimitError);
  if (limited) return new ActionFailure(rateLimitText(what, limited), { cause: error });
  if (typeof status !== 'number' || status === 500) {
    const code = networkCode(error);
    if (code) {
      lines.push(
        `Could not ${what}: the GitHub API at ${apiUrl} could not be reached (${code}).`,
        "Check GITHUB_API_URL (set by the runner; on GitHub Enterprise Server https://HOST/api/v3) and the runner's network and proxy.",
      );
      return new ActionFailure(lines.join('\n'), { cause: error });
    }
  }
  const answer = firstLine(said).replace(/[.:\s]+$/, '');
  lines.push(`Could not ${what}: GitHub answered ${typeof status === 'number' ? status : 'with an error'}: ${answer}.`);
  if (status === 401) {
    lines.push(
      'The github-token input is not a valid token. Leave it at its default (${{ github.token }}) or pass a token that is still valid.',
    );
  } else if (status === 403 && /rate limit/i.test(said)) {
    lines.push(
      "The token ran out of API requests; wait for the rate limit to reset, or use the job's own token (github-token defaults to ${{ github.token }}).",
    );
  } else if (status === 403) {
    lines.push(
      `The token lacks a permission: give the job \`permissions: ${hints.permission}\` (a job that sets permissions gets only those it lists).`,
      ...(hints.extra ?? []),
    );
  } else if (status === 404) {
    lines.push(
      `Check the repository and number; for a private repository the token also needs \`permissions: ${hints.permission}\` (GitHub answers 404, not 403, when it may not show the resource).`,
    );
  }
  return new ActionFailure(lines.join('\n'), { cause: error });
}

function waitText(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.ceil(ms / 1000)} s`;
}

function rateLimitText(what: string, limited: GithubRateLimitError): string {
  const waitTooLong = limited.waitMs > limited.maxWaitMs;
  return [
    `Could not ${what}: ${limited.message}.`,
    `GitHub said: ${oneLine(firstLine(limited.githubMessage), 300) || '(no message)'}`,
    limited.kind === 'primary'
      ? `The token has used up its API requests for the hour (the job's GITHUB_TOKEN gets 1,000 an hour per repository); they are back in ${Math.ceil(limited.waitMs / 1000)} s.`
      : 'Too many requests reached GitHub at once or in the last minute, from this job or others using the same token.',
    waitTooLong
      ? 'The step stops rather than hold the runner: re-run the job later, or raise max-retry-wait to wait it out.'
      : 'Re-run the job later; fewer jobs calling the GitHub API at the same time helps.',
  ].join('\n');
}

/** The run's one client, created on first use: the context variables and the comment share it and its request count. */
export interface SharedGithubClient {
  get: () => Promise<GithubClient>;
  /** Undefined until something needed the API. */
  readonly created: GithubClient | undefined;
}

export function sharedGithubClient(
  token: string,
  env: Record<string, string | undefined>,
  mask: (secret: string) => void,
  options: GithubClientOptions = {},
): SharedGithubClient {
  let creating: Promise<GithubClient> | undefined;
  let created: GithubClient | undefined;
  return {
    get: () =>
      (creating ??= createGithubClient(token, env, mask, options).then((client) => {
        created = client;
        return client;
      })),
    get created() {
      return created;
    },
  };
}
