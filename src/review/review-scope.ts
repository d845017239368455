/**
 * What a review covers: the whole pull request, or only what changed since
 * this step's earlier review. The changes are GitHub's compare of the two
 * commits, kept to the pull request's own files (a merge of the base branch
 * brings in others); a force-push that left the earlier commit off the
 * branch (compare says diverged or behind, or does not know the commit)
 * falls back to the whole pull request and says so.
 */
import type { RepoId } from '../github-context/event.ts';
import { type ChangedFile, fileFromRow, type FileRow } from '../github-context/diff.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';

/** GitHub's compare lists at most this many files: a longer list cannot be trusted to hold every change. */
const COMPARE_MAX_FILES = 300;

export type ReviewScope = { kind: 'whole'; files: ChangedFile[]; note?: string } | { kind: 'since'; since: string; files: ChangedFile[] };

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** The files to review: `since` the given commit when it is an ancestor of `head`, else the whole pull request. */
export async function reviewScope(input: {
  gh: GithubClient;
  repo: RepoId;
  head: string;
  since?: string;
  prFiles: readonly ChangedFile[];
}): Promise<ReviewScope> {
  const { gh, repo, head, since, prFiles } = input;
  const whole = (note?: string): ReviewScope => ({ kind: 'whole', files: [...prFiles], ...(note ? { note } : {}) });
  if (!since) return whole();
  let answer: { status?: string; files?: FileRow[] };
  try {
    const response = await gh.octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${since}...${head}`, per_page: 1 });
    answer = response.data;
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      return whole(`the earlier review's commit ${shortSha(since)} is no longer in the repository (a force-push)`);
    }
    throw githubFailure(`compare ${shortSha(since)}...${shortSha(head)} in ${repo.owner}/${repo.repo}`, error, gh.apiUrl, {
      permission: 'contents: read',
    });
  }
  if (answer.status !== 'ahead') {
    return whole(`the earlier review's commit ${shortSha(since)} is not an ancestor of the head (a force-push or rebase)`);
  }
  const rows = answer.files ?? [];
  if (rows.length >= COMPARE_MAX_FILES) {
    return whole(`more files changed since ${shortSha(since)} than GitHub's compare lists (${COMPARE_MAX_FILES})`);
  }
  const own = new Set(prFiles.map((file) => file.path));
  return { kind: 'since', since, files: rows.filter((row) => own.has(row.filename)).map(fileFromRow) };
}

/** How the review names what it covered: "the whole pull request (12 files)", "changes since abc1234 (2 files)". */
export function describeScope(scope: ReviewScope): string {
  const count = `${scope.files.length} file${scope.files.length === 1 ? '' : 's'}`;
  if (scope.kind === 'since') return `Changes since ${shortSha(scope.since)} (${count})`;
  return `The whole pull request (${count})${scope.note ? `, as ${scope.note}` : ''}`;
}
