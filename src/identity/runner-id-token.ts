/**
 * This job's GitHub ID token, from the runner's token service: the request
 * `core.getIDToken` makes (GET ACTIONS_ID_TOKEN_REQUEST_URL with
 * `&audience=`, the request token as bearer, the ID token in the JSON
 * answer's `value`), sent by the action's own HTTP client so that the answer
 * is capped like every other body (bounded-body.ts) and routed by the one
 * proxy rule (proxy.ts); as @actions/http-client does, a token service on a
 * loopback address is reached direct.
 *
 * A failure reads as core's does ("Failed to get ID Token. Error Code : 503
 * Error Message: …"): @azure/identity keeps only the message of an error
 * from the assertion callback, and retry-id-token.ts and the diagnosis read
 * the status from it. The service's own words are cut to one short line.
 */
import { BodyTooLargeError, readCapped, SMALL_BODY_MAX_BYTES } from '../bounded-body.ts';
import { httpFetch, proxiedFetch } from '../http-fetch.ts';
import { proxyErrorOf, proxyRoute } from '../proxy.ts';
import { oneLine } from '../secrets.ts';
import type { IdTokenFetcher } from './github-id-token.ts';
import { MissingIdTokenError } from './identity-error.ts';

const SOURCE = "the runner's ID token service";
const LOOPBACK_HOST = /^(?:localhost|127\.|\[::1\])/i;

type Env = Record<string, string | undefined>;

/** An IdTokenFetcher for this job; `fetchImpl` is for tests (the proxy rule picks it otherwise). */
export function runnerIdTokenFetcher(env: Env, fetchImpl?: typeof fetch): IdTokenFetcher {
  return async (audience) => {
    const base = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!base || !requestToken) throw new MissingIdTokenError();
    const url = audience ? `${base}&audience=${encodeURIComponent(audience)}` : base;
    const direct = LOOPBACK_HOST.test(new URL(url).hostname) || proxyRoute(new URL(url), env) === undefined;
    const send = fetchImpl ?? (direct ? httpFetch : proxiedFetch);
    let response: Response;
    try {
      response = await send(url, {
        // core sends a user agent too; GitHub's services may refuse a request without one.
        headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json', 'user-agent': 'azure-openai-keyless-action' },
      });
    } catch (error) {
      const cause = proxyErrorOf(error, new URL(url), env) ?? error;
      throw new Error(`Failed to get ID Token. Error Message: ${detail(cause instanceof Error ? cause.message : String(cause))}`, {
        cause,
      });
    }
    const text = await readText(response);
    if (!response.ok) {
      throw new Error(`Failed to get ID Token. Error Code : ${response.status}\nError Message: ${detail(text || response.statusText)}`);
    }
    const value = idTokenOf(text);
    if (!value) throw new Error(`Failed to get ID Token. Error Message: ${SOURCE} answered ${response.status} without an ID token`);
    return value;
  };
}

async function readText(response: Response): Promise<string> {
  if (!response.body) return '';
  try {
    return (await readCapped(response.body, { maxBytes: SMALL_BODY_MAX_BYTES, source: SOURCE })).toString('utf8');
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw new Error(`Failed to get ID Token. Error Message: ${error.message}`, { cause: error });
    throw new Error(`Failed to get ID Token. Error Message: ${detail(error instanceof Error ? error.message : String(error))}`, {
      cause: error,
    });
  }
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
