// One request in: matched to its route, recorded (with how many requests to the same service
// were open when it arrived), its body read and parsed, then handled.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readBody, sendJson, splitUrl } from './http.ts';
import type { EmulatorState, RecordedRequest, RequestContext, Route } from './http.ts';
import { resourceNotFound } from './services/azure-openai.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

function findRoute(routes: Route[], method: string, path: string): { route: Route; match: RegExpExecArray } | undefined {
  for (const route of routes) {
    if (route.method !== '*' && route.method !== method) continue;
    const match = route.path.exec(path);
    if (match) return { route, match };
  }
  return undefined;
}

export function dispatcher(routes: Route[], state: EmulatorState, onRequest?: (request: RecordedRequest) => void): Handler {
  const openByService = new Map<RecordedRequest['service'], number>();
  return async (req, res) => {
    const { path, rawPath, query } = splitUrl(req.url ?? '/');
    const method = (req.method ?? 'GET').toUpperCase();
    const found = findRoute(routes, method, path);
    const service = found?.route.service ?? 'unknown';
    const open = (openByService.get(service) ?? 0) + 1;
    openByService.set(service, open);
    const record: RecordedRequest = {
      service,
      method,
      path: rawPath,
      query,
      headers: { ...req.headers },
      body: undefined,
      status: 0,
      at: Date.now(),
      concurrent: open,
    };
    state.requests.push(record);
    res.on('close', () => {
      openByService.set(service, (openByService.get(service) ?? 1) - 1);
      record.status = res.headersSent ? res.statusCode : 0;
      onRequest?.(record);
    });
    const raw = await readBody(req).catch(() => Buffer.alloc(0));
    record.body = parseBody(raw, req.headers['content-type']);
    const ctx: RequestContext = { req, res, method, path, query, rawBody: raw, body: record.body, record, state };
    if (!found) return resourceNotFound(ctx);
    try {
      await found.route.handle(ctx, found.match);
    } catch (err) {
      if (!res.headersSent) sendJson(ctx, 500, { error: { code: 'EmulatorError', message: (err as Error).message } });
      else res.destroy();
    }
  };
}
