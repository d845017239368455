/**
 * `npm run bench [-- --runs N --rss-runs N --check]`: runs the built action
 * (dist/index.js, or ACTION_BUNDLE) against the in-process emulator with zero
 * model latency, on the keyless path (GitHub OIDC → Entra → one chat call)
 * and the azure/login path (fake az), interleaved with the floor (a bare Node
 * process making the same loopback round trips) so that machine load hits
 * all of them alike.
 *
 * Prints a Markdown table, appends it to $GITHUB_STEP_SUMMARY when set, and
 * writes .bench/latest.json. --check exits 1 when a target is missed.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { baseInputs, BUNDLE, ROOT, runAction, type RunOptions } from '../emulator/runner.ts';
import { COMPILE_CACHE_DIR } from '../src/compile-cache.ts';
import { countRequests, directorySize, type RequestCounts, RssProbe, runFloor } from './measure.ts';
import { type BenchResult, checkTargets, type PathResult, renderTable } from './report.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'rss-runs': { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const RSS_RUNS = Number(args['rss-runs']);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(RSS_RUNS) || RSS_RUNS < 1) {
  throw new Error('--runs and --rss-runs take a whole number ≥ 1');
}

interface BenchPath {
  key: PathResult['key'];
  label: string;
  authMethod: string;
  /** Prepares the emulator (after its reset) and returns the run's options. */
  prepare(emulator: Emulator): RunOptions;
}

const KEYLESS: BenchPath = {
  key: 'keyless',
  label: 'keyless (GitHub OIDC → Entra)',
  authMethod: 'github-oidc',
  prepare: (emulator) => ({ inputs: baseInputs(emulator) }),
};
const AZURE_CLI: BenchPath = {
  key: 'azureCli',
  label: 'azure/login (auth: azure-cli)',
  authMethod: 'azure-cli',
  prepare: (emulator) => {
    emulator.azLogin();
    return { inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', auth: 'azure-cli' } };
  },
};

/**
 * Node's compile cache under RUNNER_TEMP (src/compile-cache.ts): the first run
 * of a job has none (runAction gives every run a fresh RUNNER_TEMP), a second
 * run fills it, later runs read it (one directory kept across the runs).
 */
type Cache = PathResult['cache'];

interface Row {
  path: BenchPath;
  cache: Cache;
  label: string;
  /** Extra inputs on top of the path's own. */
  inputs?: Record<string, string>;
}

const ROWS: Row[] = [
  { path: KEYLESS, cache: 'none', label: 'first run of a job' },
  { path: KEYLESS, cache: 'filling', label: 'second run (fills the compile cache)' },
  { path: KEYLESS, cache: 'filled', label: 'later run (reads it)' },
  // Streaming is the default; this row shows what it costs (see README, Performance).
  { path: KEYLESS, cache: 'filled', label: 'later run, stream: false', inputs: { stream: 'false' } },
  { path: AZURE_CLI, cache: 'none', label: 'first run of a job' },
  { path: AZURE_CLI, cache: 'filled', label: 'later run' },
];

const emulator = await startEmulator({ config: { openai: { latencyMs: 0 } } });
const probe = new RssProbe(BUNDLE);
const filledTemp = mkdtempSync(join(tmpdir(), 'aoai-bench-runner-temp-'));

/** A RUNNER_TEMP for the row's cache state; undefined: runAction's fresh one. */
function runnerTemp(cache: Cache): { dir: string | undefined; dispose(): void } {
  if (cache === 'filled') return { dir: filledTemp, dispose: () => undefined };
  if (cache === 'none') return { dir: undefined, dispose: () => undefined };
  // A second run: the first left the cache directory, still empty.
  const dir = mkdtempSync(join(tmpdir(), 'aoai-bench-runner-temp-'));
  mkdirSync(join(dir, COMPILE_CACHE_DIR));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One run of the action; fails the benchmark on anything but a clean success. */
async function runOnce(row: Row, extraEnv: Record<string, string> = {}): Promise<{ ms: number; counts: RequestCounts }> {
  emulator.reset();
  const options = row.path.prepare(emulator);
  const temp = runnerTemp(row.cache);
  try {
    const env = { ...options.env, ...(temp.dir ? { RUNNER_TEMP: temp.dir } : {}), ...extraEnv };
    const result = await runAction(emulator, { ...options, inputs: { ...options.inputs, ...row.inputs }, env });
    if (result.code !== 0 || result.outputs['auth-method'] !== row.path.authMethod) {
      throw new Error(
        `${row.path.label}: exit ${result.code}, auth-method ${result.outputs['auth-method']}\n${result.stdout}\n${result.stderr}`,
      );
    }
    return { ms: result.durationMs, counts: countRequests(emulator, emulator.requests) };
  } finally {
    temp.dispose();
  }
}

try {
  console.log(`Benchmarking ${relative(ROOT, BUNDLE) || BUNDLE}: 1 warm-up + ${RUNS} timed runs per row, interleaved with the floor.`);
  const floors = new Map<BenchPath, { plan: PathResult['floorPlan']; ms: number[] }>();
  const measured: { row: Row; result: PathResult }[] = [];
  // A first run leaves the cache directory, a second fills the cache the "later" rows read.
  for (let i = 0; i < 2; i++) await runOnce({ path: KEYLESS, cache: 'filled', label: 'cache set-up' });
  for (const row of ROWS) {
    // The warm-up run fills the OS file cache and says which round trips the floor repeats.
    const warm = await runOnce(row);
    let floor = floors.get(row.path);
    if (!floor) {
      floor = { plan: { http: warm.counts.http, https: warm.counts.https, azSpawns: warm.counts.azSpawns }, ms: [] };
      row.path.prepare(emulator);
      await runFloor(emulator, floor.plan);
      floors.set(row.path, floor);
    }
    const result: PathResult = {
      key: row.path.key,
      label: `${row.path.label}, ${row.label}`,
      cache: row.cache,
      ...(row.inputs ? { variant: row.label } : {}),
      runsMs: [],
      floorMs: floor.ms, // shared by the rows of one path, filled below
      floorPlan: floor.plan,
      rssBytes: [],
      counts: [],
    };
    measured.push({ row, result });
  }
  for (let i = 0; i < RUNS; i++) {
    for (const [path, floor] of floors) {
      emulator.reset();
      path.prepare(emulator);
      floor.ms.push(await runFloor(emulator, floor.plan));
    }
    for (const { row, result } of measured) {
      const run = await runOnce(row);
      result.runsMs.push(run.ms);
      result.counts.push(run.counts);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  for (let i = 0; i < RSS_RUNS; i++) {
    for (const { row, result } of measured) {
      await runOnce(row, probe.env());
      result.rssBytes.push(probe.read());
    }
  }

  const result: BenchResult = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    bundle: relative(ROOT, BUNDLE) || BUNDLE,
    dist: directorySize(dirname(BUNDLE)),
    rows: measured.map((m) => m.result),
  };
  const table = renderTable(result);
  console.log(`\n${table}`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `## Benchmark\n\n${table}\n`);
  const jsonPath = join(ROOT, '.bench', 'latest.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify({ ...result, targets: checkTargets(result) }, null, 2)}\n`);
  console.log(`Wrote ${relative(ROOT, jsonPath)}.`);
  if (args.check && checkTargets(result).some((t) => !t.met)) process.exitCode = 1;
} finally {
  probe.dispose();
  rmSync(filledTemp, { recursive: true, force: true });
  await emulator.stop();
}
