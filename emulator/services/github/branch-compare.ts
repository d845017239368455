// The comparison of two commits of a pull request's branch, as GitHub's compare answers it
// (docs.github.com/rest/commits/commits#compare-two-commits): an earlier commit of the branch and a later one
// (ahead, the files the later commits changed), the other way round (behind), the same one (identical), or a
// commit a force-push took off the branch and the new head (diverged: the files are the pull request's whole
// change, its base being the merge base).

import type { FixtureCommit, FixtureFile, FixtureRepo } from '../../fixtures/github-repos.ts';
import { sendJson } from '../../http.ts';
import type { RequestContext } from '../../http.ts';
import { apiUrl, commonHeaders, type Found } from './common.ts';
import { commitJson, fileJson, mergeFiles } from './shapes.ts';

export interface BranchComparison {
  status: 'ahead' | 'behind' | 'identical' | 'diverged';
  aheadBy: number;
  behindBy: number;
  commits: FixtureCommit[];
  files: FixtureFile[];
}

const same = (sha: string, ref: string) => sha === ref || (ref.length >= 7 && sha.startsWith(ref));

/** Undefined when the head is on no pull request's branch, for the default branch's history to answer. */
export function branchComparison(repo: FixtureRepo, base: string, head: string): BranchComparison | undefined {
  for (const pr of Object.values(repo.pulls)) {
    const to = pr.commits.findIndex((commit) => same(commit.sha, head));
    if (to === -1) continue;
    const upToHead = pr.commits.slice(0, to + 1);
    const from = pr.commits.findIndex((commit) => same(commit.sha, base));
    if (from !== -1) {
      const commits = pr.commits.slice(from + 1, to + 1);
      const status = from === to ? 'identical' : from < to ? 'ahead' : 'behind';
      return { status, aheadBy: Math.max(0, to - from), behindBy: Math.max(0, from - to), commits, files: mergeFiles(commits) };
    }
    if (same(pr.base.sha, base)) return { status: 'ahead', aheadBy: to + 1, behindBy: 0, commits: upToHead, files: pr.files };
    const orphans = pr.orphans ?? [];
    const orphan = orphans.findIndex((commit) => same(commit.sha, base));
    if (orphan !== -1) {
      return { status: 'diverged', aheadBy: to + 1, behindBy: orphans.length - orphan, commits: upToHead, files: pr.files };
    }
  }
  return undefined;
}

/** Compare lists at most 300 files ("up to 300 changed files for the entire comparison", docs.github.com). */
const MAX_COMPARE_FILES = 300;

export function sendBranchComparison(ctx: RequestContext, found: Found, basehead: string, comparison: BranchComparison): void {
  const head = basehead.slice(basehead.indexOf('...') + 3);
  sendJson(
    ctx,
    200,
    {
      url: apiUrl(ctx, `/repos/${found.name}/compare/${basehead}`),
      html_url: `https://github.com/${found.name}/compare/${basehead}`,
      status: comparison.status,
      ahead_by: comparison.aheadBy,
      behind_by: comparison.behindBy,
      total_commits: comparison.commits.length,
      commits: comparison.commits.map((commit) => commitJson(ctx, found.name, commit)),
      files: comparison.files.slice(0, MAX_COMPARE_FILES).map((file) => fileJson(found.name, head, file)),
    },
    commonHeaders(),
  );
}
