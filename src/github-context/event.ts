/**
 * What the run's event says about the repository, the commit and the pull
 * request, read from the runner's environment and GITHUB_EVENT_PATH. Pure
 * apart from reading that file; no network.
 */
import { readCappedFile } from '../bounded-file.ts';
import { InputError } from '../errors.ts';
import type { WorkflowFeatureConfig } from '../config.ts';

export interface RepoId {
  owner: string;
  repo: string;
}

export interface EventFacts {
  name: string;
  repository?: RepoId;
  ref: string;
  sha: string;
  /** The pull request the event is about, if any. */
  pullRequest?: number;
  /** Its changed files and commits as the payload counts them: how many pages to ask for at once. */
  pullRequestCounts?: { changedFiles?: number; commits?: number };
  /**
   * Set for a pull request whose head is in another repository, on the events GitHub restricts for forks (no
   * OIDC token, a read-only token): every pull request event but pull_request_target, which runs as the base.
   */
  fromFork: boolean;
  /** The commits that hold the pull request author's code (its head, GitHub's test merge) and the head's repository. */
  authorCode?: AuthorCode;
  /** The release's tag for `release` events. */
  releaseTag?: string;
}

export interface AuthorCode {
  commits: string[];
  repository?: string;
}

/** Events whose payload carries `pull_request`. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);

interface Payload {
  pull_request?: {
    number?: number;
    changed_files?: unknown;
    commits?: unknown;
    head?: { sha?: unknown; repo?: { full_name?: string; fork?: boolean } | null };
    merge_commit_sha?: unknown;
    base?: { repo?: { full_name?: string } };
  };
  issue?: { number?: number; pull_request?: unknown };
  release?: { tag_name?: string };
  number?: number;
}

/**
 * GitHub caps a webhook's payload, and the runner writes the event file from it, indented: a file well past
 * that cap, or one that is not a regular file (a FIFO would hang the step), is not the runner's and is read
 * as no payload.
 */
export const EVENT_FILE_MAX_BYTES = 64 * 1024 * 1024;

export function readEventFacts(
  env: Record<string, string | undefined>,
  readText: (path: string) => string = (p) => readCappedFile(p, EVENT_FILE_MAX_BYTES).bytes.toString('utf8'),
): EventFacts {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const facts: EventFacts = { name, ref: env.GITHUB_REF ?? '', sha: env.GITHUB_SHA ?? '', fromFork: false };
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (owner && repo) facts.repository = { owner, repo };
  let payload: Payload = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readText(env.GITHUB_EVENT_PATH)) as Payload;
    } catch {
      // No payload: the facts from the environment still stand.
    }
  }
  if (PULL_REQUEST_EVENTS.has(name) && payload.pull_request) {
    const number = payload.pull_request.number ?? payload.number;
    if (typeof number === 'number') facts.pullRequest = number;
    const counts = { changedFiles: count(payload.pull_request.changed_files), commits: count(payload.pull_request.commits) };
    if (counts.changedFiles !== undefined || counts.commits !== undefined) facts.pullRequestCounts = withoutUndefined(counts);
    const fork = isForkPullRequest(payload.pull_request.head?.repo, payload.pull_request.base?.repo);
    facts.fromFork = fork && name !== 'pull_request_target';
    facts.authorCode = authorCodeOf(payload.pull_request);
  } else if (name === 'issue_comment' && payload.issue?.pull_request && typeof payload.issue.number === 'number') {
    facts.pullRequest = payload.issue.number;
  }
  if (name === 'release' && payload.release?.tag_name) facts.releaseTag = payload.release.tag_name;
  return facts;
}

const COMMIT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;

function authorCodeOf(pull: NonNullable<Payload['pull_request']>): AuthorCode {
  const ids = [pull.head?.sha, pull.merge_commit_sha];
  const commits = ids.filter((id): id is string => typeof id === 'string' && COMMIT_ID.test(id));
  const repository = pull.head?.repo?.full_name;
  const code: AuthorCode = { commits: commits.map((id) => id.toLowerCase()) };
  if (typeof repository === 'string') code.repository = repository;
  return code;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function withoutUndefined(counts: {
  changedFiles: number | undefined;
  commits: number | undefined;
}): NonNullable<EventFacts['pullRequestCounts']> {
  return {
    ...(counts.changedFiles !== undefined ? { changedFiles: counts.changedFiles } : {}),
    ...(counts.commits !== undefined ? { commits: counts.commits } : {}),
  };
}

/**
 * Whether a pull request comes from a fork (GitHub gives such runs no OIDC token). `fork` says the head
 * repository is a fork of something, which is also true between two branches of a repository that is
 * itself a fork: compare the names when both are known. A deleted fork leaves the head repository null.
 */
function isForkPullRequest(
  head: { full_name?: string; fork?: boolean } | null | undefined,
  base: { full_name?: string } | null | undefined,
): boolean {
  if (head === null) return true;
  if (!head || !base) return false;
  return head.full_name !== undefined && base.full_name !== undefined ? head.full_name !== base.full_name : head.fork === true;
}

/** The pull request the run works on: the `pull-request` input wins over the event's. */
function pullRequestOf(facts: EventFacts, config: Pick<WorkflowFeatureConfig, 'pullRequest'>): number | undefined {
  return config.pullRequest ?? facts.pullRequest;
}

/** Fails, before any network call, when a feature needs a pull request and the run has none. */
export function requirePullRequest(facts: EventFacts, config: Pick<WorkflowFeatureConfig, 'pullRequest'>, why: string): number {
  const number = pullRequestOf(facts, config);
  if (number === undefined) {
    throw new InputError(
      'pull-request',
      `${why} needs a pull request, and this ${facts.name || 'unknown'} event is not about one. Run the workflow on pull_request (or pull_request_target, or an issue_comment on a pull request), or set pull-request to its number.`,
    );
  }
  return number;
}

export function requireRepository(facts: EventFacts, why: string): RepoId {
  if (!facts.repository) {
    throw new InputError(
      'GITHUB_REPOSITORY',
      `${why} needs the repository (OWNER/REPO), and GITHUB_REPOSITORY is not set: this runs only inside a GitHub Actions job.`,
    );
  }
  return facts.repository;
}
