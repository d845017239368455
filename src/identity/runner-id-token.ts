/**
 * This job's GitHub ID token, from the runner's token service: the request
 * `core.getIDToken` makes (GET ACTIONS_ID_TOKEN_REQUEST_URL with
 * `&audience=`, the request token as bearer, the ID token in the JSON
 * answer's `value`), sent by the action's own HTTP client so that the answer
 * is capped like every other body (bounded-body.ts). It goes direct or
 * through a proxy as @actions/http-client decides for core (its getProxyUrl:
 * loopback and NO_PROXY entries with their subdomains go direct), so a runner
 * whose proxy settings served core serves this request too. Redirects are
 * not followed: the request token stays with the host the runner named.
 *
 * A failure reads as core's does ("Failed to get ID Token. Error Code : 503
 * Error Message: …"): @azure/identity keeps only the message of an error
 * from the assertion callback, and the diagnosis reads the status from it.
 * The service's own words are cut to one short line.
 *
 * Not core.getIDToken, which makes the same request: measured (bench/core-id-token.ts, bench/README.md), it
 * has no time limit (a token service that never answers holds the job), sends up to 11 requests to a
 * service answering 503, and reads the body whole with no cap.
 */
import { getProxyUrl } from '@actions/http-client';
import { BodyTooLargeError, readCapped, SMALL_BODY_MAX_BYTES } from '../bounded-body.ts';
import { httpFetch, proxiedFetch } from '../http-fetch.ts';
import { proxyErrorOf } from '../proxy.ts';
import { oneLine } from '../secrets.ts';
import type { IdTokenFetcher } from './github-id-token.ts';
import { MissingIdTokenError } from './identity-error.ts';

const SOURCE = "the runner's ID token service";
/** One request's limit; the identity step's own time limit bounds the attempts together. */
const ID_TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** The request did not get an answer: refused, reset or timed out on the way (retry-id-token.ts retries these). */
export class IdTokenConnectionError extends Error {
  constructor(message: string, cause: unknown) {
    super(`Failed to get ID Token. Error Message: ${message}`, { cause });
    this.name = 'IdTokenConnectionError';
  }
}

type Env = Record<string, string | undefined>;

/** An IdTokenFetcher for this job. */
export function runnerIdTokenFetcher(env: Env): IdTokenFetcher {
  return async (audience) => {
    const base = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!base || !requestToken) throw new MissingIdTokenError();
    const url = audience ? `${base}&audience=${encodeURIComponent(audience)}` : base;
    if (!URL.canParse(url)) throw new Error('Failed to get ID Token. Error Message: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
    const proxied = getProxyUrl(url) !== '';
    const send = proxied ? proxiedFetch : httpFetch;
    let response: Response;
    try {
      response = await send(url, {
        // core sends a user agent too; GitHub's services may refuse a request without one.
        headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json', 'user-agent': 'azure-openai-keyless-action' },
        redirect: 'manual',
        signal: AbortSignal.timeout(ID_TOKEN_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      // Named as the proxy's only when it went through one.
      const cause = (proxied ? proxyErrorOf(error, new URL(url), env) : undefined) ?? error;
      throw new IdTokenConnectionError(detail(reasonOf(cause)), cause);
    }
    const text = await readText(response);
    if (response.status >= 300 && response.status < 400) {
      const to = URL.parse(response.headers.get('location') ?? '', url)?.host ?? 'elsewhere';
      throw new Error(`Failed to get ID Token. Error Code : ${response.status}\nError Message: a redirect to ${detail(to)}, not followed`);
    }
    if (!response.ok) {
      throw new Error(`Failed to get ID Token. Error Code : ${response.status}\nError Message: ${detail(text || response.statusText)}`);
    }
    const value = idTokenOf(text);
    if (!value) throw new Error(`Failed to get ID Token. Error Code : ${response.status}\nError Message: the answer holds no ID token`);
    return value;
  };
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  try {
    return (await readCapped(response.body, { maxBytes: SMALL_BODY_MAX_BYTES, source: SOURCE })).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Error(`Failed to get ID Token. Error Message: ${error.message}`, { cause: error });
    throw new IdTokenConnectionError(detail(reasonOf(error)), error);
  }
}

function reasonOf(error: unknown): string {
  // The only abort is the time limit's (http-fetch.ts reports it as an AbortError).
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${ID_TOKEN_REQUEST_TIMEOUT_MS / 1000} s`;
  return error instanceof Error ? error.message : String(error);
}

function idTokenOf(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    const value = parsed && typeof parsed === 'object' ? (parsed as { value?: unknown }).value : undefined;
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** One line, short, scrubbed: the service's words end up in the error annotation. */
function detail(text: string): string {
  return oneLine(text, 200);
}
