/**
 * Debug lines for the model call's HTTP traffic, with credentials redacted.
 * Tokens are masked by the runner as well, but a debug line must be safe on
 * its own: it may be copied into an issue, or a mask may miss a re-encoding.
 */

/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set(['authorization', 'api-key', 'proxy-authorization', 'cookie', 'set-cookie', 'x-ms-client-secret']);

export function redactHeaders(headers: ConstructorParameters<typeof Headers>[0]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new Headers(headers ?? {})) {
    out[name] = SECRET_HEADERS.has(name) ? redactValue(value) : value;
  }
  return out;
}

/** Keeps the scheme word of an Authorization value ("Bearer"), drops the credential. */
function redactValue(value: string): string {
  const scheme = /^(\w+)\s+\S/.exec(value)?.[1];
  return scheme ? `${scheme} [redacted]` : '[redacted]';
}

export function describeRequest(input: string | URL | Request, init: RequestInit | undefined): string {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const body = init?.body;
  const size = typeof body === 'string' ? ` (${Buffer.byteLength(body)} bytes of JSON)` : '';
  return `HTTP request: ${method} ${url} headers ${JSON.stringify(redactHeaders(init?.headers))}${size}`;
}

export function describeResponse(response: Response): string {
  const id = response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? 'none';
  return `HTTP response: ${response.status} ${response.headers.get('content-type') ?? '(no content type)'}, request id ${id}`;
}
