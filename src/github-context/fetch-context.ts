/**
 * Fetches the values of the context variables a prompt uses, after sign-in:
 * only the GitHub API calls the plan (plan.ts) needs, and none when the
 * prompt uses no variable that reads the API.
 */
import type { WorkflowFeatureConfig } from '../config.ts';
import { type ChangedFile, commitLines, fileFromRow, fileLines } from './diff.ts';
import type { EventFacts, RepoId } from './event.ts';
import type { GithubClient } from './github-client.ts';
import { type ContextVariable, needsPullRequest, needsRange } from './context-variables.ts';
import type { ContextPlan } from './plan.ts';
import { fetchPullRequest } from './pull-request.ts';
import { fetchRange } from './release-range.ts';

export interface ResolvedContext {
  /** Values of every used variable except pr.diff, which the input budget renders. */
  values: Partial<Record<ContextVariable, string>>;
  /** The pull request's changed files with their diff sections, when pr.diff is used. */
  diffFiles?: ChangedFile[];
  diffSource?: 'diff' | 'patches';
  /** How `from` of {{commits}} / {{changes}} was chosen. */
  range?: { from?: string; to: string; fromSource: string };
}

export async function fetchContext(
  plan: ContextPlan,
  facts: EventFacts,
  config: Pick<WorkflowFeatureConfig, 'fromRef' | 'toRef'>,
  client: () => Promise<GithubClient>,
  log: (message: string) => void,
): Promise<ResolvedContext> {
  const used = plan.used;
  log(`Context variables used: ${[...used].map((n) => `{{${n}}}`).join(', ')}.`);
  const resolved: ResolvedContext = { values: {} };
  const values = resolved.values;
  if (used.has('repo')) values.repo = facts.repository ? `${facts.repository.owner}/${facts.repository.repo}` : '';
  if (used.has('ref')) values.ref = facts.ref;
  if (used.has('sha')) values.sha = facts.sha;
  if (used.has('event')) values.event = facts.name;
  if (plan.pullRequest !== undefined && used.has('pr.number')) values['pr.number'] = String(plan.pullRequest);
  if (!plan.api) return resolved;

  const repo = plan.repository;
  if (!repo) return resolved; // planContext sets it whenever the API is needed
  const gh = await client();
  if (plan.pullRequest !== undefined && needsPullRequest(used)) {
    await putPullRequest(resolved, { gh, repo, number: plan.pullRequest, used, facts, log });
  }
  if (needsRange(used)) await putRange(resolved, { gh, repo, used, facts, config, log });
  const retried = gh.retried.length ? `; ${gh.retried.length} retried (${[...new Set(gh.retried)].join(', ')})` : '';
  log(`GitHub API: ${gh.requests} request${gh.requests === 1 ? '' : 's'} to ${gh.apiUrl}, at most ${gh.maxInFlight} at once${retried}.`);
  return resolved;
}

/** Where a fetch reads from and what it may say. */
interface FetchScope {
  gh: GithubClient;
  repo: RepoId;
  used: ReadonlySet<ContextVariable>;
  facts: EventFacts;
  log: (message: string) => void;
}

/** The pull request's variables (title, body, files, commits, diff), from one read of what they need. */
async function putPullRequest(resolved: ResolvedContext, scope: FetchScope & { number: number }): Promise<void> {
  const { gh, repo, used, facts, log, number } = scope;
  const values = resolved.values;
  const needs = {
    meta: ['pr.title', 'pr.body', 'pr.author', 'pr.base', 'pr.head'].some((n) => used.has(n as ContextVariable)),
    diff: used.has('pr.diff'),
    files: used.has('pr.files'),
    commits: used.has('pr.commits'),
  };
  // The payload's counts are this pull request's only when it is the event's (the pull-request input may name another).
  const counts = number === facts.pullRequest ? facts.pullRequestCounts : undefined;
  const pr = await fetchPullRequest(gh, repo, number, needs, log, counts);
  if (used.has('pr.title')) values['pr.title'] = pr.title ?? '';
  if (used.has('pr.body')) values['pr.body'] = pr.body ?? '';
  if (used.has('pr.author')) values['pr.author'] = pr.author ?? '';
  if (used.has('pr.base')) values['pr.base'] = pr.base ?? '';
  if (used.has('pr.head')) values['pr.head'] = pr.head ?? '';
  if (used.has('pr.files')) values['pr.files'] = fileLines(pr.files ?? []);
  if (used.has('pr.commits')) {
    const listed = pr.commits ?? [];
    const more = (pr.commitsTotal ?? listed.length) - listed.length;
    values['pr.commits'] = commitLines(listed) + (more > 0 ? `\n(${more} more commits not listed: GitHub lists at most 250)` : '');
  }
  if (used.has('pr.diff')) {
    resolved.diffFiles = pr.files ?? [];
    if (pr.diffSource) resolved.diffSource = pr.diffSource;
  }
}

/** {{commits}} and {{changes}}: the range between two refs, chosen from the inputs and the event. */
async function putRange(
  resolved: ResolvedContext,
  scope: FetchScope & { config: Pick<WorkflowFeatureConfig, 'fromRef' | 'toRef'> },
): Promise<void> {
  const { gh, repo, used, facts, config, log } = scope;
  const values = resolved.values;
  const range = await fetchRange(
    gh,
    repo,
    {
      sha: facts.sha,
      ...(config.fromRef ? { fromRef: config.fromRef } : {}),
      ...(config.toRef ? { toRef: config.toRef } : {}),
      ...(facts.releaseTag ? { releaseTag: facts.releaseTag } : {}),
    },
    log,
  );
  resolved.range = { to: range.to, fromSource: range.fromSource, ...(range.from ? { from: range.from } : {}) };
  const more = range.totalCommits - range.commits.length;
  if (used.has('commits'))
    values.commits = commitLines(range.commits) + (more > 0 ? `\n(${more} older commits not listed: GitHub lists at most 250)` : '');
  if (used.has('changes')) values.changes = fileLines(range.files.map(fileFromRow));
}
