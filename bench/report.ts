/**
 * The benchmark's result: statistics over the runs, the targets checked as
 * ratios within one run, and the Markdown table printed, written to the job
 * summary and kept (as JSON) for comparison.
 */
import type { RequestCounts } from './measure.ts';
import { INCREMENTAL_REVIEW_SHARE, renderReviews, type ReviewRow, reviewTarget } from './reviews.ts';
import { type CacheRow, cacheTargets, renderCache } from './cache.ts';
import { renderSplitReview, type SplitReviewRow, splitReviewTarget } from './split-review.ts';

export interface PathResult {
  key: 'keyless' | 'azureCli' | 'reference';
  label: string;
  /** Set on rows that change a default input: shown, but not held to the targets. */
  variant?: string;
  /** Wall time of each timed run of the action, ms. */
  runsMs: number[];
  /** Wall time of each floor process, ms. */
  floorMs: number[];
  /** The round trips the floor repeats (from the warm-up run). */
  floorPlan: Pick<RequestCounts, 'http' | 'https' | 'azSpawns'>;
  /** Peak RSS of each probed run, bytes. */
  rssBytes: number[];
  counts: RequestCounts[];
}

/** One pull request of the big-pull-request scenario (bench/pull-requests.ts). */
export interface PullRequestRow {
  label: string;
  runsMs: number[];
  /** GitHub API requests of each run. */
  githubRequests: number[];
}

export interface BenchResult {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  bundle: string;
  dist: { bytes: number; files: number };
  rows: PathResult[];
  /** The 3-file and the 3,000-file pull request, in that order; absent from older results. */
  pullRequests?: PullRequestRow[];
  /** comment: review on a 300-file pull request, then after a one-file push (bench/reviews.ts); absent from older results. */
  reviews?: ReviewRow;
  /** One step run twice in three prompt layouts, against the emulated prompt cache (bench/cache.ts). */
  cache?: CacheRow[];
  /** comment: review ten times max-input-tokens, split, beside one in budget (bench/split-review.ts). */
  splitReview?: SplitReviewRow;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number): number => {
    const value = sorted[index];
    if (value === undefined) throw new Error('no values to summarize');
    return value;
  };
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  return { median, min: at(0), max: at(sorted.length - 1) };
}

export const TARGETS = {
  ratio: 2.2,
  rssMiB: 80,
  entraTokens: 1,
  githubIdTokens: 2,
  azSpawns: 1,
  bigPullRequest: 3,
  incrementalReview: INCREMENTAL_REVIEW_SHARE,
} as const;

export interface TargetCheck {
  name: string;
  met: boolean;
  actual: string;
}

export function checkTargets(result: BenchResult): TargetCheck[] {
  const defaults = result.rows.filter((row) => row.variant === undefined);
  const keyless = defaults.filter((row) => row.key === 'keyless');
  const all = result.rows.flatMap((row) => row.counts);
  const rss = Math.max(...defaults.flatMap((row) => row.rssBytes)) / 2 ** 20;
  const ratios = keyless.map((row) => {
    const ratio = summarize(row.runsMs).median / summarize(row.floorMs).median;
    return { name: `keyless run ≤ ${TARGETS.ratio}× the floor`, met: ratio <= TARGETS.ratio, actual: `${ratio.toFixed(2)}×` };
  });
  const keylessCounts = keyless.flatMap((row) => row.counts);
  return [
    ...ratios,
    {
      name: `peak RSS ≤ ${TARGETS.rssMiB} MiB`,
      met: rss <= TARGETS.rssMiB,
      actual: `${rss.toFixed(1)} MiB (highest run with the default inputs)`,
    },
    {
      name: `exactly ${TARGETS.entraTokens} Entra token request per keyless run`,
      met: keylessCounts.every((c) => c.entraTokens === TARGETS.entraTokens),
      actual: spread(keylessCounts.map((c) => c.entraTokens)),
    },
    {
      name: `≤ ${TARGETS.githubIdTokens} GitHub ID token requests per run`,
      met: all.every((c) => c.githubIdTokens <= TARGETS.githubIdTokens),
      actual: spread(all.map((c) => c.githubIdTokens)),
    },
    {
      name: `≤ ${TARGETS.azSpawns} az spawn per run`,
      met: all.every((c) => c.azSpawns <= TARGETS.azSpawns),
      actual: spread(all.map((c) => c.azSpawns)),
    },
    ...referenceTarget(keyless, result.rows),
    ...pullRequestTarget(result.pullRequests),
    ...reviewTarget(result.reviews),
    ...cacheTargets(result.cache),
    ...splitReviewTarget(result.splitReview),
  ];
}

/** With a reference bundle measured beside it: the keyless run against that bundle's run, medians of one run. */
function referenceTarget(keyless: PathResult[], rows: PathResult[]): TargetCheck[] {
  const reference = rows.find((row) => row.key === 'reference');
  if (!reference) return [];
  const referenceMs = summarize(reference.runsMs).median;
  return keyless.map((row) => {
    const ratio = summarize(row.runsMs).median / referenceMs;
    return { name: 'keyless run ≤ the reference bundle, side by side', met: ratio <= 1, actual: `${ratio.toFixed(2)}× its time` };
  });
}

/** The 3,000-file pull request against the 3-file one, medians of one run. */
function pullRequestTarget(rows: PullRequestRow[] | undefined): TargetCheck[] {
  const [small, large] = rows ?? [];
  if (!small || !large) return [];
  const ratio = summarize(large.runsMs).median / summarize(small.runsMs).median;
  return [
    {
      name: `${large.label} ≤ ${TARGETS.bigPullRequest}× the ${small.label}`,
      met: ratio <= TARGETS.bigPullRequest,
      actual: `${ratio.toFixed(2)}×`,
    },
  ];
}

function renderPullRequests(rows: PullRequestRow[] | undefined): string[] {
  const [small] = rows ?? [];
  if (!rows || !small) return [];
  const base = summarize(small.runsMs).median;
  const lines = rows.map((row) => {
    const run = summarize(row.runsMs);
    return `| ${row.label} | ${row.runsMs.length} | ${ms(run.median)} | ${Math.round(run.min)}–${Math.round(run.max)} | ${spread(row.githubRequests)} | ${(run.median / base).toFixed(2)}× |`;
  });
  return [
    'PR summary ({{pr.title}}, {{pr.body}}, {{pr.files}}, {{pr.commits}}, {{pr.diff}}), GitHub answering each request after 150 ms:',
    '',
    '| pull request | runs | median | min–max (ms) | GitHub requests | vs 3 files |',
    '| --- | --- | --- | --- | --- | --- |',
    ...lines,
    '',
  ];
}

/** "1" when every run agrees, else "min–max". */
function spread(values: number[]): string {
  const { min, max } = summarize(values);
  return min === max ? String(min) : `${min}–${max}`;
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function floorLabel(plan: PathResult['floorPlan']): string {
  const parts = [`${plan.http} http`, `${plan.https} https`];
  if (plan.azSpawns) parts.push(`${plan.azSpawns} az`);
  return parts.join(' + ');
}

export function renderTable(result: BenchResult): string {
  const rows = result.rows.map((path) => {
    const run = summarize(path.runsMs);
    const floor = summarize(path.floorMs);
    return [
      path.label,
      String(path.runsMs.length),
      ms(run.median),
      `${Math.round(run.min)}–${Math.round(run.max)}`,
      `${ms(floor.median)} (${floorLabel(path.floorPlan)})`,
      `${(run.median / floor.median).toFixed(2)}×`,
      mib(Math.max(...path.rssBytes)),
      spread(path.counts.map((c) => c.githubIdTokens)),
      spread(path.counts.map((c) => c.entraTokens)),
      spread(path.counts.map((c) => c.azSpawns)),
    ];
  });
  const header = [
    'path',
    'runs',
    'median',
    'min–max (ms)',
    'floor (median)',
    'run/floor',
    'peak RSS',
    'GitHub ID tokens',
    'Entra tokens',
    'az spawns',
  ];
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  const targets = checkTargets(result).map((t) => `- ${t.met ? '✅' : '❌'} ${t.name}: ${t.actual}`);
  return [
    ...lines,
    '',
    ...renderPullRequests(result.pullRequests),
    ...renderReviews(result.reviews),
    ...renderCache(result.cache),
    ...renderSplitReview(result.splitReview),
    `Bundle ${result.bundle}: its directory holds ${mib(result.dist.bytes)} in ${result.dist.files} files. Node ${result.node}, ${result.platform}, ${result.cpus} CPUs. Counts are per run; the floor repeats the run's round trips from a bare Node process.`,
    '',
    'Targets:',
    ...targets,
    '',
  ].join('\n');
}
