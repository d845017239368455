/**
 * The big-pull-request scenario: the same PR-summary prompt on a 3-file and
 * a 3,000-file pull request, GitHub answering every request after 150 ms,
 * the model at once. What it shows is how the context fetch grows with the
 * pull request: pages fetched concurrently keep the big one near the small one.
 */
import { FIXTURE_REPO, GITHUB_TOKEN, HUGE_PR, pullRequestEvent } from '../emulator/fixtures/github-repos.ts';
import type { Emulator } from '../emulator/index.ts';
import { baseInputs, runAction } from '../emulator/runner.ts';
import type { PullRequestRow } from './report.ts';

/** GitHub's own latency, as measured in the issue this scenario comes from. */
export const GITHUB_LATENCY_MS = 150;
const SMALL_PR = 46;
const PROMPT =
  'Summarize this pull request for a reviewer.\n"{{pr.title}}"\n{{pr.body}}\nFiles:\n{{pr.files}}\nCommits:\n{{pr.commits}}\nDiff:\n{{pr.diff}}';

interface Scenario {
  label: string;
  number: number;
}

export const PULL_REQUESTS: Scenario[] = [
  { label: '3-file pull request', number: SMALL_PR },
  { label: '3,000-file pull request', number: HUGE_PR },
];

/** After a reset: GitHub's latency, and a 3-file pull request cut from the big one (same kind of files and commits). */
function prepare(emulator: Emulator): void {
  emulator.config.githubApi.latencyMs = GITHUB_LATENCY_MS;
  const repo = emulator.config.githubApi.repos[FIXTURE_REPO];
  const huge = repo?.pulls[String(HUGE_PR)];
  if (!repo || !huge) throw new Error('the emulator has no 3,000-file pull request');
  repo.pulls[String(SMALL_PR)] = { ...huge, number: SMALL_PR, files: huge.files.slice(0, 3), commits: huge.commits.slice(0, 3) };
}

/** One run of the action on the scenario's pull request: its wall time and GitHub requests. */
export async function runPullRequest(
  emulator: Emulator,
  scenario: Scenario,
  bundle: string,
): Promise<{ ms: number; githubRequests: number }> {
  emulator.reset();
  prepare(emulator);
  const result = await runAction(emulator, {
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, prompt: PROMPT },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, scenario.number) },
    entry: bundle,
    compileCache: false,
  });
  if (result.code !== 0) throw new Error(`${scenario.label}: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return { ms: result.durationMs, githubRequests: emulator.count('github-api') };
}

/** A warm-up run of each, then `runs` timed runs, interleaved so that machine load hits both alike. */
export async function measurePullRequests(emulator: Emulator, bundle: string, runs: number): Promise<PullRequestRow[]> {
  const rows: PullRequestRow[] = PULL_REQUESTS.map((s) => ({ label: s.label, runsMs: [], githubRequests: [] }));
  for (const scenario of PULL_REQUESTS) await runPullRequest(emulator, scenario, bundle);
  for (let i = 0; i < runs; i++) {
    for (const [index, scenario] of PULL_REQUESTS.entries()) {
      const run = await runPullRequest(emulator, scenario, bundle);
      rows[index]?.runsMs.push(run.ms);
      rows[index]?.githubRequests.push(run.githubRequests);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return rows;
}
