/**
 * `npm run bench [-- --runs N --rss-runs N --reference PATH --check]`: runs the built action
 * (dist/index.js, or ACTION_BUNDLE) against the in-process emulator with zero
 * model latency, on the keyless path (GitHub OIDC → Entra → one chat call)
 * and the azure/login path (fake az), interleaved with the floor (a bare Node
 * process making the same loopback round trips) so that machine load hits
 * all of them alike; then a PR summary of a 3-file and a 3,000-file pull
 * request with GitHub answering after 150 ms (pull-requests.ts); a review of a
 * 300-file pull request and the one after a one-file push (reviews.ts); the
 * requests and tokens tool use adds, beside a run without tools (tools.ts); a
 * review ten times max-input-tokens, split, beside one that fits, at 1 s per
 * model call (split-review.ts). With
 * --reference PATH, another action's bundle runs beside them (see REFERENCE).
 *
 * Prints a Markdown table, appends it to $GITHUB_STEP_SUMMARY when set, and
 * writes .bench/latest.json. --check exits 1 when a target is missed.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Emulator, startEmulator } from '../emulator/index.ts';
import { baseInputs, DIST_ENTRY, ROOT, runAction, type RunOptions, type RunResult } from '../emulator/runner.ts';
import { countRequests, directorySize, type RequestCounts, RssProbe, runFloor } from './measure.ts';
import { measurePullRequests } from './pull-requests.ts';
import { measureReviews } from './reviews.ts';
import { measureCache } from './cache.ts';
import { measureTools, renderToolTable } from './tools.ts';
import { measureSplitReview } from './split-review.ts';
import { type BenchResult, checkTargets, type PathResult, renderTable } from './report.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    'rss-runs': { type: 'string', default: '3' },
    check: { type: 'boolean', default: false },
    reference: { type: 'string' },
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
  /** The bundle this path runs. */
  entry: string;
  /** Prepares the emulator (after its reset) and returns the run's options. */
  prepare(emulator: Emulator): RunOptions;
  /** Why a finished run does not count as a clean success, if it does not. */
  failure(result: RunResult): string | undefined;
  /** Measured against that path's floor rather than one of its own round trips. */
  floorOf?: BenchPath;
}

/** The bench measures a bundle: dist/, or the build ACTION_BUNDLE names. */
const BUNDLE = process.env.ACTION_BUNDLE ? resolve(process.env.ACTION_BUNDLE) : DIST_ENTRY;
const authMethod = (expected: string) => (result: RunResult) =>
  result.code === 0 && result.outputs['auth-method'] === expected
    ? undefined
    : `exit ${result.code}, auth-method ${result.outputs['auth-method']}`;

const KEYLESS: BenchPath = {
  key: 'keyless',
  label: 'keyless (GitHub OIDC → Entra)',
  entry: BUNDLE,
  prepare: (emulator) => ({ inputs: baseInputs(emulator) }),
  failure: authMethod('github-oidc'),
};
const AZURE_CLI: BenchPath = {
  key: 'azureCli',
  label: 'azure/login (auth: azure-cli)',
  entry: BUNDLE,
  failure: authMethod('azure-cli'),
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

/**
 * --reference PATH: another action's bundle that calls the same deployment the way an API-key action
 * does: one request, the token given as its `token` input, no token exchange (actions/ai-inference's
 * inputs; its v1 route, body `model` = deployment). Measured against the keyless floor, so that its
 * run/floor reads beside the keyless one.
 */
const REFERENCE: BenchPath | undefined = args.reference
  ? {
      key: 'reference',
      label: `reference bundle (${args.reference}), token given, no exchange`,
      entry: resolve(args.reference),
      prepare: (emulator) => ({
        inputs: {
          prompt: 'Say hello.',
          model: 'gpt-5.1',
          endpoint: `${emulator.httpUrl}/openai/v1`,
          token: emulator.mintAccessToken(),
          // The runner passes an action.yml's defaults as inputs; these are the ones actions/ai-inference reads.
          'system-prompt': 'You are a helpful assistant',
          'max-tokens': '200',
          'enable-github-mcp': 'false',
          provider: 'github-models',
        },
      }),
      failure: (result) => (result.code === 0 && result.outputs.response ? undefined : `exit ${result.code}, no response output`),
      floorOf: KEYLESS,
    }
  : undefined;

// Every run is a job's first: runAction gives each a fresh RUNNER_TEMP and workspace.
const ROWS: Row[] = [
  { path: KEYLESS, label: 'default inputs' },
  // Streaming is the default; this row shows what it costs.
  { path: KEYLESS, label: 'stream: false', inputs: { stream: 'false' } },
  // Tools offered but never called: their code must not load, so start-up must not grow.
  { path: KEYLESS, label: 'tools: workspace, no call', inputs: { tools: 'workspace' } },
  { path: AZURE_CLI, label: 'default inputs' },
  ...(REFERENCE ? [{ path: REFERENCE, label: 'its default inputs' }] : []),
];

const emulator = await startEmulator({ config: { openai: { latencyMs: 0 } } });
const probe = new RssProbe();

/** One run of the action; fails the benchmark on anything but a clean success. */
async function runOnce(row: Row, extraEnv: Record<string, string> = {}): Promise<{ ms: number; counts: RequestCounts }> {
  emulator.reset();
  const options = row.path.prepare(emulator);
  const env = { ...options.env, ...extraEnv };
  const inputs = { ...options.inputs, ...row.inputs };
  const result = await runAction(emulator, { ...options, inputs, env, entry: row.path.entry, compileCache: false });
  const failure = row.path.failure(result);
  if (failure) throw new Error(`${row.path.label}: ${failure}\n${result.stdout}\n${result.stderr}`);
  return { ms: result.durationMs, counts: countRequests(emulator, emulator.requests) };
}

try {
  console.log(`Benchmarking ${relative(ROOT, BUNDLE) || BUNDLE}: 1 warm-up + ${RUNS} timed runs per row, interleaved with the floor.`);
  const floors = new Map<BenchPath, { plan: PathResult['floorPlan']; ms: number[] }>();
  const measured: { row: Row; result: PathResult }[] = [];
  for (const row of ROWS) {
    // The warm-up run fills the OS file cache and says which round trips the floor repeats.
    const warm = await runOnce(row);
    const floorPath = row.path.floorOf ?? row.path;
    let floor = floors.get(floorPath);
    if (!floor) {
      floor = { plan: { http: warm.counts.http, https: warm.counts.https, azSpawns: warm.counts.azSpawns }, ms: [] };
      floorPath.prepare(emulator);
      await runFloor(emulator, floor.plan);
      floors.set(floorPath, floor);
    }
    const result: PathResult = {
      key: row.path.key,
      label: `${row.path.label}, ${row.label}`,
      ...(row.inputs || row.path === REFERENCE ? { variant: row.label } : {}),
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
  console.log('Reviews: a 300-file pull request, then after a one-file push.');
  const reviews = await measureReviews(emulator, BUNDLE);
  console.log('Prompt cache: one step run twice, in three prompt layouts.');
  const cache = await measureCache(emulator, BUNDLE);
  console.log('Tools: requests and tokens beside a run without them.');
  const tools = await measureTools(emulator, BUNDLE);
  console.log(`Split review: ten times max-input-tokens beside one that fits, 1 s per model call, ${RUNS} runs each.`);
  const splitReview = await measureSplitReview(emulator, BUNDLE, RUNS);
  for (let i = 0; i < RSS_RUNS; i++) {
    for (const { row, result } of measured) {
      await runOnce(row, probe.env(row.path.entry));
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
    reviews,
    cache,
    splitReview,
  };
  const table = `${renderTable(result)}\n\n${renderToolTable(tools)}`;
  console.log(`\n${table}`);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `## Benchmark\n\n${table}\n`);
  const jsonPath = join(ROOT, '.bench', 'latest.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify({ ...result, tools, targets: checkTargets(result) }, null, 2)}\n`);
  console.log(`Wrote ${relative(ROOT, jsonPath)}.`);
  if (args.check && checkTargets(result).some((t) => !t.met)) process.exitCode = 1;
} finally {
  probe.dispose();
  await emulator.stop();
}
