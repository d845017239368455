/**
 * An emulated runner: runs the action exactly as a GitHub runner does, for
 * the tests, the demo and dry runs. What it runs is the current src/: by
 * default bundled by the package's own build (scripts/build.ts) into a temporary folder
 * (once per version of src/, shared by every test process), so that a test
 * never runs a stale dist/ and a run costs what a bundle costs; with
 * ACTION_ENTRY=source, src/index.ts itself (Node 24 strips the types); with
 * ACTION_BUNDLE=path, that bundle (dist/index.js, say). The run gets:
 * inputs as INPUT_* variables (hyphens kept), GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, the OIDC request variables, a clean
 * environment. Everything points at the emulator on loopback. Each run has a
 * workspace of its own (GITHUB_WORKSPACE, the working directory), which
 * holds only the files the test puts there.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildOfSource } from './build-source.ts';
import type { Emulator } from './index.ts';
import { commands, parseOutputFile } from './workflow-files.ts';

export const ROOT = resolve(import.meta.dirname, '..');
/** The committed bundle, which the runner executes (action.yml). */
export const DIST_ENTRY = join(ROOT, 'dist', 'index.js');
/** The action's source entry point, which Node 24 runs as it is (ACTION_ENTRY=source, and one test of bundle.test.ts). */
export const SOURCE_ENTRY = join(ROOT, 'src', 'index.ts');

/** What runAction runs unless a run names its entry (see the header). */
function defaultEntry(): string {
  if (process.env.ACTION_BUNDLE) return resolve(process.env.ACTION_BUNDLE);
  if (process.env.ACTION_ENTRY === 'source') return SOURCE_ENTRY;
  return buildOfSource();
}

const RUN_TIMEOUT_MS = 60_000;
const SHIFTED_CLOCK = join(ROOT, 'emulator', 'shifted-clock.ts');
/**
 * Node keys its compile cache by each file's content, so every build and the source can share one folder: this
 * checkout's (__tests__/setup/compile-cache.ts names the same), unless NODE_COMPILE_CACHE names another.
 */
const COMPILE_CACHE_DIR = process.env.NODE_COMPILE_CACHE || join(ROOT, 'node_modules', '.cache', 'aoai-compile-cache');

export interface RunOptions {
  inputs?: Record<string, string>;
  /** Extra variables, or `undefined` to remove one the defaults set. */
  env?: Record<string, string | undefined>;
  /** Give the job an OIDC token (permissions: id-token: write). Default true. */
  oidc?: boolean;
  /** A GitHub event payload, written to GITHUB_EVENT_PATH. */
  event?: { name: string; payload: unknown };
  /** Files to create in the run's workspace: relative path → content. */
  files?: Record<string, string | Buffer>;
  /** Files or directories to copy into the workspace: relative path → source path. */
  copy?: Record<string, string>;
  /** Symlinks to create in the workspace: relative path → target (kept as given, so relative targets stay relative). */
  symlinks?: Record<string, string>;
  /** Named pipes to create in the workspace (relative paths; POSIX only: mkfifo). */
  fifos?: string[];
  /** Node options before the entry point (`--import` a probe, say). */
  nodeArgs?: string[];
  /** The day the action's clock reads (YYYY-MM-DD, shifted-clock.ts); default the real one. */
  today?: string;
  /** The script to run: defaultEntry() unless given (DIST_ENTRY for the committed bundle's tests). */
  entry?: string;
  /**
   * Read and fill Node's compile cache (NODE_COMPILE_CACHE), shared by every run from this checkout: the
   * action then compiles its bundle once, not once per run. Default true. The bench turns it off, since
   * it times a job's first run, which has no cache.
   */
  compileCache?: boolean;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The `::error::` annotations, decoded. */
  errors: string[];
  warnings: string[];
  durationMs: number;
  /** Every file the run wrote that a user could see (for token scans). */
  files: Record<string, string>;
}

/** Inputs most tests share: the emulator's endpoint, deployment and app. */
export function baseInputs(emulator: Emulator): Record<string, string> {
  const app = emulator.config.apps[0];
  if (!app) throw new Error('baseInputs: the emulator config has no app registration.');
  return {
    endpoint: emulator.httpUrl,
    deployment: 'gpt-5.1',
    prompt: 'Say hello.',
    'client-id': app.clientId,
    'tenant-id': emulator.config.tenantId,
  };
}

/**
 * The system folders an action process sees: on Windows, System32 for cmd.exe, which
 * @azure/identity runs `az` through (finding the emulator's az.cmd by PATHEXT).
 */
function systemPath(): string[] {
  if (process.platform !== 'win32') return ['/usr/bin', '/bin'];
  const root = process.env.SystemRoot ?? 'C:\\Windows';
  return [join(root, 'System32'), root];
}

/** The variables Windows programs need to start at all, and the temporary HOME where Windows looks for it. */
function systemEnv(home: string): Record<string, string | undefined> {
  if (process.platform !== 'win32') return {};
  const root = process.env.SystemRoot ?? 'C:\\Windows';
  return {
    SystemRoot: root,
    ComSpec: process.env.ComSpec ?? join(root, 'System32', 'cmd.exe'),
    PATHEXT: process.env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD',
    TEMP: process.env.TEMP,
    TMP: process.env.TMP,
    USERPROFILE: home,
  };
}

interface RunFiles {
  dir: string;
  workspace: string;
  outputFile: string;
  summaryFile: string;
}

/** The variables a runner gives the step: its files, the emulator's endpoints, the event, the inputs. */
function runnerEnv(emulator: Emulator, files: RunFiles, options: RunOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...systemEnv(files.dir),
    PATH: [emulator.azBinDir, dirname(process.execPath), ...systemPath()].join(delimiter),
    HOME: files.dir,
    RUNNER_TEMP: join(files.dir, 'runner-temp'),
    GITHUB_WORKSPACE: files.workspace,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: files.outputFile,
    GITHUB_STEP_SUMMARY: files.summaryFile,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_ACTOR: 'octocat',
    ...emulator.env(),
  };
  if (options.oidc === false) {
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  }
  if (options.event) {
    const eventFile = join(files.dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify(options.event.payload));
    env.GITHUB_EVENT_NAME = options.event.name;
    env.GITHUB_EVENT_PATH = eventFile;
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  if (options.compileCache === false) delete env.NODE_COMPILE_CACHE;
  else env.NODE_COMPILE_CACHE ??= COMPILE_CACHE_DIR;
  return env;
}

/** Runs the entry point as the step's process, killed if it outlives RUN_TIMEOUT_MS. */
async function runProcess(
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string; durationMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const code = await new Promise<number | null>((done) => child.on('close', (exitCode) => done(exitCode)));
  clearTimeout(timer);
  return { code, stdout, stderr, durationMs: Date.now() - started };
}

export async function runAction(emulator: Emulator, options: RunOptions = {}): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-run-'));
  try {
    const files: RunFiles = { dir, workspace: join(dir, 'workspace'), outputFile: join(dir, 'output'), summaryFile: join(dir, 'summary') };
    mkdirSync(files.workspace);
    prepareWorkspace(files.workspace, options);
    writeFileSync(files.outputFile, '');
    writeFileSync(files.summaryFile, '');
    const env = runnerEnv(emulator, files, options);
    const entry = options.entry ?? defaultEntry();
    const clock = options.today === undefined ? [] : ['--import', pathToFileURL(SHIFTED_CLOCK).href];
    if (options.today !== undefined) env.EMULATED_TODAY = options.today;
    const ran = await runProcess([...clock, ...(options.nodeArgs ?? []), entry], files.workspace, env);
    const outputText = readFileSync(files.outputFile, 'utf8');
    const summary = readFileSync(files.summaryFile, 'utf8');
    const outputs = parseOutputFile(outputText);
    const written: Record<string, string> = { output: outputText, summary };
    if (outputs['response-file']) {
      try {
        written['response-file'] = readFileSync(outputs['response-file'], 'utf8');
      } catch {
        // Reported by the tests that check response-file.
      }
    }
    const { stdout } = ran;
    return { ...ran, outputs, summary, errors: commands(stdout, 'error'), warnings: commands(stdout, 'warning'), files: written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function prepareWorkspace(workspace: string, options: RunOptions): void {
  const at = (path: string): string => {
    const target = join(workspace, path);
    mkdirSync(dirname(target), { recursive: true });
    return target;
  };
  for (const [path, source] of Object.entries(options.copy ?? {})) cpSync(source, at(path), { recursive: true });
  for (const [path, content] of Object.entries(options.files ?? {})) writeFileSync(at(path), content);
  for (const [path, target] of Object.entries(options.symlinks ?? {})) symlinkSync(target, at(path));
  for (const path of options.fifos ?? []) execFileSync('mkfifo', [at(path)]);
}
