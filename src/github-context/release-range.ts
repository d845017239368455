/**
 * `{{commits}}` and `{{changes}}`: the commits and files between two refs.
 * With no inputs, `to` is the run's commit and `from` the latest tag
 * reachable before it (a tag on the commit itself is the release being made,
 * so it is skipped), else the latest release: release notes need no inputs.
 */
import type { RepoId } from './event.ts';
import type { CommitRow, FileRow } from './diff.ts';
import { type GithubClient, githubFailure } from './github-client.ts';
import { oneLine } from '../secrets.ts';
import { fetchInOrder, hasNextPage, lastPageOf, listAllPages, type Page, PAGE_CONCURRENCY, pageQuery, PER_PAGE } from './paging.ts';

export interface RangeRequest {
  fromRef?: string;
  toRef?: string;
  /** The run's commit (GITHUB_SHA). */
  sha: string;
  /** The tag a `release` event is about. */
  releaseTag?: string;
}

export interface RangeData {
  from?: string;
  to: string;
  /** How `from` was chosen, for the log and the summary. */
  fromSource: string;
  commits: CommitRow[];
  files: FileRow[];
  /** Commits in the range; GitHub lists at most 250 of them. */
  totalCommits: number;
}

/** How far back (pages of 100 commits) the search for the previous tag goes. */
const MAX_HISTORY_PAGES = 10;
const MAX_TAG_PAGES = 10;
const PERMISSION = 'contents: read';

export async function fetchRange(
  gh: GithubClient,
  repo: RepoId,
  request: RangeRequest,
  log: (message: string) => void,
): Promise<RangeData> {
  const to = request.toRef ?? (request.sha || request.releaseTag);
  if (!to) throw new Error('to-ref is not set and GITHUB_SHA is empty');
  const failure = (what: string) => (error: unknown) => {
    throw githubFailure(what, error, gh.apiUrl, { permission: PERMISSION });
  };

  let from = request.fromRef;
  let fromSource = 'input from-ref';
  let history: CommitRow[] | undefined;
  if (!from) {
    const found = await previousTag(gh, repo, to).catch(failure(`find the tag before ${to} in ${repo.owner}/${repo.repo}`));
    history = found.history;
    if (found.tag) {
      from = found.tag;
      fromSource = `latest tag before ${short(to)}`;
    } else {
      const release = await latestRelease(gh, repo).catch(failure(`read the latest release of ${repo.owner}/${repo.repo}`));
      if (release && release !== to && release !== request.releaseTag) {
        from = release;
        fromSource = 'latest release';
      }
    }
  }

  if (!from) {
    log(
      `No tag or release before ${oneLine(short(to), 200)}: {{commits}} lists the history up to it (at most ${PER_PAGE} commits) and {{changes}} is empty. Set from-ref to choose the start.`,
    );
    const commits = history?.length
      ? history
      : await listHistory(gh, repo, to).catch(failure(`list the commits of ${repo.owner}/${repo.repo}`));
    return {
      to,
      fromSource: 'none (no earlier tag or release)',
      commits: commits.slice(0, PER_PAGE),
      files: [],
      totalCommits: commits.length,
    };
  }

  // Tag and release names come from the GitHub API: one line each, never a workflow command.
  log(`Comparing ${oneLine(from, 200)}...${oneLine(short(to), 200)} (from: ${oneLine(fromSource, 200)}).`);
  const compare = await gh.octokit.rest.repos
    .compareCommitsWithBasehead({ ...repo, basehead: `${from}...${to}` })
    .catch(failure(`compare ${from}...${to} in ${repo.owner}/${repo.repo}`));
  const commits = [...(compare.data.commits as CommitRow[])].reverse(); // newest first, like git log
  return { from, to, fromSource, commits, files: compare.data.files ?? [], totalCommits: compare.data.total_commits };
}

/**
 * Walks the history of `to` (newest first) to the first commit, other than `to` itself, that a tag points at.
 * The tags and the first page of history are asked for together; later pages of history only when the first
 * holds no tagged commit, then a few at a time, none started past the page that holds one.
 */
async function previousTag(gh: GithubClient, repo: RepoId, to: string): Promise<{ tag?: string; history: CommitRow[] }> {
  const tagged = (tags: ReadonlyMap<string, string>, commits: readonly CommitRow[], skipFirst: boolean) =>
    commits.findIndex((c, i) => !(skipFirst && i === 0) && tags.has(c.sha));
  const [tagRows, firstPage] = await Promise.all([
    listAllPages<{ name: string; commit: { sha: string } }>({
      fetchPage: async (page) => {
        const response = await gh.octokit.rest.repos.listTags({ ...repo, ...pageQuery(page) });
        return { items: response.data, link: response.headers.link };
      },
      maxPages: MAX_TAG_PAGES,
    }),
    historyPage(gh, repo, to, 1),
  ]);
  const tags = new Map<string, string>();
  for (const t of tagRows) if (!tags.has(t.commit.sha)) tags.set(t.commit.sha, t.name);
  if (tags.size === 0) return { history: firstPage.items };
  let history = firstPage.items;
  const lastPage = Math.min(MAX_HISTORY_PAGES, lastPageOf(firstPage.link) ?? (hasNextPage(firstPage.link) ? MAX_HISTORY_PAGES : 1));
  if (tagged(tags, history, true) === -1 && lastPage > 1) {
    const later = await fetchInOrder(
      Array.from({ length: lastPage - 1 }, (_, i) => i + 2),
      (page) => historyPage(gh, repo, to, page),
      PAGE_CONCURRENCY,
      (commits) => tagged(tags, commits, false) !== -1,
    );
    history = [...history, ...later.flatMap((p) => p.items)];
  }
  const at = tagged(tags, history, true);
  if (at === -1) return { history };
  return { tag: tags.get(history[at]?.sha ?? ''), history: history.slice(0, at + 1) };
}

async function historyPage(gh: GithubClient, repo: RepoId, to: string, page: number): Promise<Page<CommitRow>> {
  const response = await gh.octokit.rest.repos.listCommits({ ...repo, sha: to, ...pageQuery(page) });
  return { items: response.data, link: response.headers.link };
}

async function latestRelease(gh: GithubClient, repo: RepoId): Promise<string | undefined> {
  try {
    const response = await gh.octokit.rest.repos.getLatestRelease({ ...repo });
    return response.data.tag_name;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

async function listHistory(gh: GithubClient, repo: RepoId, to: string): Promise<CommitRow[]> {
  return (await historyPage(gh, repo, to, 1)).items;
}

function short(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
