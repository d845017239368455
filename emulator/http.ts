// Shared plumbing: request context, per-service route tables, recording, cancellable sleeps and
// the transport-level faults every service honours (status, reset, delay, garbage...).

import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorConfig, AzSession } from './config.ts';
import { echoRequest, type Fault, type FaultQueue } from './faults.ts';
import { sendHugeBody } from './huge-body.ts';
import type { Claims, JwtSigner } from './jwt.ts';
import type { PromptCache } from './services/openai/prompt-cache.ts';

export type ServiceName = 'entra' | 'github-oidc' | 'imds' | 'az' | 'openai' | 'github-api' | 'control' | 'unknown';

export interface RecordedRequest {
  service: ServiceName;
  method: string;
  path: string; // as received, without the query string
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown; // parsed JSON, form object, raw string, or undefined when empty
  status: number; // 0 when the socket was destroyed before any response
  at: number; // epoch ms when the request arrived
  concurrent: number; // requests to the same service open when it arrived, itself included
}

// Everything a service handler may touch.
export interface EmulatorState {
  config: EmulatorConfig;
  httpUrl: string;
  authorityHost: string;
  githubSigner: JwtSigner;
  entraSigner: JwtSigner;
  faults: FaultQueue;
  lifecycle: Lifecycle;
  requests: RecordedRequest[];
  /** Azure OpenAI's prompt cache, emptied by reset(). */
  promptCache: PromptCache;
  reset(): void;
  env(): Record<string, string>;
  azLogin(session?: Partial<AzSession>): void;
  azLogout(): void;
  mintGithubIdToken(claims?: Claims): string;
  mintAccessToken(claims?: Claims): string;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string; // normalised (see splitUrl)
  query: Record<string, string>;
  rawBody: Buffer;
  body: unknown;
  record: RecordedRequest;
  state: EmulatorState;
}

export interface Route {
  service: ServiceName;
  method: string; // '*' for any
  path: RegExp;
  handle(ctx: RequestContext, match: RegExpExecArray): Promise<void> | void;
}

// Sleeps that stop() can cancel, so a delayed or stalled response never keeps the process alive.
export class Lifecycle {
  stopped = false;
  private waits = new Set<{ timer: NodeJS.Timeout; resolve: (finished: boolean) => void }>();

  // Resolves true after ms, or false at once if the emulator stops meanwhile.
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.waits.delete(entry);
          resolve(true);
        }, ms),
        resolve,
      };
      this.waits.add(entry);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.waits) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
    this.waits.clear();
  }
}

// `path` is what routes match: repeated slashes collapsed and one trailing slash dropped, because
// MSAL builds the IMDS URL as `${AZURE_POD_IDENTITY_AUTHORITY_HOST}/metadata/identity/oauth2/token`
// and then normalises it with a trailing slash (so `//metadata/identity/oauth2/token/` arrives).
// `rawPath` is kept for the record.
export function splitUrl(rawUrl: string): { path: string; rawPath: string; query: Record<string, string> } {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const search = q === -1 ? '' : rawUrl.slice(q + 1);
  let path = rawPath.replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  try {
    path = decodeURI(path);
  } catch {
    // keep the undecoded path
  }
  return { path, rawPath, query: Object.fromEntries(new URLSearchParams(search)) };
}

export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (ct.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function header(ctx: RequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function isGone(ctx: RequestContext): boolean {
  return ctx.res.destroyed || ctx.res.writableEnded || ctx.state.lifecycle.stopped;
}

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (isGone(ctx)) return;
  const text = JSON.stringify(body);
  ctx.res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  ctx.res.end(text);
}

export function sendText(
  ctx: RequestContext,
  status: number,
  text: string,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (isGone(ctx)) return;
  ctx.res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)), ...headers });
  ctx.res.end(text);
}

export function destroySocket(ctx: RequestContext): void {
  ctx.req.socket.destroy();
}

const GARBAGE_PAGE = `<!DOCTYPE html>
<html><head><title>Network Access Message</title></head>
<body><h1>The page cannot be displayed</h1>
<p>Explanation: The request was blocked by the corporate web proxy. Please contact your administrator.</p>
</body></html>
`;

export interface FaultDefaults {
  // The service's own error body and headers for a bare { kind: 'status', status }.
  statusBody(status: number, fault: Extract<Fault, { kind: 'status' }>): { body: unknown; headers?: Record<string, string> };
  headers?: () => Record<string, string>; // headers every response of the service carries
}

// Applies the faults that mean the same for every service. Returns true when the response was
// taken over (answered, reset or emulator stopping); false to continue normal handling.
export async function applyTransportFault(ctx: RequestContext, fault: Fault | undefined, defaults: FaultDefaults): Promise<boolean> {
  if (!fault) return false;
  const common = defaults.headers?.() ?? {};
  switch (fault.kind) {
    case 'delay': {
      const ok = await ctx.state.lifecycle.sleep(fault.ms);
      return !ok || isGone(ctx);
    }
    case 'reset':
      destroySocket(ctx);
      return true;
    case 'reset-mid-body': {
      const partial = `{"id":"${randomUUID()}","object":"partial","data":[`;
      ctx.res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(partial.length * 4), ...common });
      ctx.res.write(partial);
      // Give the headers and the first bytes a moment to leave, then cut.
      const ok = await ctx.state.lifecycle.sleep(20);
      if (ok) destroySocket(ctx);
      return true;
    }
    case 'huge-body':
      await sendHugeBody(ctx.res, fault, common, () => isGone(ctx));
      return true;
    case 'recorded':
      sendRecorded(ctx, fault);
      return true;
    case 'garbage':
      sendText(ctx, 200, GARBAGE_PAGE, 'text/html; charset=utf-8', common);
      return true;
    case 'status': {
      const d = defaults.statusBody(fault.status, fault);
      const headers: Record<string, string> = { ...common, ...(d.headers ?? {}) };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      if (fault.retryAfterMs !== undefined) {
        headers['retry-after-ms'] = String(fault.retryAfterMs);
        if (fault.retryAfter === undefined) headers['retry-after'] = String(Math.ceil(fault.retryAfterMs / 1000));
      }
      Object.assign(headers, fault.headers ?? {});
      const body = echoRequest(fault.body !== undefined ? fault.body : d.body, {
        authorization: header(ctx, 'authorization') ?? '',
        body: ctx.rawBody.toString('utf8'),
      });
      if (typeof body === 'string') sendText(ctx, fault.status, body, headers['content-type'] ?? 'text/plain; charset=utf-8', headers);
      else sendJson(ctx, fault.status, body, headers);
      return true;
    }
    default:
      return false;
  }
}

export const uuid = (): string => randomUUID();

/** A recorded answer verbatim: status, headers (but those this server frames), body; ended unless held open (until the client goes). */
export function sendRecorded(ctx: RequestContext, fault: Extract<Fault, { kind: 'recorded' }>): void {
  const framing = new Set(['content-length', 'transfer-encoding', 'connection']);
  const headers = Object.fromEntries(Object.entries(fault.headers ?? {}).filter(([name]) => !framing.has(name.toLowerCase())));
  ctx.res.writeHead(fault.status, headers);
  if (fault.holdOpen) ctx.res.write(fault.body);
  else ctx.res.end(fault.body);
}
