/**
 * Fetches what the prompt uses of a pull request, and nothing else: its
 * metadata, its diff (falling back to the per-file patches when GitHub
 * refuses a large diff), its files and its commits.
 */
import type { RepoId } from './event.ts';
import { type ChangedFile, type CommitRow, fileFromRow, type FileRow, splitUnifiedDiff } from './diff.ts';
import { type GithubClient, githubFailure } from './github-client.ts';

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
const PER_PAGE = 100;
const READ_PERMISSION = 'contents: read, pull-requests: read';

export async function fetchPullRequest(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  needs: PullRequestNeeds,
  log: (message: string) => void,
): Promise<PullRequestData> {
  const data: PullRequestData = { number };
  const what = `read pull request #${number} of ${repo.owner}/${repo.repo}`;
  const fail = (error: unknown) => githubFailure(what, error, gh.apiUrl, { permission: READ_PERMISSION });

  if (needs.meta || needs.commits) {
    const pr = await gh.octokit.rest.pulls.get({ ...repo, pull_number: number }).catch((e: unknown) => {
      throw fail(e);
    });
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
  }

  let rows: FileRow[] | undefined;
  if (needs.files)
    rows = await listFiles(gh, repo, number).catch((e: unknown) => {
      throw fail(e);
    });

  if (needs.diff) {
    const diff = await fetchDiff(gh, repo, number).catch((e: unknown) => {
      throw fail(e);
    });
    if (diff !== undefined) {
      data.files = mergeStats(splitUnifiedDiff(diff), rows);
      data.diffSource = 'diff';
    } else {
      log(`GitHub refused the diff of pull request #${number} (too large); building it from the per-file patches instead.`);
      rows ??= await listFiles(gh, repo, number).catch((e: unknown) => {
        throw fail(e);
      });
      data.files = rows.map(fileFromRow);
      data.diffSource = 'patches';
    }
  } else if (rows) {
    data.files = rows.map(fileFromRow);
  }

  if (needs.commits) {
    data.commits = await gh.octokit
      .paginate(gh.octokit.rest.pulls.listCommits, { ...repo, pull_number: number, per_page: PER_PAGE })
      .catch((e: unknown) => {
        throw fail(e);
      });
  }
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

export function isDiffTooLarge(error: unknown): boolean {
  const e = error as { status?: number; response?: { data?: { errors?: Array<{ code?: string }>; message?: string } } };
  if (e.status !== 406) return false;
  const data = e.response?.data;
  return data?.errors?.some((x) => x.code === 'too_large') === true || /diff exceeded the maximum/i.test(data?.message ?? '');
}

async function listFiles(gh: GithubClient, repo: RepoId, number: number): Promise<FileRow[]> {
  const rows = (await gh.octokit.paginate(gh.octokit.rest.pulls.listFiles, {
    ...repo,
    pull_number: number,
    per_page: PER_PAGE,
  })) as FileRow[];
  return rows.slice(0, MAX_FILES);
}

/** The diff's own counts are fine; the files endpoint's are exact and name the status. */
function mergeStats(files: ChangedFile[], rows: FileRow[] | undefined): ChangedFile[] {
  if (!rows) return files;
  const byPath = new Map(rows.map((r) => [r.filename, r]));
  return files.map((f) => {
    const row = byPath.get(f.path);
    return row ? { ...f, status: row.status, additions: row.additions, deletions: row.deletions } : f;
  });
}
