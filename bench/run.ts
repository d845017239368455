/**
 * `npm run bench [-- --runs N --rss-runs N --check]`: runs the built action
 * (dist/index.js, or ACTION_BUNDLE) against the in-process emulator with zero
 * model latency, on the keyless path (GitHub OIDC → Entra → one chat call)
 * and the azure/login path (fake az), interleaved with the floor (a bare Node
 * process making the same loopback round trips) so that machine load hits
 * all of them alike; then a PR summary of a 3-file and a 3,000-file pull
 * request with GitHub answering after 150 ms (pull-requests.ts).
 *
 * Prints a Markdown table, appends it to $GITHUB_STEP_SUMMARY when set, and
 * writes .bench/latest.json. --check exits 1 when a target is missed.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { baseInputs, DIST_ENTRY, ROOT, runAction, type RunOptions } from '../emulator/runner.ts';
import { countRequests, directorySize, type RequestCounts, RssProbe, runFloor } from './measure.ts';
import { measurePullRequests } from './pull-requests.ts';
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

interface Row {
  path: BenchPath;
  label: string;
  /** Extra inputs on top of the path's own. */
  inputs?: Record<string, string>;
}

// Every run is a job's first: runAction gives each a fresh RUNNER_TEMP and workspace.
const ROWS: Row[] = [
  { path: KEYLESS, label: 'default inputs' },
  // Streaming is the default; this row shows what it costs.
  { path: KEYLESS, label: 'stream: false', inputs: { stream: 'false' } },
  { path: AZURE_CLI, label: 'default inputs' },
];

const emulator = await startEmulator({ config: { openai: { latencyMs: 0 } } });
/** The bench measures a bundle: dist/, or the build ACTION_BUNDLE names. */
const BUNDLE = process.env.ACTION_BUNDLE ? resolve(process.env.ACTION_BUNDLE) : DIST_ENTRY;
const probe = new RssProbe(BUNDLE);

/** One run of the action; fails the benchmark on anything but a clean success. */
async function runOnce(row: Row, extraEnv: Record<string, string> = {}): Promise<{ ms: number; counts: RequestCounts }> {
  emulator.reset();
  const options = row.path.prepare(emulator);
  const env = { ...options.env, ...extraEnv };
  const result = await runAction(emulator, { ...options, inputs: { ...options.inputs, ...row.inputs }, env, entry: BUNDLE, compileCache: false });
  if (result.code !== 0 || result.outputs['auth-method'] !== row.path.authMethod) {
    throw new Error(
      `${row.path.label}: exit ${result.code}, auth-method ${result.outputs['auth-method']}\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { ms: result.durationMs, counts: countRequests(emulator, emulator.requests) };
}

try {
  console.log(`Benchmarking ${relative(ROOT, BUNDLE) || BUNDLE}: 1 warm-up + ${RUNS} timed runs per row, interleaved with the floor.`);
  const floors = new Map<BenchPath, { plan: PathResult['floorPlan']; ms: number[] }>();
  const measured: { row: Row; result: PathResult }[] = [];
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
  console.log(`Pull requests (GitHub answering after 150 ms): 1 warm-up + ${RUNS} timed runs each, interleaved.`);
  const pullRequests = await measurePullRequests(emulator, BUNDLE, RUNS);
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
    pullRequests,
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
  await emulator.stop();
}
