/**
 * `npm run bench [-- --runs N] [-- --check]`: runs the built action (dist/index.js, or
 * ACTION_BUNDLE) against the in-process emulator with zero model latency, on
 * the keyless path (GitHub OIDC → Entra → one chat call) and the azure/login
 * path (fake az), interleaved with the floor (a bare Node process making the
 * same loopback round trips), so machine load hits all of them alike.
 *
 * Prints a Markdown table, appends it to $GITHUB_STEP_SUMMARY when set, and
 * writes .bench/latest.json. --check exits 1 when a target is missed.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { baseInputs, BUNDLE, ROOT, runAction, type RunOptions } from '../emulator/runner.ts';
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
  key: keyof BenchResult['paths'];
  label: string;
  authMethod: string;
  /** Prepares the emulator (after its reset) and returns the run's options. */
  prepare(emulator: Emulator): RunOptions;
}

const PATHS: BenchPath[] = [
  {
    key: 'keyless',
    label: 'keyless (GitHub OIDC → Entra)',
    authMethod: 'github-oidc',
    prepare: (emulator) => ({ inputs: baseInputs(emulator) }),
  },
  {
    key: 'azureCli',
    label: 'azure/login (auth: azure-cli)',
    authMethod: 'azure-cli',
    prepare: (emulator) => {
      emulator.azLogin();
      return { inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', auth: 'azure-cli' } };
    },
  },
];

/** One run of the action; fails the benchmark on anything but a clean success. */
async function runOnce(emulator: Emulator, path: BenchPath, extraEnv: Record<string, string> = {}): Promise<{ ms: number; counts: RequestCounts }> {
  emulator.reset();
  const options = path.prepare(emulator);
  const result = await runAction(emulator, { ...options, env: { ...options.env, ...extraEnv } });
  if (result.code !== 0 || result.outputs['auth-method'] !== path.authMethod) {
    throw new Error(`${path.label}: exit ${result.code}, auth-method ${result.outputs['auth-method']}\n${result.stdout}\n${result.stderr}`);
  }
  return { ms: result.durationMs, counts: countRequests(emulator, emulator.requests) };
}

const emulator = await startEmulator({ config: { openai: { latencyMs: 0 } } });
const probe = new RssProbe(BUNDLE);
try {
  console.log(`Benchmarking ${relative(ROOT, BUNDLE) || BUNDLE}: 1 warm-up + ${RUNS} timed runs per path, interleaved with the floor.`);
  const results = new Map<BenchPath, PathResult>();
  for (const path of PATHS) {
    // The warm-up run fills the OS file cache and says which round trips the floor repeats.
    const warm = await runOnce(emulator, path);
    const floorPlan = { http: warm.counts.http, https: warm.counts.https, azSpawns: warm.counts.azSpawns };
    path.prepare(emulator);
    await runFloor(emulator, floorPlan);
    results.set(path, { label: path.label, runsMs: [], floorMs: [], floorPlan, rssBytes: [], counts: [] });
  }
  for (let i = 0; i < RUNS; i++) {
    for (const path of PATHS) {
      const entry = results.get(path)!;
      emulator.reset();
      path.prepare(emulator);
      entry.floorMs.push(await runFloor(emulator, entry.floorPlan));
      const run = await runOnce(emulator, path);
      entry.runsMs.push(run.ms);
      entry.counts.push(run.counts);
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  for (let i = 0; i < RSS_RUNS; i++) {
    for (const path of PATHS) {
      await runOnce(emulator, path, probe.env());
      results.get(path)!.rssBytes.push(probe.read());
    }
  }

  const result: BenchResult = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    bundle: relative(ROOT, BUNDLE) || BUNDLE,
    dist: directorySize(dirname(BUNDLE)),
    paths: { keyless: results.get(PATHS[0]!)!, azureCli: results.get(PATHS[1]!)! },
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
