/**
 * The `fetch` the `openai` client is given: node:http and node:https under
 * the standard fetch signature (the client's documented `fetch` option).
 *
 * Why not the global fetch: its HTTP parser is WebAssembly, and a streamed
 * answer makes it hot enough that V8 optimises it on a background thread,
 * which the process then waits for at exit. node:http parses natively, as
 * Entra's and GitHub's requests already do.
 *
 * What the client needs is all it does: method, headers, a string or byte
 * body, an AbortSignal, and a streamed Response. Bodies arrive as sent
 * (no Accept-Encoding is added). Redirects are not followed: the client
 * sees them as errors, as Azure OpenAI sends none.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** Statuses whose Response cannot have a body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export const httpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!send) {
      reject(new TypeError(`httpFetch: unsupported protocol ${url.protocol}`));
      return;
    }
    const headers = new Headers(init.headers);
    const body = bodyBytes(init.body);
    if (body !== undefined && !headers.has('content-length')) headers.set('content-length', String(body.byteLength));

    const req = send(url, { method: init.method ?? 'GET', headers: Object.fromEntries(headers) });
    let response: IncomingMessage | undefined;
    const onAbort = (): void => {
      const error = abortError(signal);
      // Once the answer has begun, the abort errors its body, as fetch's does.
      if (response) response.destroy(error);
      else req.destroy(error);
      reject(error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      response = res;
      const responseHeaders = new Headers();
      for (const [name, values] of Object.entries(res.headersDistinct))
        for (const value of values ?? []) responseHeaders.append(name, value);
      const status = res.statusCode ?? 0;
      const hasBody = !NULL_BODY_STATUSES.has(status) && (init.method ?? 'GET').toUpperCase() !== 'HEAD';
      // The abort still ends the body while it streams; it is released when the body ends.
      res.once('close', () => signal?.removeEventListener('abort', onAbort));
      if (!hasBody) res.resume();
      resolve(
        new Response(hasBody ? (Readable.toWeb(res) as ReadableStream<Uint8Array>) : null, {
          status,
          statusText: res.statusMessage ?? '',
          headers: responseHeaders,
        }),
      );
    });
    req.end(body);
  });

function bodyBytes(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError('httpFetch: only string and byte bodies are supported');
}

function abortError(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error && signal.reason.name !== 'TimeoutError'
    ? signal.reason
    : new DOMException('This operation was aborted', 'AbortError');
}

/** One agent for the process, made at the first proxied request: its connections are pooled for every later one. */
const proxyAgent = lazily(async (): Promise<Dispatcher> => {
  // undici is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const { EnvHttpProxyAgent } = (await import('undici')).default;
  return new EnvHttpProxyAgent();
});

/** `make`'s value, made on the first call and the same for every later one. */
function lazily<T>(make: () => T): () => T {
  const made: T[] = [];
  return () => {
    if (made.length === 0) made.push(make());
    return made[0] as T;
  };
}

/**
 * The same fetch through HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY (either
 * case): undici's, with its EnvHttpProxyAgent, used only when a proxy is set.
 */
export const proxiedFetch: typeof fetch = async (input, init) => {
  // undici is CommonJS: its exports are the default export's, under Node and in the bundle alike.
  const { fetch: undiciFetch } = (await import('undici')).default;
  const dispatcher = await proxyAgent();
  const url = input instanceof Request ? input.url : String(input);
  const response = await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher });
  return response as unknown as Response;
};
