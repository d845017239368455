/**
 * `{{commits}}` and `{{changes}}`: the commits and files between two refs.
 * With no inputs, `to` is the run's commit and `from` the latest tag
 * reachable before it (a tag on the commit itself is the release being made,
 * so it is skipped), else the latest release: release notes need no inputs.
 */
import type { RepoId } from './event.ts';
import type { CommitRow, FileRow } from './diff.ts';
import { type GithubClient, githubFailure } from './github-client.ts';

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

const PER_PAGE = 100;
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
      `No tag or release before ${short(to)}: {{commits}} lists the history up to it (at most ${PER_PAGE} commits) and {{changes}} is empty. Set from-ref to choose the start.`,
    );
    const commits = history?.length
      ? history
      : await listHistory(gh, repo, to, 1).catch(failure(`list the commits of ${repo.owner}/${repo.repo}`));
    return {
      to,
      fromSource: 'none (no earlier tag or release)',
      commits: commits.slice(0, PER_PAGE),
      files: [],
      totalCommits: commits.length,
    };
  }

  log(`Comparing ${from}...${short(to)} (from: ${fromSource}).`);
  const compare = await gh.octokit.rest.repos
    .compareCommitsWithBasehead({ ...repo, basehead: `${from}...${to}` })
    .catch(failure(`compare ${from}...${to} in ${repo.owner}/${repo.repo}`));
  const commits = [...(compare.data.commits as CommitRow[])].reverse(); // newest first, like git log
  return { from, to, fromSource, commits, files: compare.data.files ?? [], totalCommits: compare.data.total_commits };
}

/** Walks the history of `to` (newest first) to the first commit, other than `to` itself, that a tag points at. */
async function previousTag(gh: GithubClient, repo: RepoId, to: string): Promise<{ tag?: string; history: CommitRow[] }> {
  const tags = new Map<string, string>();
  let pages = 0;
  for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listTags, { ...repo, per_page: PER_PAGE })) {
    for (const t of response.data) if (!tags.has(t.commit.sha)) tags.set(t.commit.sha, t.name);
    if (++pages >= MAX_TAG_PAGES) break;
  }
  if (tags.size === 0) return { history: [] };
  const history: CommitRow[] = [];
  pages = 0;
  for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listCommits, { ...repo, sha: to, per_page: PER_PAGE })) {
    for (const c of response.data as CommitRow[]) {
      const first = history.length === 0;
      history.push(c);
      const tag = first ? undefined : tags.get(c.sha);
      if (tag) return { tag, history };
    }
    if (++pages >= MAX_HISTORY_PAGES) break;
  }
  return { history };
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

async function listHistory(gh: GithubClient, repo: RepoId, to: string, pages: number): Promise<CommitRow[]> {
  const out: CommitRow[] = [];
  let n = 0;
  for await (const response of gh.octokit.paginate.iterator(gh.octokit.rest.repos.listCommits, { ...repo, sha: to, per_page: PER_PAGE })) {
    out.push(...(response.data as CommitRow[]));
    if (++n >= pages) break;
  }
  return out;
}

function short(ref: string): string {
  return /^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref;
}
