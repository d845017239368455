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
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
  key: 'keyless' | 'azureCli';
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

/**
 * The action keeps Node's compile cache under RUNNER_TEMP (src/index.ts).
 * runAction gives every run a fresh RUNNER_TEMP: the first step of a job on a
 * fresh runner ("cold"). A later step of the same job shares the job's
 * RUNNER_TEMP ("warm"): here one directory kept across the runs.
 */
type Cache = 'cold' | 'warm';
const CACHES: Cache[] = ['cold', 'warm'];

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
const warmTemp = mkdtempSync(join(tmpdir(), 'aoai-bench-runner-temp-'));
const cacheEnv = (cache: Cache): Record<string, string> => (cache === 'warm' ? { RUNNER_TEMP: warmTemp } : {});
try {
  console.log(`Benchmarking ${relative(ROOT, BUNDLE) || BUNDLE}: 1 warm-up + ${RUNS} timed runs per row, interleaved with the floor.`);
  const results = new Map<string, PathResult>();
  const floors = new Map<BenchPath, { plan: PathResult['floorPlan']; ms: number[] }>();
  for (const path of PATHS) {
    // The warm-up run fills the OS file cache and the warm compile cache, and says which round trips the floor repeats.
    const warm = await runOnce(emulator, path, cacheEnv('warm'));
    const plan = { http: warm.counts.http, https: warm.counts.https, azSpawns: warm.counts.azSpawns };
    path.prepare(emulator);
    await runFloor(emulator, plan);
    floors.set(path, { plan, ms: [] });
    for (const cache of CACHES) {
      const label = `${path.label}, ${cache === 'cold' ? 'first run on the runner' : 'later run in the job'}`;
      results.set(`${path.key} ${cache}`, { key: path.key, label, cache, runsMs: [], floorMs: [], floorPlan: plan, rssBytes: [], counts: [] });
    }
  }
  for (let i = 0; i < RUNS; i++) {
    for (const path of PATHS) {
      const floor = floors.get(path)!;
      emulator.reset();
      path.prepare(emulator);
      floor.ms.push(await runFloor(emulator, floor.plan));
      for (const cache of CACHES) {
        const entry = results.get(`${path.key} ${cache}`)!;
        const run = await runOnce(emulator, path, cacheEnv(cache));
        entry.runsMs.push(run.ms);
        entry.counts.push(run.counts);
      }
    }
    process.stdout.write('.');
  }
  process.stdout.write('\n');
  for (const path of PATHS) for (const cache of CACHES) results.get(`${path.key} ${cache}`)!.floorMs.push(...floors.get(path)!.ms);
  for (let i = 0; i < RSS_RUNS; i++) {
    for (const path of PATHS) {
      for (const cache of CACHES) {
        await runOnce(emulator, path, { ...cacheEnv(cache), ...probe.env() });
        results.get(`${path.key} ${cache}`)!.rssBytes.push(probe.read());
      }
    }
  }

  const result: BenchResult = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: availableParallelism(),
    bundle: relative(ROOT, BUNDLE) || BUNDLE,
    dist: directorySize(dirname(BUNDLE)),
    rows: [...results.values()],
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
  rmSync(warmTemp, { recursive: true, force: true });
  await emulator.stop();
}
