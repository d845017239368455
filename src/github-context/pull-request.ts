/**
 * Fetches what the prompt uses of a pull request, and nothing else: its
 * metadata, its diff (falling back to the per-file patches when GitHub
 * refuses a large diff), its files and its commits, with the pages of a
 * listing fetched concurrently once their number is known (paging.ts).
 */
import type { RepoId } from './event.ts';
import { type ChangedFile, type CommitRow, fileFromRow, type FileRow, splitUnifiedDiff } from './diff.ts';
import { type GithubClient, githubFailure } from './github-client.ts';
import { listAllPages, pageQuery, PER_PAGE } from './paging.ts';

export interface PullRequestNeeds {
  meta: boolean;
  diff: boolean;
  files: boolean;
  commits: boolean;
}

export interface PullRequestData {
  number: number;
  title?: string;
  body?: string;
  author?: string;
  base?: string;
  head?: string;
  /** The head commit's sha (a review is posted on it). */
  headSha?: string;
  /** Changed files with their diff sections (for pr.diff and pr.files). */
  files?: ChangedFile[];
  /** How the diff was obtained: GitHub's diff, or rebuilt from per-file patches. */
  diffSource?: 'diff' | 'patches';
  commits?: CommitRow[];
  /** Commits GitHub did not list (it lists at most 250 for a pull request). */
  commitsTotal?: number;
}

/** GitHub lists at most 3000 files and 250 commits of a pull request. */
const MAX_FILES = 3000;
const MAX_COMMITS = 250;
/** GitHub refuses the diff of a pull request with more files ("the diff exceeded the maximum number of files (300)"). */
const DIFF_MAX_FILES = 300;
const READ_PERMISSION = 'contents: read, pull-requests: read';

/** Counts the event's payload already gave (pull_request.changed_files, .commits): the pages can all be asked for at once. */
export interface PullRequestCounts {
  changedFiles?: number;
  commits?: number;
}

/**
 * Everything the prompt needs is asked for at once (the client keeps a few
 * requests in flight): the metadata, the diff, the pages of files and of commits.
 */
export async function fetchPullRequest(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  needs: PullRequestNeeds,
  log: (message: string) => void,
  counts: PullRequestCounts = {},
): Promise<PullRequestData> {
  const data: PullRequestData = { number };
  const what = `read pull request #${number} of ${repo.owner}/${repo.repo}`;
  const fail = (error: unknown) => githubFailure(what, error, gh.apiUrl, { permission: READ_PERMISSION });
  const failing = <T>(work: Promise<T>): Promise<T> =>
    work.catch((e: unknown) => {
      throw fail(e);
    });

  // A diff GitHub will refuse (more files than it serves as a diff) is rebuilt from the files, fetched alongside.
  const diffRefusalLikely = counts.changedFiles !== undefined && counts.changedFiles > DIFF_MAX_FILES;
  const [pr, listed, diff, commits] = await Promise.all([
    needs.meta || needs.commits ? failing(gh.octokit.rest.pulls.get({ ...repo, pull_number: number })) : undefined,
    needs.files || (needs.diff && diffRefusalLikely) ? failing(listFiles(gh, repo, number, counts.changedFiles)) : undefined,
    needs.diff ? failing(fetchDiff(gh, repo, number)) : undefined,
    needs.commits ? failing(listCommits(gh, repo, number, counts.commits)) : undefined,
  ]);
  if (pr) {
    const p = pr.data;
    data.title = p.title;
    data.body = p.body ?? '';
    data.author = p.user.login;
    data.base = p.base.ref;
    // A fork's branch is named with its owner (forky:patch-1), as GitHub shows it.
    // head.repo is null when the fork was deleted, whatever the types say.
    const headRepo = p.head.repo as typeof p.head.repo | null;
    data.head = headRepo && headRepo.full_name !== p.base.repo.full_name ? p.head.label : p.head.ref;
    data.commitsTotal = p.commits;
    data.headSha = p.head.sha;
  }
  const rows = needs.files ? listed : undefined;

  if (needs.diff) {
    if (diff !== undefined) {
      data.files = mergeStats(splitUnifiedDiff(diff), rows);
      data.diffSource = 'diff';
    } else {
      log(`GitHub refused the diff of pull request #${number} (too large); building it from the per-file patches instead.`);
      const patches = listed ?? (await failing(listFiles(gh, repo, number, counts.changedFiles ?? pr?.data.changed_files)));
      data.files = patches.map(fileFromRow);
      data.diffSource = 'patches';
    }
  } else if (rows) {
    data.files = rows.map(fileFromRow);
  }
  if (commits) data.commits = commits;
  return data;
}

/** The unified diff, or undefined when GitHub refuses it as too large (406, too_large). */
async function fetchDiff(gh: GithubClient, repo: RepoId, number: number): Promise<string | undefined> {
  try {
    const response = await gh.octokit.rest.pulls.get({ ...repo, pull_number: number, mediaType: { format: 'diff' } });
    // With the diff media type, the body is the diff text.
    const diff: unknown = response.data;
    return typeof diff === 'string' ? diff : '';
  } catch (error) {
    if (isDiffTooLarge(error)) return undefined;
    throw error;
  }
}

function isDiffTooLarge(error: unknown): boolean {
  const e = error as { status?: number; response?: { data?: { errors?: Array<{ code?: string }>; message?: string } } };
  if (e.status !== 406) return false;
  const data = e.response?.data;
  return data?.errors?.some((x) => x.code === 'too_large') === true || /diff exceeded the maximum/i.test(data?.message ?? '');
}

/** The pull request's files, at most GitHub's 3000: every page at once when the count is known, else after the first. */
async function listFiles(gh: GithubClient, repo: RepoId, number: number, count: number | undefined): Promise<FileRow[]> {
  const rows = await listAllPages<FileRow>({
    fetchPage: async (page) => {
      const response = await gh.octokit.rest.pulls.listFiles({ ...repo, pull_number: number, ...pageQuery(page) });
      return { items: response.data, link: response.headers.link };
    },
    maxPages: Math.ceil(MAX_FILES / PER_PAGE),
    count,
  });
  return rows.slice(0, MAX_FILES);
}

async function listCommits(gh: GithubClient, repo: RepoId, number: number, count: number | undefined): Promise<CommitRow[]> {
  const rows = await listAllPages<CommitRow>({
    fetchPage: async (page) => {
      const response = await gh.octokit.rest.pulls.listCommits({ ...repo, pull_number: number, ...pageQuery(page) });
      return { items: response.data, link: response.headers.link };
    },
    maxPages: Math.ceil(MAX_COMMITS / PER_PAGE),
    count,
  });
  return rows.slice(0, MAX_COMMITS);
}

/** The diff's own counts are fine; the files endpoint's are exact and name the status. */
function mergeStats(files: ChangedFile[], rows: FileRow[] | undefined): ChangedFile[] {
  if (!rows) return files;
  const byPath = new Map(rows.map((r) => [r.filename, r]));
  return files.map((file) => {
    const row = byPath.get(file.path);
    return row ? { ...file, status: row.status, additions: row.additions, deletions: row.deletions } : file;
  });
}
