// What every GitHub API route shares: GitHub's error shape and headers, authentication, the
// repository lookup, media types, pagination, and the latency and faults every request goes through.

import type { FixtureRepo } from '../../fixtures/github-repos.ts';
import { applyTransportFault, header, sendJson } from '../../http.ts';
import type { RequestContext, Route } from '../../http.ts';
import { PRIMARY_LIMIT_MESSAGE, RATE_LIMIT_DOCS, spendRateLimit } from './rate-limit.ts';

export const GITHUB_API_PREFIX = '/api/v3';
export const DOCS = 'https://docs.github.com/rest';
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;

const DIFF_TYPES = new Set(['application/vnd.github.diff', 'application/vnd.github.v3.diff']);
const PATCH_TYPES = new Set(['application/vnd.github.patch', 'application/vnd.github.v3.patch']);

type Access = 'write' | 'read';

/** Comments made with the job's token are authored by the GitHub Actions app. */
export const COMMENTER = { login: 'github-actions[bot]', type: 'Bot' as const };

export function error(
  ctx: RequestContext,
  status: number,
  message: string,
  documentation: string,
  extra: Record<string, unknown> = {},
): void {
  sendJson(ctx, status, { message, ...extra, documentation_url: documentation, status: String(status) }, commonHeaders());
}

export function commonHeaders(): Record<string, string> {
  return {
    'x-github-request-id': `EMU:${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
    'x-github-api-version-selected': '2022-11-28',
  };
}

/** Authenticates `Authorization: Bearer|token <t>`; answers 401 itself and returns undefined then. */
export function authenticate(ctx: RequestContext): Access | undefined | 'anonymous' {
  const cfg = ctx.state.config.githubApi;
  const auth = header(ctx, 'authorization');
  if (!auth) return 'anonymous';
  const m = /^(?:Bearer|token)\s+(\S+)$/i.exec(auth.trim());
  if (m?.[1] === cfg.token) return 'write';
  if (m?.[1] === cfg.readOnlyToken) return 'read';
  error(ctx, 401, 'Bad credentials', DOCS);
  return undefined;
}

export interface Found {
  name: string;
  repo: FixtureRepo;
  access: Access | 'anonymous';
}

function findRepo(ctx: RequestContext, owner: string, name: string): Found | undefined {
  const access = authenticate(ctx);
  if (access === undefined) return undefined;
  const full = `${owner}/${name}`;
  const repo = Object.entries(ctx.state.config.githubApi.repos).find(([key]) => key.toLowerCase() === full.toLowerCase());
  // GitHub answers 404 (not 403) for a private repository the caller cannot see.
  if (!repo || (repo[1].private && access === 'anonymous')) {
    error(ctx, 404, 'Not Found', DOCS);
    return undefined;
  }
  return { name: repo[0], repo: repo[1], access };
}

export function canWrite(ctx: RequestContext, found: Found, documentation: string): boolean {
  if (found.access === 'write') return true;
  if (found.access === 'anonymous') error(ctx, 401, 'Requires authentication', documentation);
  else error(ctx, 403, 'Resource not accessible by integration', documentation);
  return false;
}

export function wantsMediaType(ctx: RequestContext): 'json' | 'diff' | 'patch' | 'unsupported' {
  const accept = (header(ctx, 'accept') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => (s.split(';')[0] ?? '').trim());
  if (accept.some((a) => DIFF_TYPES.has(a))) return 'diff';
  if (accept.some((a) => PATCH_TYPES.has(a))) return 'patch';
  if (accept.length === 0 || accept.some((a) => a === '' || a === '*/*' || a.includes('json'))) return 'json';
  return 'unsupported';
}

export function page(ctx: RequestContext): { page: number; perPage: number } {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(ctx.query.per_page) || DEFAULT_PER_PAGE));
  const pageNo = Math.max(1, Number(ctx.query.page) || 1);
  return { page: pageNo, perPage };
}

/** Sends one page of `items` with GitHub's Link header (absolute URLs, the request's own prefix kept). */
export function sendPage<T>(ctx: RequestContext, items: T[], map: (item: T) => unknown): void {
  const { page: pageNo, perPage } = page(ctx);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (pageNumber: number) => {
    const query = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(pageNumber) });
    return `${ctx.state.httpUrl}${ctx.record.path}?${query.toString()}`;
  };
  // GitHub's order: prev, next, last, first (docs.github.com, "Using pagination in the REST API").
  const rels: string[] = [];
  if (pageNo > 1) rels.push(`<${link(pageNo - 1)}>; rel="prev"`);
  if (pageNo < last) rels.push(`<${link(pageNo + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (pageNo > 1) rels.push(`<${link(1)}>; rel="first"`);
  sendJson(ctx, 200, slice.map(map), { ...commonHeaders(), ...(rels.length ? { link: rels.join(', ') } : {}) });
}

export function apiUrl(ctx: RequestContext, path: string): string {
  return `${ctx.state.httpUrl}${GITHUB_API_PREFIX}${path}`;
}

export function user(login: string, type: 'Bot' | 'User' = login.endsWith('[bot]') ? 'Bot' : 'User') {
  return { login, id: Math.abs(Array.from(login).reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7)), type };
}

/**
 * What every request goes through first: the configured latency (GitHub answering after N ms), then a
 * queued fault for it. A bare 429, or a 403 with retry-after, is GitHub's secondary rate limit
 * (docs.github.com, "Rate limits for the REST API": 403 or 429, a message naming it, retry-after when known).
 * True when the response was taken over.
 */
export async function prelude(ctx: RequestContext): Promise<boolean> {
  const latency = ctx.state.config.githubApi.latencyMs;
  if (latency > 0 && !(await ctx.state.lifecycle.sleep(latency))) return true;
  if (spendRateLimit(ctx)) {
    error(ctx, 403, PRIMARY_LIMIT_MESSAGE, RATE_LIMIT_DOCS);
    return true;
  }
  const fault = ctx.state.faults.take('github-api', { path: ctx.path, query: ctx.query, method: ctx.record.method });
  const statusBody = (status: number, fault: { retryAfter?: string; retryAfterMs?: number }) =>
    status === 429 || (status === 403 && (fault.retryAfter !== undefined || fault.retryAfterMs !== undefined))
      ? {
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID EMU:0000:0000.',
            documentation_url:
              'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: String(status),
          },
        }
      : { body: { message: status >= 500 ? 'Server Error' : 'Error', status: String(status) } };
  return applyTransportFault(ctx, fault, { statusBody, headers: commonHeaders });
}

/** A route under /repos/{owner}/{repo} (and GHES's /api/v3 prefix): latency and faults, then the repository found. */
export function repoRoute(
  method: string,
  path: string,
  handle: (ctx: RequestContext, found: Found, match: RegExpExecArray) => void,
): Route {
  return {
    service: 'github-api',
    method,
    path: new RegExp(`^(?:/api/v3)?/repos/([^/]+)/([^/]+)${path}$`),
    async handle(ctx, match) {
      if (await prelude(ctx)) return;
      const found = findRepo(ctx, match[1] ?? '', match[2] ?? '');
      if (!found) return;
      handle(ctx, found, match);
    },
  };
}
