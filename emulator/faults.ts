// Fault types and the per-request fault queue.
// In a `reply` fault's content and a `status` fault's body, {{request.authorization}} and {{request.body}}
// become the request's Authorization header and raw body: a gateway or service that echoes what it was sent.
// A queued fault is consumed by exactly one request of its service (in order), so a test
// can script "first call 429, second call succeeds" without timing tricks.

/**
 * Which request a queued fault is for (GitHub API only): the first request whose path ends with `path`
 * and whose query has every `query` value. A fault without it is for the service's next request.
 */
export interface FaultTarget {
  path?: string;
  query?: Record<string, string>;
  /** Only requests of this method (a GET and a POST of one path are different endpoints). */
  method?: string;
}

export type Fault = FaultKind & { when?: FaultTarget };

type FaultKind =
  // Answer with this status. Bodies default to the service's real error shape
  // (Azure OpenAI 429 with code "429" and "Please retry after N seconds", 500/503 bodies...).
  | {
      kind: 'status';
      status: number;
      retryAfterMs?: number;
      retryAfter?: string;
      body?: unknown;
      headers?: Record<string, string>;
      // 429 only: where the wait is stated (both retry headers by default; only the message; only
      // x-ratelimit-reset-tokens), in whose words, and how long (recorded-shapes.ts).
      waitIn?: 'headers' | 'message' | 'reset-tokens';
      wording?: 'quota' | 'daily' | 'gateway';
      waitSeconds?: number;
    }
  // Serve a recorded answer verbatim: its status, headers and body (the replay suite); with holdOpen, the
  // connection is kept open after the body, as a gateway that never closes a finished stream keeps it.
  | { kind: 'recorded'; status: number; headers?: Record<string, string>; body: string; holdOpen?: boolean }
  // Azure OpenAI only: the asynchronous filter's shape (finish_reason "stop", then trailing annotations with
  // offsets; on the Responses API, content_filters), flagging `flag` (a category) filtered when given.
  | { kind: 'content-filter-async'; flag?: string }
  // Destroy the socket before any byte of the response.
  | { kind: 'reset' }
  // Send 200 headers and part of a JSON body, then destroy the socket.
  | { kind: 'reset-mid-body' }
  // Answer with `status` (default 200) and a body of `bytes` bytes, generated as the client reads
  // it and stopped when it disconnects: an unterminated JSON string, server-sent events whose
  // deltas carry text, or one server-sent event line that never ends.
  | { kind: 'huge-body'; bytes: number; status?: number; shape?: 'json' | 'sse' | 'sse-one-line' }
  // Hold the response headers for `ms`, then answer normally.
  | { kind: 'delay'; ms: number }
  // 200 with an HTML page (a captive portal / proxy error page).
  | { kind: 'garbage' }
  // Azure OpenAI only: shape the successful answer.
  | { kind: 'no-choices' }
  | { kind: 'content-filter-prompt' }
  | { kind: 'content-filter-completion' }
  | { kind: 'length' }
  // Azure OpenAI only: answer with this content instead of the deployment's reply (JSON, fenced JSON, prose...),
  // optionally with this model name and finish reason (a hostile gateway's strings).
  | { kind: 'reply'; content: string; model?: string; finishReason?: string }
  // Azure OpenAI streaming only: after `afterChunks` SSE events, stop sending but keep the
  // socket open (stall) or destroy it (cut). Without stream:true they act like reset-mid-body.
  | { kind: 'stall-stream'; afterChunks: number }
  | { kind: 'cut-stream'; afterChunks: number }
  // Entra (and the az route, which fronts Entra): answer with this AADSTS error.
  | { kind: 'aadsts'; code: number; status?: number; error?: string; message?: string };

export type FaultService = 'entra' | 'github-oidc' | 'imds' | 'az' | 'openai' | 'github-api';

const FAULT_SERVICES: readonly FaultService[] = ['entra', 'github-oidc', 'imds', 'az', 'openai', 'github-api'];

export function isFaultService(name: unknown): name is FaultService {
  return typeof name === 'string' && (FAULT_SERVICES as readonly string[]).includes(name);
}

const KINDS = new Set([
  'status',
  'reset',
  'reset-mid-body',
  'huge-body',
  'delay',
  'garbage',
  'no-choices',
  'content-filter-prompt',
  'content-filter-completion',
  'length',
  'stall-stream',
  'cut-stream',
  'aadsts',
  'reply',
  'recorded',
  'content-filter-async',
]);

// Validation for faults arriving over the control API (JSON from another process).
export function validateFault(fault: unknown): string | null {
  if (!fault || typeof fault !== 'object') return 'a fault must be an object';
  const kind = (fault as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return `unknown fault kind: ${String(kind)}`;
  const o = fault as Record<string, unknown>;
  if (kind === 'status' && typeof o.status !== 'number') return "a 'status' fault needs a numeric status";
  if (kind === 'huge-body' && typeof o.bytes !== 'number') return "a 'huge-body' fault needs numeric bytes";
  if (kind === 'delay' && typeof o.ms !== 'number') return "a 'delay' fault needs numeric ms";
  if ((kind === 'stall-stream' || kind === 'cut-stream') && typeof o.afterChunks !== 'number')
    return `a '${kind}' fault needs numeric afterChunks`;
  if (kind === 'aadsts' && typeof o.code !== 'number') return "an 'aadsts' fault needs a numeric code";
  if (kind === 'reply' && typeof o.content !== 'string') return "a 'reply' fault needs content (a string)";
  if (kind === 'recorded' && (typeof o.status !== 'number' || typeof o.body !== 'string'))
    return "a 'recorded' fault needs a numeric status and a body (a string)";
  if (o.when !== undefined) {
    const when: unknown = o.when;
    if (!when || typeof when !== 'object') return "a fault's 'when' must be an object";
    const { path, query, method } = when as { path?: unknown; query?: unknown; method?: unknown };
    if (path !== undefined && typeof path !== 'string') return "a fault's when.path must be a string";
    if (method !== undefined && typeof method !== 'string') return "a fault's when.method must be a string";
    if (query !== undefined && (typeof query !== 'object' || query === null || Object.values(query).some((v) => typeof v !== 'string')))
      return "a fault's when.query must map names to strings";
  }
  return null;
}

export class FaultQueue {
  private queues = new Map<FaultService, Fault[]>();

  push(service: FaultService, faults: Fault[]): void {
    const q = this.queues.get(service) ?? [];
    q.push(...faults);
    this.queues.set(service, q);
  }

  /** The first queued fault for this request: one with a target only when `request` is given and matches it. */
  take(service: FaultService, request?: { path: string; query: Record<string, string>; method?: string }): Fault | undefined {
    const queue = this.queues.get(service);
    if (!queue) return undefined;
    const index = queue.findIndex((fault) => !fault.when || (request !== undefined && targets(fault.when, request)));
    return index === -1 ? undefined : queue.splice(index, 1)[0];
  }

  pending(service: FaultService): number {
    return this.queues.get(service)?.length ?? 0;
  }

  clear(): void {
    this.queues.clear();
  }
}

function targets(when: FaultTarget, request: { path: string; query: Record<string, string>; method?: string }): boolean {
  if (when.path !== undefined && !request.path.endsWith(when.path)) return false;
  if (when.method !== undefined && request.method !== when.method) return false;
  return Object.entries(when.query ?? {}).every(([name, value]) => request.query[name] === value);
}

/**
 * Replaces the echo placeholders with what the request carried, in a string or every string of a JSON body.
 * `{{request.token-split}}` is the bearer token with a zero-width space after every `ey` (an echo meant to
 * slip past a filter), `{{request.token-base64}}` the token base64-encoded after a few bytes of other text.
 */
export function echoRequest<T>(value: T, request: { authorization: string; body: string }): T {
  const token = request.authorization.replace(/^Bearer\s+/i, '');
  const fill = (text: string): string =>
    text
      .replaceAll('{{request.authorization}}', request.authorization)
      .replaceAll('{{request.token-split}}', token.replaceAll('ey', 'ey\u200B'))
      .replaceAll('{{request.token-base64}}', Buffer.from(`token=${token};`).toString('base64'))
      .replaceAll('{{request.body}}', request.body);
  if (typeof value === 'string') return fill(value) as T;
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) => (typeof v === 'string' ? fill(v) : v)) as T;
}
