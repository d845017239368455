import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RequestCounts } from '../../bench/measure.ts';
import { type BenchResult, checkTargets, type PathResult, renderTable, summarize } from '../../bench/report.ts';

const counts = (over: Partial<RequestCounts> = {}): RequestCounts => ({
  githubIdTokens: 1,
  entraTokens: 1,
  azSpawns: 0,
  http: 2,
  https: 2,
  ...over,
});

function row(over: Partial<PathResult> = {}): PathResult {
  return {
    key: 'keyless',
    label: 'keyless',
    runsMs: [120, 100, 110],
    floorMs: [60, 50, 70],
    floorPlan: { http: 2, https: 2, azSpawns: 0 },
    rssBytes: [70 * 2 ** 20],
    counts: [counts(), counts()],
    ...over,
  };
}

function result(rows: PathResult[]): BenchResult {
  return { date: '', node: 'v24', platform: 'linux x64', cpus: 2, bundle: 'dist/index.js', dist: { bytes: 2 ** 20, files: 3 }, rows };
}

const failed = (r: BenchResult) =>
  checkTargets(r)
    .filter((t) => !t.met)
    .map((t) => t.name);

describe('bench report', () => {
  test('summarize: median of odd and even counts, min and max', () => {
    assert.deepEqual(summarize([3, 1, 2]), { median: 2, min: 1, max: 3 });
    assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
    assert.throws(() => summarize([]), /no values/);
  });

  test('all targets met: ratio of medians 110/60, RSS 70 MiB, 1 Entra, 1 ID token, no az', () => {
    assert.deepEqual(failed(result([row()])), []);
  });

  test('a slow run, a high RSS and a second Entra request each miss their target', () => {
    const missed = failed(
      result([row({ runsMs: [200, 200, 200], rssBytes: [90 * 2 ** 20], counts: [counts(), counts({ entraTokens: 2 })] })]),
    );
    assert.equal(missed.length, 3);
    assert.match(missed.join('\n'), /2.2× the floor/);
    assert.match(missed.join('\n'), /RSS/);
    assert.match(missed.join('\n'), /Entra/);
  });

  test('a third GitHub ID token or a second az spawn misses, on any row', () => {
    const cli = row({ key: 'azureCli', counts: [counts({ entraTokens: 0, azSpawns: 2 })] });
    assert.deepEqual(failed(result([row({ counts: [counts({ githubIdTokens: 3 })] }), cli])).length, 2);
  });

  test('a variant row (a changed input) is shown but not held to the time and RSS targets', () => {
    const variant = row({ variant: 'stream: false', runsMs: [500], rssBytes: [200 * 2 ** 20] });
    assert.deepEqual(failed(result([row(), variant])), []);
    assert.match(renderTable(result([row(), variant])), /\| keyless \| 3 \| 110 ms \| 100–120 \| 60 ms \(2 http \+ 2 https\) \| 1\.83× \|/);
  });

  test('a reference bundle: held to no more than its time, never to the keyless targets', () => {
    const reference = (runsMs: number[]) =>
      row({
        key: 'reference',
        variant: 'its default inputs',
        runsMs,
        rssBytes: [120 * 2 ** 20],
        counts: [counts({ githubIdTokens: 0, entraTokens: 0 })],
      });
    // keyless median 110 ms
    assert.deepEqual(failed(result([row(), reference([130, 110, 150])])), []);
    assert.deepEqual(failed(result([row(), reference([100, 90, 105])])), ['keyless run ≤ the reference bundle, side by side']);
    const actual = checkTargets(result([row(), reference([130, 120, 150])])).find((t) => t.name.includes('reference'))?.actual;
    assert.equal(actual, '0.85× its time');
    assert.equal(checkTargets(result([row()])).filter((t) => t.name.includes('reference')).length, 0);
  });

  test('the big pull request: held to 3× the small one, shown with its GitHub requests', () => {
    const pullRequests = (largeMs: number[]) => [
      { label: '3-file pull request', runsMs: [400, 420, 410], githubRequests: [4, 4, 4] },
      { label: '3,000-file pull request', runsMs: largeMs, githubRequests: [35, 35, 35] },
    ];
    assert.deepEqual(failed({ ...result([row()]), pullRequests: pullRequests([1200, 1230, 1100]) }), []);
    assert.deepEqual(failed({ ...result([row()]), pullRequests: pullRequests([1300, 1240, 1250]) }), [
      '3,000-file pull request ≤ 3× the 3-file pull request',
    ]);
    const table = renderTable({ ...result([row()]), pullRequests: pullRequests([1200, 1230, 1100]) });
    assert.match(table, /\| 3-file pull request \| 3 \| 410 ms \| 400–420 \| 4 \| 1\.00× \|/);
    assert.match(table, /\| 3,000-file pull request \| 3 \| 1200 ms \| 1100–1230 \| 35 \| 2\.93× \|/);
    assert.match(table, /✅ 3,000-file pull request ≤ 3× the 3-file pull request: 2\.93×/);
  });

  test('the review after a one-file push: held to 10 % of the first review, in prompt tokens', () => {
    const reviews = (pushPromptTokens: number) => ({ files: 300, firstPromptTokens: 20_000, pushPromptTokens });
    assert.deepEqual(failed({ ...result([row()]), reviews: reviews(1_500) }), []);
    assert.deepEqual(failed({ ...result([row()]), reviews: reviews(2_001) }), [
      "review after a one-file push ≤ 10 % of the first review's prompt tokens",
    ]);
    const table = renderTable({ ...result([row()]), reviews: reviews(1_500) });
    assert.match(table, /\| after a one-file push \(changes since\) \| 1500 \| 7\.5 % \|/);
    assert.match(table, /✅ review after a one-file push ≤ 10 % of the first review's prompt tokens: 7\.5 % \(1500 of 20000\)/);
  });

  test('the prompt cache: a re-run served its whole prompt, the stable part first served at least that part', () => {
    const run = (promptTokens: number, cachedTokens: number, usd: number) => ({ promptTokens, cachedTokens, usd });
    const cache = (sameCached: number, stableCached: number) => [
      { layout: 'same', first: run(1492, 0, 0.002), second: run(1492, sameCached, 0.0004) },
      { layout: 'stable first', first: run(1492, 0, 0.002), second: run(1493, stableCached, 0.0004) },
      { layout: 'changing first', first: run(1499, 0, 0.002), second: run(1500, 0, 0.002) },
    ];
    assert.deepEqual(failed({ ...result([row()]), cache: cache(1408, 1408) }), []);
    assert.deepEqual(failed({ ...result([row()]), cache: cache(1280, 1280) }), [
      'a re-run of an unchanged step is served its whole prompt from cache, in 128-token steps',
      'stable part first: the second run is served at least the stable part (1408 tokens) from cache',
    ]);
    const table = renderTable({ ...result([row()]), cache: cache(1408, 1408) });
    assert.match(table, /\| stable first \| 1492 \/ 0 \| \$0\.002000 \| 1493 \/ 1408 \| 94\.3 % \| \$0\.000400 \| 20\.0 % \|/);
  });
});
