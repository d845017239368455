/**
 * The any-size scenario: `comment: review` of a pull request ten times
 * max-input-tokens (large-diff: split, the review's default) beside the review
 * of a pull request that fits, the emulated model answering every call after
 * 1 s. What it shows is the wall time a split costs: parts asked four at a
 * time, then one combining call. And what the service's prompt cache gives
 * the parts after the first (their shared prompt), as the job summary's
 * table of parts reports it.
 */
import { bigPull, normalPull } from '../emulator/fixtures/github-pulls.ts';
import { FIXTURE_REPO, GITHUB_TOKEN, pullRequestEvent } from '../emulator/fixtures/github-repos.ts';
import { REVIEW_GUIDE } from '../emulator/fixtures/review-guide.ts';
import type { Emulator } from '../emulator/index.ts';
import { baseInputs, runAction, type RunResult } from '../emulator/runner.ts';

export interface SplitReviewRow {
  maxInputTokens: number;
  /** The big pull request's numbered diff, as the split review counted its parts. */
  parts: number;
  inBudgetMs: number[];
  splitMs: number[];
  /** Each part's prompt and cached tokens (the last split run's job summary). */
  partTokens: Array<{ prompt: number; cached: number }>;
}

const MODEL_LATENCY_MS = 1000;
const MAX_INPUT_TOKENS = 6000;
const BIG = 62;
/** The wall time of the split review at most this many times the in-budget review's (issue 25). */
export const SPLIT_REVIEW_RATIO = 2.5;

async function review(emulator: Emulator, bundle: string, number: number): Promise<RunResult> {
  emulator.reset();
  emulator.config.openai.latencyMs = MODEL_LATENCY_MS;
  const repo = emulator.config.githubApi.repos[FIXTURE_REPO];
  if (!repo) throw new Error('the emulator has no fixture repository');
  repo.pulls[String(BIG)] = bigPull(BIG);
  const result = await runAction(emulator, {
    inputs: {
      ...baseInputs(emulator),
      'github-token': GITHUB_TOKEN,
      prompt: REVIEW_GUIDE,
      comment: 'review',
      'max-input-tokens': String(MAX_INPUT_TOKENS),
    },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, number) },
    env: { GITHUB_WORKFLOW: 'Bench', GITHUB_JOB: 'review', GITHUB_ACTION: 'split' },
    entry: bundle,
    compileCache: false,
  });
  if (result.code !== 0) throw new Error(`review of #${number}: exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The job summary's table of parts: each row's prompt and cached tokens. */
function partsOf(summary: string): Array<{ prompt: number; cached: number }> {
  const rows = summary.split('\n').filter((line) => /^\| \d+ \| /.test(line));
  return rows.map((line) => {
    const cells = line.split(' | ');
    const number = (cell: string | undefined) => Number((cell ?? '').replace(/,/g, ''));
    return { prompt: number(cells[4]), cached: number(cells[5]) };
  });
}

/** A warm-up of each, then `runs` timed runs of each, interleaved so that machine load hits both alike. */
export async function measureSplitReview(emulator: Emulator, bundle: string, runs: number): Promise<SplitReviewRow> {
  const small = normalPull().number;
  await review(emulator, bundle, small);
  await review(emulator, bundle, BIG);
  const row: SplitReviewRow = { maxInputTokens: MAX_INPUT_TOKENS, parts: 0, inBudgetMs: [], splitMs: [], partTokens: [] };
  for (let i = 0; i < runs; i++) {
    row.inBudgetMs.push((await review(emulator, bundle, small)).durationMs);
    const split = await review(emulator, bundle, BIG);
    row.splitMs.push(split.durationMs);
    row.partTokens = partsOf(split.summary);
    row.parts = row.partTokens.length;
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  return row;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export function splitReviewRatio(row: SplitReviewRow): number {
  return median(row.splitMs) / median(row.inBudgetMs);
}

export function renderSplitReview(row: SplitReviewRow | undefined): string[] {
  if (!row) return [];
  const later = row.partTokens.slice(1);
  const cached = later.reduce((sum, part) => sum + part.cached, 0);
  const prompt = later.reduce((sum, part) => sum + part.prompt, 0);
  return [
    `comment: review at ${MODEL_LATENCY_MS} ms per model call, max-input-tokens ${row.maxInputTokens}:`,
    '',
    '| review | runs | median | calls | vs in budget |',
    '| --- | --- | --- | --- | --- |',
    `| a pull request that fits | ${row.inBudgetMs.length} | ${Math.round(median(row.inBudgetMs))} ms | 1 | 1.00× |`,
    `| ten times the budget, split | ${row.splitMs.length} | ${Math.round(median(row.splitMs))} ms | ${row.parts} parts + 1 | ${splitReviewRatio(row).toFixed(2)}× |`,
    '',
    `Parts after the first: ${cached} of ${prompt} prompt tokens cached (per part: ${later.map((part) => part.cached).join(', ')}).`,
    '',
  ];
}

export function splitReviewTarget(row: SplitReviewRow | undefined): Array<{ name: string; met: boolean; actual: string }> {
  if (!row) return [];
  const ratio = splitReviewRatio(row);
  return [
    {
      name: `a split review of ten times max-input-tokens ≤ ${SPLIT_REVIEW_RATIO}× the wall time of an in-budget review`,
      met: ratio <= SPLIT_REVIEW_RATIO,
      actual: `${ratio.toFixed(2)}× (${row.parts} parts)`,
    },
  ];
}
