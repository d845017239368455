/**
 * The GitHub REST client, created only when a context variable or a comment
 * needs it: `@actions/github` (Octokit) is imported here, lazily, with
 * @octokit/plugin-retry (a 502, a reset connection) and
 * @octokit/plugin-throttling (GitHub's rate limits, waited out no longer than
 * max-retry-wait allows). It honours GITHUB_API_URL (GitHub Enterprise
 * Server), sends the token to that host only, caps every body and request,
 * and counts its requests.
 */
import type { getOctokit as GetOctokit } from '@actions/github';
import { ActionFailure, findInChain, networkCode } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import { BodyTooLargeError } from '../bounded-body.ts';
import { oneLine } from '../secrets.ts';
import { refusedFields } from './refused-fields.ts';
import { counted, guardedFetch, type Tally } from './github-fetch.ts';
import {
  GITHUB_ATTEMPTS,
  GithubRateLimitError,
  NOT_RETRIED_STATUSES,
  rateLimitFailure,
  retryPolicy,
  routeOf,
  type RouteOptions,
} from './github-retry.ts';
import { PAGE_CONCURRENCY } from './paging.ts';

export type Octokit = ReturnType<typeof GetOctokit>;

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

const DEFAULT_API_URL = 'https://api.github.com';
/** The longest one GitHub API request may take (a large pull request's diff included). */
const GITHUB_REQUEST_TIMEOUT_MS = 60_000;
/** Requests in flight at once, across the run's listings. */
export const GITHUB_CONCURRENCY = PAGE_CONCURRENCY;

export interface GithubClientOptions {
  timeoutMs?: number;
  /** The longest wait for a rate limit (the run's max-retry-wait). */
  maxRetryWaitMs?: number;
  /** Says when a request is retried, and why. */
  log?: (message: string) => void;
  now?: () => number;
}

export async function createGithubClient(
  token: string,
  env: Record<string, string | undefined>,
  mask: (secret: string) => void,
  options: GithubClientOptions = {},
): Promise<GithubClient> {
  mask(token);
  const { maxRetryWaitMs = 60_000, log = () => undefined, now = Date.now } = options;
  const apiUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_API_URL).replace(/\/+$/, '');
  const [{ getOctokit }, { retry }, { throttling }, { default: Bottleneck }, fetch] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
    // The throttling plugin's own build of Bottleneck, for the groups below.
    import('bottleneck/light.js'),
    guardedFetch(apiUrl, env, options.timeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS),
  ]);
  const tally: Tally = { requests: 0, inFlight: 0, maxInFlight: 0, retried: [], stoppedBy: undefined };
  const retrying = (requestOptions: RouteOptions, reason: string, waitMs: number, retryCount: number) => {
    tally.retried.push(reason);
    log(
      `GitHub API: ${routeOf(requestOptions)} failed (${reason}); retrying in ${waitText(waitMs)} (attempt ${retryCount + 2} of ${GITHUB_ATTEMPTS}).`,
    );
  };
  const limitStatus = new WeakMap<object, number>();
  const global = new Bottleneck.Group({ maxConcurrent: GITHUB_CONCURRENCY });
  const onLimit = (kind: string) => (retryAfter: number, requestOptions: RouteOptions, _octokit: unknown, retryCount: number) => {
    const waitMs = retryAfter * 1000;
    if (retryCount + 1 >= GITHUB_ATTEMPTS || waitMs > maxRetryWaitMs) return false;
    // GitHub asks a client it has limited for one request at a time.
    if (kind === 'secondary') global.updateSettings({ maxConcurrent: 1 });
    retrying(requestOptions, `${kind} rate limit (HTTP ${limitStatus.get(requestOptions) ?? 403})`, waitMs, retryCount);
    return true;
  };
  const octokit = getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent: 'azure-openai-keyless-action',
      request: { fetch: counted(fetch, tally) },
      retry: { retries: GITHUB_ATTEMPTS - 1, doNotRetry: NOT_RETRIED_STATUSES },
      throttle: {
        // The plugin's own groups are shared by every client in the process and pace writes a second apart, for
        // clients that write in bulk; a run writes a comment or two, and its listings share this one bound.
        global,
        write: new Bottleneck.Group({ maxConcurrent: 1 }),
        notifications: new Bottleneck.Group({ maxConcurrent: 1 }),
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      } as Parameters<typeof throttling>[1]['throttle'],
    },
    retryPolicy(retrying, limitStatus) as unknown as Parameters<typeof GetOctokit>[2],
    retry,
    throttling,
  );
  return trackedClient(octokit, apiUrl, tally, (error) => rateLimitFailure(error, maxRetryWaitMs, now()));
}

/** The client as the run sees it: a rate limit that stopped a request stops the rest, and the requests are counted. */
function trackedClient(
  octokit: GithubClient['octokit'],
  apiUrl: string,
  tally: Tally,
  stopping: (error: unknown) => Error | undefined,
): GithubClient {
  octokit.hook.wrap('request', async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (error) {
      tally.stoppedBy ??= stopping(error);
      throw tally.stoppedBy ?? error;
    }
  });
  return {
    octokit,
    apiUrl,
    get requests() {
      return tally.requests;
    },
    get retried() {
      return tally.retried;
    },
    get maxInFlight() {
      return tally.maxInFlight;
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
  // A request that got no answer (a refused connection, the time limit) reaches here as Octokit's status 500.
  const answered = (error as { response?: unknown }).response !== undefined;
  const status = answered ? (error as { status?: unknown }).status : undefined;
  const data = (error as { response?: { data?: unknown } }).response?.data as { message?: string } | undefined;
  const said = typeof data?.message === 'string' ? data.message : error instanceof Error ? error.message : String(error);
  const lines: string[] = [];
  const tooLarge = findInChain(error, BodyTooLargeError);
  if (tooLarge) return new ActionFailure(`Could not ${what}: ${tooLarge.message}.`, { cause: error, topic: 'githubAnswerTooLarge' });
  const limited = findInChain(error, GithubRateLimitError);
  if (limited) {
    const topic = limited.kind === 'primary' ? 'githubPrimaryRateLimit' : 'githubSecondaryRateLimit';
    return new ActionFailure(rateLimitText(what, limited), { cause: error, topic });
  }
  if (typeof status !== 'number' || status === 500) {
    const code = networkCode(error);
    if (code) {
      lines.push(
        `Could not ${what}: the GitHub API at ${apiUrl} could not be reached (${code}).`,
        "Check GITHUB_API_URL (set by the runner; on GitHub Enterprise Server https://HOST/api/v3) and the runner's network and proxy.",
      );
      return new ActionFailure(lines.join('\n'), { cause: error, topic: 'githubUnreachable' });
    }
  }
  const answer = firstLine(said).replace(/[.:\s]+$/, '');
  lines.push(
    `Could not ${what}: GitHub answered ${typeof status === 'number' ? status : 'with an error'}: ${answer}${refusedFields(data)}.`,
  );
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
  const topic = status === 401 ? 'github401' : status === 403 ? 'github403' : status === 404 ? 'github404' : 'githubOtherError';
  return new ActionFailure(lines.join('\n'), { cause: error, topic });
}

function waitText(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.ceil(ms / 1000)} s`;
}

function rateLimitText(what: string, limited: GithubRateLimitError): string {
  const until = /\(until (\d\d:\d\d UTC)\)/.exec(limited.message)?.[1];
  return [
    `Could not ${what}: ${limited.message}.`,
    `GitHub said: ${oneLine(firstLine(limited.githubMessage), 300) || '(no message)'}`,
    limited.kind === 'primary'
      ? "The token has used up its API requests for the hour (the job's GITHUB_TOKEN gets 1,000 an hour per repository)."
      : 'Too many requests reached GitHub at once or in the last minute, from this job or others using the same token.',
    limited.tooLong
      ? `The step stops rather than hold the runner: re-run the job after ${until ?? 'the wait'}, or raise max-retry-wait to wait it out.`
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
