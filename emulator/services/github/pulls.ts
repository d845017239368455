// A pull request, its files and commits, and the comparison of two commits.

import type { FixturePull } from '../../fixtures/github-repos.ts';
import { sendJson, sendText } from '../../http.ts';
import type { RequestContext, Route } from '../../http.ts';
import { branchComparison, sendBranchComparison } from './branch-compare.ts';
import { apiUrl, commonHeaders, DOCS, error, type Found, page, repoRoute, sendPage, wantsMediaType } from './common.ts';
import { commitJson, diffTooLarge, fileJson, historyIndex, mergeFiles, pullJson, unifiedDiff } from './shapes.ts';

/** The files endpoint lists at most 3000 files of a pull request. */
const MAX_PULL_FILES = 3000;
/** "Lists a maximum of 250 commits for a pull request" (docs.github.com, List commits on a pull request). */
const MAX_PULL_COMMITS = 250;
/** Compare lists at most 250 commits without pagination. */
const MAX_COMPARE_COMMITS = 250;
/** Compare lists at most 300 files. */
const MAX_COMPARE_FILES = 300;

function pullOf(ctx: RequestContext, found: Found, number: string): FixturePull | undefined {
  const pr = found.repo.pulls[String(Number(number))];
  if (!pr) error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request');
  return pr;
}

function getPull(ctx: RequestContext, found: Found, match: RegExpExecArray): void {
  const pr = pullOf(ctx, found, match[3] ?? '');
  if (!pr) return;
  const type = wantsMediaType(ctx);
  if (type === 'unsupported') return error(ctx, 415, "Unsupported 'Accept' header", DOCS);
  if (type === 'diff' || type === 'patch') {
    if (diffTooLarge(ctx, pr.files)) return;
    return sendText(ctx, 200, unifiedDiff(pr.files), `application/vnd.github.${type}; charset=utf-8`, commonHeaders());
  }
  sendJson(ctx, 200, pullJson(ctx, found.name, found.repo, pr), commonHeaders());
}

function compare(ctx: RequestContext, found: Found, match: RegExpExecArray): void {
  const basehead = match[3] ?? '';
  const sep = basehead.indexOf('...');
  const documentation = 'https://docs.github.com/rest/commits/commits#compare-two-commits';
  if (sep === -1) return error(ctx, 404, 'Not Found', documentation);
  const onBranch = branchComparison(found.repo, basehead.slice(0, sep), basehead.slice(sep + 3));
  if (onBranch) return sendBranchComparison(ctx, found, basehead, onBranch);
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
  const paging = ctx.query.per_page || ctx.query.page ? page(ctx) : { page: 1, perPage: MAX_COMPARE_COMMITS };
  const listed = commits.slice((paging.page - 1) * paging.perPage, paging.page * paging.perPage);
  const comparison = {
    url: apiUrl(ctx, `/repos/${found.name}/compare/${basehead}`),
    html_url: `https://github.com/${found.name}/compare/${basehead}`,
    base_commit: commitJson(ctx, found.name, base),
    merge_base_commit: commitJson(ctx, found.name, from <= to ? base : head),
    status,
    ahead_by: Math.max(0, to - from),
    behind_by: Math.max(0, from - to),
    total_commits: commits.length,
    commits: listed.map((commit) => commitJson(ctx, found.name, commit)),
    files: files.slice(0, MAX_COMPARE_FILES).map((file) => fileJson(found.name, head.sha, file)),
  };
  sendJson(ctx, 200, comparison, commonHeaders());
}

export function pullRoutes(): Route[] {
  return [
    repoRoute('GET', '/pulls/(\\d+)', getPull),
    repoRoute('GET', '/pulls/(\\d+)/files', (ctx, found, match) => {
      const pr = pullOf(ctx, found, match[3] ?? '');
      if (!pr) return;
      sendPage(ctx, pr.files.slice(0, MAX_PULL_FILES), (file) => fileJson(found.name, pr.head.sha, file));
    }),
    repoRoute('GET', '/pulls/(\\d+)/commits', (ctx, found, match) => {
      const pr = pullOf(ctx, found, match[3] ?? '');
      if (!pr) return;
      sendPage(ctx, pr.commits.slice(0, MAX_PULL_COMMITS), (commit) => commitJson(ctx, found.name, commit));
    }),
    repoRoute('GET', '/compare/(.+)', compare),
  ];
}
