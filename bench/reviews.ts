/**
 * The incremental-review scenario: `comment: review` on a 300-file pull
 * request, then a push that changes one file, reviewed again. What it shows
 * is what the second review costs: only the changes since the first are
 * sent, so its prompt tokens (as the emulated deployment counts them) are a
 * small part of the first's.
 */
import { commit, HUBOT, openPull } from '../emulator/fixtures/github-builders.ts';
import { FIXTURE_REPO, type FixtureFile, GITHUB_TOKEN, pullRequestEvent } from '../emulator/fixtures/github-repos.ts';
import type { Emulator } from '../emulator/index.ts';
import { baseInputs, runAction } from '../emulator/runner.ts';
import type { TargetCheck } from './report.ts';

export interface ReviewRow {
  files: number;
  /** Prompt tokens of the first review (the whole pull request). */
  firstPromptTokens: number;
  /** Prompt tokens of the review after a one-file push (the changes since the first). */
  pushPromptTokens: number;
}

const REVIEW_BENCH_PR = 48;
const FILES = 300;

function moduleFile(i: number, extra: string[] = []): FixtureFile {
  const name = `src/modules/module-${String(i).padStart(3, '0')}.ts`;
  const added = [`export const value${i} = ${i};`, `export const name${i} = 'module ${i}';`, ...extra];
  return {
    filename: name,
    status: 'modified',
    additions: added.length,
    deletions: 1,
    patch: [`@@ -1,2 +1,${added.length + 1} @@`, ` // module ${i}`, `-export const value${i} = ${i}`, ...added.map((l) => `+${l}`)].join(
      '\n',
    ),
  };
}

function prepare(emulator: Emulator): void {
  const repo = emulator.config.githubApi.repos[FIXTURE_REPO];
  if (!repo) throw new Error('the emulator has no fixture repository');
  repo.pulls[String(REVIEW_BENCH_PR)] = openPull({
    number: REVIEW_BENCH_PR,
    title: 'Add a value to every module',
    body: 'Mechanical.',
    author: HUBOT,
    branch: 'feature/values',
    commit: { seed: 'bench-review-1', message: 'Add values', date: '2025-06-01T09:00:00Z' },
    files: Array.from({ length: FILES }, (_, i) => moduleFile(i + 1)),
  });
}

/** The one-file push: module 1 gains a line; the pull request's own diff of that file changes with it. */
function push(emulator: Emulator): void {
  const pr = emulator.config.githubApi.repos[FIXTURE_REPO]?.pulls[String(REVIEW_BENCH_PR)];
  if (!pr) throw new Error('the review pull request is gone');
  const changed = moduleFile(1, ['export const extra1 = true;']);
  const commitFile: FixtureFile = {
    filename: changed.filename,
    status: 'modified',
    additions: 1,
    deletions: 0,
    patch: "@@ -2,2 +2,3 @@\n export const value1 = 1;\n export const name1 = 'module 1';\n+export const extra1 = true;",
  };
  const pushed = commit('bench-review-2', 'Add extra1', HUBOT, '2025-06-01T10:00:00Z', [commitFile]);
  pr.commits.push(pushed);
  pr.files = [changed, ...pr.files.slice(1)];
  pr.head.sha = pushed.sha;
}

async function reviewOnce(emulator: Emulator, bundle: string): Promise<number> {
  const answer = JSON.stringify({ summary: 'Fine.', findings: [] });
  emulator.injectFaults('openai', [{ kind: 'reply', content: answer }]);
  const result = await runAction(emulator, {
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, prompt: 'Review for correctness.', comment: 'review' },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, REVIEW_BENCH_PR, 'synchronize') },
    env: { GITHUB_WORKFLOW: 'Bench', GITHUB_JOB: 'review', GITHUB_ACTION: 'review' },
    entry: bundle,
    compileCache: false,
  });
  if (result.code !== 0) throw new Error(`review: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return Number(result.outputs['prompt-tokens']);
}

/** One first review and one after a one-file push: token counts are the same on every run, so one pair is enough. */
export async function measureReviews(emulator: Emulator, bundle: string): Promise<ReviewRow> {
  emulator.reset();
  prepare(emulator);
  const firstPromptTokens = await reviewOnce(emulator, bundle);
  push(emulator);
  const pushPromptTokens = await reviewOnce(emulator, bundle);
  return { files: FILES, firstPromptTokens, pushPromptTokens };
}

/** A one-file push's review at most this share of the first review's prompt tokens (issue 25). */
export const INCREMENTAL_REVIEW_SHARE = 0.1;

/** The review after a one-file push against the first review of the whole pull request, in prompt tokens. */
export function reviewTarget(row: ReviewRow | undefined): TargetCheck[] {
  if (!row) return [];
  const ratio = row.pushPromptTokens / row.firstPromptTokens;
  return [
    {
      name: `review after a one-file push ≤ ${INCREMENTAL_REVIEW_SHARE * 100} % of the first review's prompt tokens`,
      met: ratio <= INCREMENTAL_REVIEW_SHARE,
      actual: `${(ratio * 100).toFixed(1)} % (${row.pushPromptTokens} of ${row.firstPromptTokens})`,
    },
  ];
}

export function renderReviews(row: ReviewRow | undefined): string[] {
  if (!row) return [];
  return [
    `comment: review of a ${row.files}-file pull request, prompt tokens as the emulated deployment counts them:`,
    '',
    '| review | prompt tokens | vs the first |',
    '| --- | --- | --- |',
    `| the whole pull request | ${row.firstPromptTokens} | 100 % |`,
    `| after a one-file push (changes since) | ${row.pushPromptTokens} | ${((row.pushPromptTokens / row.firstPromptTokens) * 100).toFixed(1)} % |`,
    '',
  ];
}
