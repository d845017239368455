// GitHub REST API (github.com and GitHub Enterprise Server shape): the endpoints the action's
// workflow-context variables and PR comments use, served from the fixture repositories in
// config.githubApi.repos (emulator/fixtures/github-repos.ts). Routes answer both at the root
// (github.com: https://api.github.com/repos/...) and under /api/v3 (GHES), which is what
// env() points GITHUB_API_URL at, so a path prefix is exercised on every run.
//
// Checks in GitHub's order: route -> authentication (401) -> repository visibility (404) ->
// media type (406) -> write permission (403) -> validation (422).

import type { FixtureComment, FixtureCommit, FixtureFile, FixturePull, FixtureRelease, FixtureRepo } from '../fixtures/github-repos.ts';
import { applyTransportFault, header, sendJson, sendText } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';

export const GITHUB_API_PREFIX = '/api/v3';
const DOCS = 'https://docs.github.com/rest';
/** Issue and pull request comments: GitHub refuses a longer body with 422. */
export const MAX_COMMENT_CHARACTERS = 65536;
const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 30;
/** The files endpoint lists at most 3000 files of a pull request. */
const MAX_PULL_FILES = 3000;
/** "Lists a maximum of 250 commits for a pull request" (docs.github.com, List commits on a pull request). */
const MAX_PULL_COMMITS = 250;
/** Compare lists at most 250 commits without pagination. */
const MAX_COMPARE_COMMITS = 250;

const DIFF_TYPES = new Set(['application/vnd.github.diff', 'application/vnd.github.v3.diff']);
const PATCH_TYPES = new Set(['application/vnd.github.patch', 'application/vnd.github.v3.patch']);

type Access = 'write' | 'read';

function error(ctx: RequestContext, status: number, message: string, documentation: string, extra: Record<string, unknown> = {}): void {
  sendJson(ctx, status, { message, ...extra, documentation_url: documentation, status: String(status) }, commonHeaders());
}

function commonHeaders(): Record<string, string> {
  return {
    'x-github-request-id': `EMU:${Math.random().toString(16).slice(2, 10).toUpperCase()}`,
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-resource': 'core',
  };
}

/** Authenticates `Authorization: Bearer|token <t>`; answers 401 itself and returns undefined then. */
function authenticate(ctx: RequestContext): Access | undefined | 'anonymous' {
  const cfg = ctx.state.config.githubApi;
  const auth = header(ctx, 'authorization');
  if (!auth) return 'anonymous';
  const m = /^(?:Bearer|token)\s+(\S+)$/i.exec(auth.trim());
  if (m?.[1] === cfg.token) return 'write';
  if (m?.[1] === cfg.readOnlyToken) return 'read';
  error(ctx, 401, 'Bad credentials', DOCS);
  return undefined;
}

interface Found {
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

function canWrite(ctx: RequestContext, found: Found, documentation: string): boolean {
  if (found.access === 'write') return true;
  if (found.access === 'anonymous') error(ctx, 401, 'Requires authentication', documentation);
  else error(ctx, 403, 'Resource not accessible by integration', documentation);
  return false;
}

function wantsMediaType(ctx: RequestContext): 'json' | 'diff' | 'patch' | 'unsupported' {
  const accept = (header(ctx, 'accept') ?? '')
    .toLowerCase()
    .split(',')
    .map((s) => (s.split(';')[0] ?? '').trim());
  if (accept.some((a) => DIFF_TYPES.has(a))) return 'diff';
  if (accept.some((a) => PATCH_TYPES.has(a))) return 'patch';
  if (accept.length === 0 || accept.some((a) => a === '' || a === '*/*' || a.includes('json'))) return 'json';
  return 'unsupported';
}

function page(ctx: RequestContext): { page: number; perPage: number } {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, Number(ctx.query.per_page) || DEFAULT_PER_PAGE));
  const pageNo = Math.max(1, Number(ctx.query.page) || 1);
  return { page: pageNo, perPage };
}

/** Sends one page of `items` with GitHub's Link header (absolute URLs, the request's own prefix kept). */
function sendPage<T>(ctx: RequestContext, items: T[], map: (item: T) => unknown): void {
  const { page: pageNo, perPage } = page(ctx);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const link = (n: number) => {
    const query = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(n) });
    return `${ctx.state.httpUrl}${ctx.record.path}?${query.toString()}`;
  };
  // GitHub's order: prev, next, last, first (docs.github.com, "Using pagination in the REST API").
  const rels: string[] = [];
  if (pageNo > 1) rels.push(`<${link(pageNo - 1)}>; rel="prev"`);
  if (pageNo < last) rels.push(`<${link(pageNo + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
  if (pageNo > 1) rels.push(`<${link(1)}>; rel="first"`);
  sendJson(ctx, 200, slice.map(map), { ...commonHeaders(), ...(rels.length ? { link: rels.join(', ') } : {}) });
}

function apiUrl(ctx: RequestContext, path: string): string {
  return `${ctx.state.httpUrl}${GITHUB_API_PREFIX}${path}`;
}

function user(login: string, type: 'Bot' | 'User' = login.endsWith('[bot]') ? 'Bot' : 'User') {
  return { login, id: Math.abs(Array.from(login).reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7)), type };
}

function commitJson(ctx: RequestContext, repoName: string, c: FixtureCommit) {
  return {
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 12)}`,
    url: apiUrl(ctx, `/repos/${repoName}/commits/${c.sha}`),
    html_url: `https://github.com/${repoName}/commit/${c.sha}`,
    commit: {
      message: c.message,
      author: { name: c.author.name, email: c.author.email, date: c.author.date },
      committer: { name: 'GitHub', email: 'noreply@github.com', date: c.author.date },
    },
    author: c.author.login ? user(c.author.login) : null,
    committer: user('web-flow'),
    parents: [],
  };
}

function fileJson(repoName: string, sha: string, f: FixtureFile) {
  return {
    sha: sha.slice(0, 7) + f.filename.length.toString(16).padStart(33, '0'),
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `https://github.com/${repoName}/blob/${sha}/${f.filename}`,
    raw_url: `https://github.com/${repoName}/raw/${sha}/${f.filename}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
  };
}

/** The unified diff GitHub serves for a pull request or a comparison. */
export function unifiedDiff(files: FixtureFile[]): string {
  const parts: string[] = [];
  for (const f of files) {
    const from = f.previous_filename ?? f.filename;
    const lines = [`diff --git a/${from} b/${f.filename}`];
    if (f.status === 'added') lines.push('new file mode 100644');
    if (f.status === 'removed') lines.push('deleted file mode 100644');
    lines.push(`index 1111111..2222222${f.status === 'added' || f.status === 'removed' ? '' : ' 100644'}`);
    if (f.patch === undefined) {
      lines.push(
        `Binary files ${f.status === 'added' ? '/dev/null' : `a/${from}`} and ${f.status === 'removed' ? '/dev/null' : `b/${f.filename}`} differ`,
      );
    } else {
      lines.push(
        `--- ${f.status === 'added' ? '/dev/null' : `a/${from}`}`,
        `+++ ${f.status === 'removed' ? '/dev/null' : `b/${f.filename}`}`,
        f.patch,
      );
    }
    parts.push(`${lines.join('\n')}\n`);
  }
  return parts.join('');
}

function diffTooLarge(ctx: RequestContext, files: FixtureFile[]): boolean {
  const cfg = ctx.state.config.githubApi;
  const documentation = 'https://docs.github.com/rest/pulls/pulls#list-pull-requests-files';
  const errors = [{ resource: 'PullRequest', field: 'diff', code: 'too_large' }];
  if (files.length > cfg.diffMaxFiles) {
    error(
      ctx,
      406,
      `Sorry, the diff exceeded the maximum number of files (${cfg.diffMaxFiles}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      documentation,
      { errors },
    );
    return true;
  }
  const lines = files.reduce((n, f) => n + (f.patch?.split('\n').length ?? 0), 0);
  if (lines > cfg.diffMaxLines) {
    error(
      ctx,
      406,
      `Sorry, the diff exceeded the maximum number of lines (${cfg.diffMaxLines}). Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      documentation,
      { errors },
    );
    return true;
  }
  return false;
}

function pullJson(ctx: RequestContext, repoName: string, repo: FixtureRepo, pr: FixturePull) {
  const repoJson = (full: string | null) =>
    full === null
      ? null
      : {
          full_name: full,
          name: full.split('/')[1],
          owner: user(full.split('/')[0] ?? ''),
          fork: full !== repoName,
          private: repo.private,
        };
  const additions = pr.files.reduce((n, f) => n + f.additions, 0);
  const deletions = pr.files.reduce((n, f) => n + f.deletions, 0);
  const headOwner = (pr.head.repo ?? repoName).split('/')[0] ?? '';
  return {
    url: apiUrl(ctx, `/repos/${repoName}/pulls/${pr.number}`),
    html_url: `https://github.com/${repoName}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    title: pr.title,
    body: pr.body,
    draft: pr.draft,
    user: user(pr.user),
    base: { label: `${repoName.split('/')[0]}:${pr.base.ref}`, ref: pr.base.ref, sha: pr.base.sha, repo: repoJson(repoName) },
    head: { label: `${headOwner}:${pr.head.ref}`, ref: pr.head.ref, sha: pr.head.sha, repo: repoJson(pr.head.repo) },
    merged: false,
    commits: pr.commits.length,
    additions,
    deletions,
    changed_files: pr.files.length,
  };
}

function commentJson(ctx: RequestContext, repoName: string, c: FixtureComment) {
  return {
    id: c.id,
    node_id: `IC_${c.id}`,
    url: apiUrl(ctx, `/repos/${repoName}/issues/comments/${c.id}`),
    html_url: `https://github.com/${repoName}/pull/${c.issue_number}#issuecomment-${c.id}`,
    issue_url: apiUrl(ctx, `/repos/${repoName}/issues/${c.issue_number}`),
    body: c.body,
    user: user(c.user, c.user_type),
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: c.author_association ?? (c.user_type === 'Bot' ? 'NONE' : 'MEMBER'),
  };
}

function releaseJson(repoName: string, r: FixtureRelease) {
  const { sha, ...rest } = r;
  return { ...rest, target_commitish: sha, html_url: `https://github.com/${repoName}/releases/tag/${r.tag_name}` };
}

/** Resolves a ref (sha, short sha, tag or branch name) to an index in the default branch's history. */
function historyIndex(repo: FixtureRepo, ref: string): number {
  const bySha = repo.history.findIndex((c) => c.sha === ref || (ref.length >= 7 && c.sha.startsWith(ref)));
  if (bySha !== -1) return bySha;
  const tag =
    repo.tags.find((t) => t.name === ref || `refs/tags/${t.name}` === ref) ??
    repo.releases.find((r) => r.tag_name === ref || `refs/tags/${r.tag_name}` === ref);
  if (tag) return repo.history.findIndex((c) => c.sha === tag.sha);
  if (ref === repo.default_branch || ref === `refs/heads/${repo.default_branch}` || ref === 'HEAD') return repo.history.length - 1;
  return -1;
}

function validateCommentBody(ctx: RequestContext, documentation: string): string | undefined {
  const body = (ctx.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string' || body.length === 0) {
    error(ctx, 422, 'Invalid request.\n\n"body" wasn\'t supplied.', documentation);
    return undefined;
  }
  if (Array.from(body).length > MAX_COMMENT_CHARACTERS) {
    error(ctx, 422, 'Validation Failed', documentation, {
      errors: [
        {
          resource: 'IssueComment',
          code: 'unprocessable',
          field: 'data',
          message: `Body is too long (maximum is ${MAX_COMMENT_CHARACTERS} characters)`,
        },
      ],
    });
    return undefined;
  }
  return body;
}

/**
 * What every request goes through first: the configured latency (GitHub answering after N ms), then a
 * queued fault for it. A bare 429, or a 403 with retry-after, is GitHub's secondary rate limit
 * (docs.github.com, "Rate limits for the REST API": 403 or 429, a message naming it, retry-after when known).
 * True when the response was taken over.
 */
async function prelude(ctx: RequestContext): Promise<boolean> {
  const latency = ctx.state.config.githubApi.latencyMs;
  if (latency > 0 && !(await ctx.state.lifecycle.sleep(latency))) return true;
  const fault = ctx.state.faults.take('github-api', { path: ctx.path, query: ctx.query });
  const statusBody = (status: number, f: { retryAfter?: string; retryAfterMs?: number }) =>
    status === 429 || (status === 403 && (f.retryAfter !== undefined || f.retryAfterMs !== undefined))
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

/** Comments made with the job's token are authored by the GitHub Actions app. */
const COMMENTER = { login: 'github-actions[bot]', type: 'Bot' as const };

/**
 * GraphQL `{ viewer { login } }`: the one query the action sends. The job's token is an app
 * installation token, and GraphQL names it by the app's bot login (REST `GET /user` refuses it).
 */
function graphqlRoute(): Route {
  return {
    service: 'github-api',
    method: 'POST',
    path: /^(?:\/api)?\/graphql$/,
    async handle(ctx) {
      if (await prelude(ctx)) return;
      const access = authenticate(ctx);
      if (access === undefined) return;
      if (access === 'anonymous')
        return error(
          ctx,
          401,
          'This endpoint requires you to be authenticated.',
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        );
      const sent = typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as { query?: unknown }).query : undefined;
      const query = typeof sent === 'string' ? sent : '';
      if (!/viewer\s*\{\s*login\s*\}/.test(query)) {
        return sendJson(ctx, 200, { errors: [{ message: 'The emulator answers only { viewer { login } }.' }] }, commonHeaders());
      }
      sendJson(ctx, 200, { data: { viewer: { login: COMMENTER.login } } }, commonHeaders());
    },
  };
}

export function githubApiRoutes(): Route[] {
  const P = '^(?:/api/v3)?/repos/([^/]+)/([^/]+)';
  const route = (method: string, path: string, handle: (ctx: RequestContext, found: Found, m: RegExpExecArray) => void): Route => ({
    service: 'github-api',
    method,
    path: new RegExp(`${P}${path}$`),
    async handle(ctx, m) {
      if (await prelude(ctx)) return;
      const found = findRepo(ctx, m[1] ?? '', m[2] ?? '');
      if (!found) return;
      handle(ctx, found, m);
    },
  });

  const pullOf = (ctx: RequestContext, found: Found, number: string): FixturePull | undefined => {
    const pr = found.repo.pulls[String(Number(number))];
    if (!pr) error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request');
    return pr;
  };

  return [
    graphqlRoute(),
    route('GET', '/pulls/(\\d+)', (ctx, found, m) => {
      const pr = pullOf(ctx, found, m[3] ?? '');
      if (!pr) return;
      const type = wantsMediaType(ctx);
      if (type === 'unsupported') return error(ctx, 415, "Unsupported 'Accept' header", DOCS);
      if (type === 'diff' || type === 'patch') {
        if (diffTooLarge(ctx, pr.files)) return;
        return sendText(ctx, 200, unifiedDiff(pr.files), `application/vnd.github.${type}; charset=utf-8`, commonHeaders());
      }
      sendJson(ctx, 200, pullJson(ctx, found.name, found.repo, pr), commonHeaders());
    }),
    route('GET', '/pulls/(\\d+)/files', (ctx, found, m) => {
      const pr = pullOf(ctx, found, m[3] ?? '');
      if (!pr) return;
      sendPage(ctx, pr.files.slice(0, MAX_PULL_FILES), (f) => fileJson(found.name, pr.head.sha, f));
    }),
    route('GET', '/pulls/(\\d+)/commits', (ctx, found, m) => {
      const pr = pullOf(ctx, found, m[3] ?? '');
      if (!pr) return;
      sendPage(ctx, pr.commits.slice(0, MAX_PULL_COMMITS), (c) => commitJson(ctx, found.name, c));
    }),
    route('GET', '/compare/(.+)', (ctx, found, m) => {
      const basehead = m[3] ?? '';
      const sep = basehead.indexOf('...');
      const documentation = 'https://docs.github.com/rest/commits/commits#compare-two-commits';
      if (sep === -1) return error(ctx, 404, 'Not Found', documentation);
      const from = historyIndex(found.repo, basehead.slice(0, sep));
      const to = historyIndex(found.repo, basehead.slice(sep + 3));
      if (from === -1 || to === -1) return error(ctx, 404, 'Not Found', documentation);
      const commits = from < to ? found.repo.history.slice(from + 1, to + 1) : [];
      const files = mergeFiles(commits);
      const type = wantsMediaType(ctx);
      if (type === 'diff' || type === 'patch') {
        if (diffTooLarge(ctx, files)) return;
        return sendText(ctx, 200, unifiedDiff(files), `application/vnd.github.${type}; charset=utf-8`, commonHeaders());
      }
      const base = found.repo.history[from];
      const head = found.repo.history[to];
      if (!base || !head) return error(ctx, 404, 'Not Found', documentation);
      const status = from === to ? 'identical' : from < to ? 'ahead' : 'behind';
      const { page: pageNo, perPage } = ctx.query.per_page || ctx.query.page ? page(ctx) : { page: 1, perPage: MAX_COMPARE_COMMITS };
      sendJson(
        ctx,
        200,
        {
          url: apiUrl(ctx, `/repos/${found.name}/compare/${basehead}`),
          html_url: `https://github.com/${found.name}/compare/${basehead}`,
          base_commit: commitJson(ctx, found.name, base),
          merge_base_commit: commitJson(ctx, found.name, from <= to ? base : head),
          status,
          ahead_by: Math.max(0, to - from),
          behind_by: Math.max(0, from - to),
          total_commits: commits.length,
          commits: commits.slice((pageNo - 1) * perPage, pageNo * perPage).map((c) => commitJson(ctx, found.name, c)),
          files: files.slice(0, 300).map((f) => fileJson(found.name, head.sha, f)),
        },
        commonHeaders(),
      );
    }),
    route('GET', '/commits', (ctx, found) => {
      const start = historyIndex(found.repo, ctx.query.sha || found.repo.default_branch);
      if (start === -1)
        return error(ctx, 404, `No commit found for SHA: ${ctx.query.sha}`, 'https://docs.github.com/rest/commits/commits#list-commits');
      const newestFirst = found.repo.history.slice(0, start + 1).reverse();
      sendPage(ctx, newestFirst, (c) => commitJson(ctx, found.name, c));
    }),
    route('GET', '/tags', (ctx, found) => {
      sendPage(ctx, found.repo.tags, (t) => ({
        name: t.name,
        commit: { sha: t.sha, url: apiUrl(ctx, `/repos/${found.name}/commits/${t.sha}`) },
        zipball_url: apiUrl(ctx, `/repos/${found.name}/zipball/refs/tags/${t.name}`),
        tarball_url: apiUrl(ctx, `/repos/${found.name}/tarball/refs/tags/${t.name}`),
        node_id: `REF_${t.name}`,
      }));
    }),
    route('GET', '/releases/latest', (ctx, found) => {
      const latest = found.repo.releases
        .filter((r) => !r.draft && !r.prerelease)
        .sort((a, b) => b.published_at.localeCompare(a.published_at))[0];
      if (!latest) return error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/releases/releases#get-the-latest-release');
      sendJson(ctx, 200, releaseJson(found.name, latest), commonHeaders());
    }),
    route('GET', '/releases', (ctx, found) => {
      const newestFirst = [...found.repo.releases].sort((a, b) => b.published_at.localeCompare(a.published_at));
      sendPage(ctx, newestFirst, (r) => releaseJson(found.name, r));
    }),
    route('GET', '/issues/(\\d+)/comments', (ctx, found, m) => {
      const number = Number(m[3]);
      sendPage(
        ctx,
        found.repo.comments.filter((c) => c.issue_number === number),
        (c) => commentJson(ctx, found.name, c),
      );
    }),
    route('POST', '/issues/(\\d+)/comments', (ctx, found, m) => {
      const documentation = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
      if (!canWrite(ctx, found, documentation)) return;
      const number = Number(m[3]);
      if (!found.repo.pulls[String(number)]) return error(ctx, 404, 'Not Found', documentation);
      const body = validateCommentBody(ctx, documentation);
      if (body === undefined) return;
      const now = new Date().toISOString();
      const who = COMMENTER;
      const nextId = Math.max(9000, ...found.repo.comments.map((c) => c.id)) + 1;
      const comment: FixtureComment = {
        id: nextId,
        issue_number: number,
        body,
        user: who.login,
        user_type: who.type,
        created_at: now,
        updated_at: now,
      };
      found.repo.comments.push(comment);
      sendJson(ctx, 201, commentJson(ctx, found.name, comment), {
        ...commonHeaders(),
        location: apiUrl(ctx, `/repos/${found.name}/issues/comments/${comment.id}`),
      });
    }),
    route('PATCH', '/issues/comments/(\\d+)', (ctx, found, m) => {
      const documentation = 'https://docs.github.com/rest/issues/comments#update-an-issue-comment';
      if (!canWrite(ctx, found, documentation)) return;
      const comment = found.repo.comments.find((c) => c.id === Number(m[3]));
      if (!comment) return error(ctx, 404, 'Not Found', documentation);
      const body = validateCommentBody(ctx, documentation);
      if (body === undefined) return;
      comment.body = body;
      comment.updated_at = new Date().toISOString();
      sendJson(ctx, 200, commentJson(ctx, found.name, comment), commonHeaders());
    }),
    route('GET', '/issues/comments/(\\d+)', (ctx, found, m) => {
      const comment = found.repo.comments.find((c) => c.id === Number(m[3]));
      if (!comment) return error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/issues/comments#get-an-issue-comment');
      sendJson(ctx, 200, commentJson(ctx, found.name, comment), commonHeaders());
    }),
  ];
}

/** The files changed over several commits: one entry per path, counts added up. */
function mergeFiles(commits: FixtureCommit[]): FixtureFile[] {
  const byName = new Map<string, FixtureFile>();
  for (const c of commits) {
    for (const f of c.files) {
      const seen = byName.get(f.filename);
      if (!seen) byName.set(f.filename, { ...f });
      else {
        seen.additions += f.additions;
        seen.deletions += f.deletions;
        seen.patch = seen.patch !== undefined && f.patch !== undefined ? `${seen.patch}\n${f.patch}` : seen.patch;
        if (seen.status === 'added' && f.status === 'removed') byName.delete(f.filename);
      }
    }
  }
  return [...byName.values()];
}
