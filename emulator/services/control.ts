// The /_emulator/* control API, for workflows and scripts that run the emulator in another
// process (emulator/cli.ts): inspect recorded requests, queue faults, reset, change config,
// sign the fake az in or out.

import { mergeConfig } from '../config.ts';
import { isFaultService, validateFault } from '../faults.ts';
import type { Fault } from '../faults.ts';
import { sendJson } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';

function bodyObject(ctx: RequestContext): Record<string, unknown> {
  return ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Record<string, unknown>) : {};
}

export function controlRoutes(): Route[] {
  const route = (method: string, path: RegExp, handle: Route['handle']): Route => ({ service: 'control', method, path, handle });
  return [
    route('GET', /^\/_emulator\/health$/, (ctx) =>
      sendJson(ctx, 200, { status: 'ok', httpUrl: ctx.state.httpUrl, authorityHost: ctx.state.authorityHost }),
    ),
    route('GET', /^\/_emulator\/requests$/, (ctx) => {
      const service = ctx.query.service;
      // The listing request itself is still in flight: leave it out.
      const list = ctx.state.requests.filter((r) => r !== ctx.record && (!service || r.service === service));
      sendJson(ctx, 200, list);
    }),
    route('POST', /^\/_emulator\/faults$/, (ctx) => {
      const b = bodyObject(ctx);
      if (!isFaultService(b.service)) return sendJson(ctx, 400, { error: `unknown service: ${String(b.service)}` });
      const faults = Array.isArray(b.faults) ? b.faults : b.fault !== undefined ? [b.fault] : [];
      for (const f of faults) {
        const problem = validateFault(f);
        if (problem) return sendJson(ctx, 400, { error: problem });
      }
      ctx.state.faults.push(b.service, faults as Fault[]);
      sendJson(ctx, 200, { queued: faults.length, pending: ctx.state.faults.pending(b.service) });
    }),
    route('POST', /^\/_emulator\/reset$/, (ctx) => {
      ctx.state.reset();
      sendJson(ctx, 200, { status: 'reset' });
    }),
    route('GET', /^\/_emulator\/config$/, (ctx) => sendJson(ctx, 200, ctx.state.config)),
    // Deep-merges a partial config (objects merge, arrays replace).
    route('POST', /^\/_emulator\/config$/, (ctx) => {
      const next = mergeConfig(ctx.state.config, bodyObject(ctx));
      Object.assign(ctx.state.config, next);
      sendJson(ctx, 200, ctx.state.config);
    }),
    route('GET', /^\/_emulator\/env$/, (ctx) => sendJson(ctx, 200, ctx.state.env())),
    route('POST', /^\/_emulator\/az-login$/, (ctx) => {
      ctx.state.azLogin(bodyObject(ctx));
      sendJson(ctx, 200, { status: 'logged-in' });
    }),
    route('POST', /^\/_emulator\/az-logout$/, (ctx) => {
      ctx.state.azLogout();
      sendJson(ctx, 200, { status: 'logged-out' });
    }),
    route('POST', /^\/_emulator\/github-id-token$/, (ctx) => sendJson(ctx, 200, { value: ctx.state.mintGithubIdToken(bodyObject(ctx)) })),
    route('POST', /^\/_emulator\/access-token$/, (ctx) => sendJson(ctx, 200, { value: ctx.state.mintAccessToken(bodyObject(ctx)) })),
  ];
}
