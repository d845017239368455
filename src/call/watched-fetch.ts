/**
 * The fetch the model call's client is given: through the proxy when one is
 * set, every body capped (bounded-body.ts) and watched for stalls
 * (watch-body.ts), an error body read here, and a 200 that is not JSON or an
 * event stream refused, named.
 */
import { MalformedAnswerError } from './answer.ts';
import { httpFetch, proxiedFetch } from '../http-fetch.ts';
import { describeRequest, describeResponse } from './redact.ts';
import { watchBody } from './watch-body.ts';
import {
  ANSWER_MAX_BYTES,
  BodyTooLargeError,
  capResponse,
  type Cap,
  SMALL_BODY_MAX_BYTES,
  SSE_EVENT_MAX_BYTES,
  SSE_MAX_EVENTS,
  STREAM_MAX_BYTES,
  withBody,
} from '../bounded-body.ts';
import { proxyConfigured, proxyErrorOf } from '../proxy.ts';
import { oneLine } from '../secrets.ts';

/** Also keeps the last error response's raw body: Azure's 401 has no `error` wrapper, which the client drops. */
export function watchedFetch(
  options: { debug: (message: string) => void; timeoutMs: number },
  deadlineAt: number,
  now: () => number,
  streamed = false,
): { fetch: typeof fetch; lastErrorBody: () => string | undefined } {
  let lastErrorBody: string | undefined;
  const watchingFetch: typeof fetch = async (input, init) => {
    lastErrorBody = undefined;
    options.debug(describeRequest(input, init));
    const raw = proxyConfigured(process.env)
      ? await proxiedFetch(input, init).catch((error: unknown) => {
          throw proxyErrorOf(error, new URL(input instanceof Request ? input.url : String(input)), process.env) ?? error;
        })
      : await httpFetch(input, init);
    const response = watchBody(capResponse(raw, modelBodyCap(raw, streamed)), { idleMs: options.timeoutMs, deadlineAt, now });
    options.debug(describeResponse(response));
    if (!response.ok) {
      // Read here, capped, so a body too large fails as such rather than as the status it came with.
      lastErrorBody = await response.text().catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) throw error;
        return undefined;
      });
      return withBody(response, lastErrorBody ?? '');
    }
    await rejectUnexpectedContent(response);
    return response;
  };
  return { fetch: watchingFetch, lastErrorBody: () => lastErrorBody };
}

/**
 * The cap on a model call's body: an error body is small, a stream is long but made of short events. A 200
 * to a streamed request is read as a stream whatever its content type says, as the client reads it.
 */
function modelBodyCap(response: Response, streamed: boolean): Cap {
  if (!response.ok) return { maxBytes: SMALL_BODY_MAX_BYTES, source: `Azure OpenAI's ${response.status} answer` };
  if (streamed || /event-stream/i.test(response.headers.get('content-type') ?? ''))
    return {
      maxBytes: STREAM_MAX_BYTES,
      maxEventBytes: SSE_EVENT_MAX_BYTES,
      maxEvents: SSE_MAX_EVENTS,
      source: "Azure OpenAI's streamed answer",
    };
  return { maxBytes: ANSWER_MAX_BYTES, source: "Azure OpenAI's answer" };
}

/**
 * A 200 that is neither JSON nor an event stream is not Azure OpenAI talking:
 * a proxy, captive portal or firewall page. Another attempt would get the same
 * page, so it fails at once, quoting the page's title.
 */
async function rejectUnexpectedContent(response: Response): Promise<void> {
  const type = response.headers.get('content-type');
  if (!type || /json|event-stream/i.test(type)) return;
  const text = await response.text().catch(() => '');
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const snippet = oneLine(title ?? text, 160);
  const kind = /html/i.test(type) ? 'HTML' : (type.split(';')[0] ?? type).trim();
  throw new MalformedAnswerError(
    `${kind} instead of JSON`,
    `the endpoint answered ${response.status} with ${kind} instead of JSON${snippet ? `: "${snippet}"` : ''}`,
    false,
  );
}
