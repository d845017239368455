/**
 * What one benchmark iteration measures: the request counts of a run (from
 * the emulator's log), the floor (a bare Node process making the same loopback
 * round trips), and the peak RSS of the action process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { Emulator, RecordedRequest } from '../emulator/index.ts';

/** What a run cost in requests: the counts the targets name, and the round trips the floor repeats. */
export interface RequestCounts {
  githubIdTokens: number;
  entraTokens: number;
  azSpawns: number;
  /** Requests the action process itself made, by listener (Entra is the https one). */
  http: number;
  https: number;
}

export function countRequests(emulator: Emulator, requests: readonly RecordedRequest[]): RequestCounts {
  const httpsPort = new URL(emulator.authorityHost).port;
  const own = requests.filter((r) => r.service !== 'az' && r.service !== 'control');
  const https = own.filter((r) => String(r.headers.host).endsWith(`:${httpsPort}`)).length;
  return {
    githubIdTokens: requests.filter((r) => r.service === 'github-oidc' && r.path === '/github/oidc/token').length,
    entraTokens: requests.filter((r) => r.service === 'entra' && r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token')).length,
    // The fake az makes exactly one request per spawn.
    azSpawns: requests.filter((r) => r.service === 'az').length,
    http: own.length - https,
    https,
  };
}

/**
 * The floor: the same round trips from a bare Node process (node:http and
 * node:https, keep-alive as Node's global agents do), and one spawn of the
 * same `az` where the run spawned one. Plain JavaScript, so no type
 * stripping is loaded; the action's environment, so the same extra CA file.
 */
const FLOOR_SCRIPT = `
import http from 'node:http';
import https from 'node:https';
import { execFile } from 'node:child_process';
const [httpUrl, httpsUrl, nHttp, nHttps, nAz] = process.argv.slice(1);
const get = (client, url) => new Promise((resolve, reject) => {
  client.get(url, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
});
for (let i = 0; i < Number(nHttp); i++) await get(http, httpUrl);
for (let i = 0; i < Number(nHttps); i++) await get(https, httpsUrl);
for (let i = 0; i < Number(nAz); i++) {
  await new Promise((resolve, reject) => execFile('az', ['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '-o', 'json'], (error) => (error ? reject(error) : resolve())));
}
`;

export function floorEnv(emulator: Emulator): Record<string, string> {
  return { PATH: [emulator.azBinDir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), HOME: tmpdir(), ...emulator.env() };
}

/** Wall time, in ms, of one floor process for these counts, timed like runAction (spawn to close). */
export async function runFloor(emulator: Emulator, counts: Pick<RequestCounts, 'http' | 'https' | 'azSpawns'>): Promise<number> {
  const target = '/_emulator/health';
  const args = ['--input-type=module', '-e', FLOOR_SCRIPT, `${emulator.httpUrl}${target}`, `${emulator.authorityHost}${target}`];
  args.push(String(counts.http), String(counts.https), String(counts.azSpawns));
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: floorEnv(emulator), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`the floor process failed (exit ${code}):\n${stderr}`);
  return elapsed;
}

/**
 * Peak RSS of the action process: a preload (NODE_OPTIONS=--import, plain
 * JavaScript from a data: URL) writes process.resourceUsage().maxRSS, the
 * kernel's high-water mark for the process, when it exits. Only the bundle's
 * process writes: children inherit NODE_OPTIONS (the fake az is Node too).
 * Used on separate runs, so the timed runs carry no preload.
 */
export class RssProbe {
  readonly #dir = mkdtempSync(join(tmpdir(), 'aoai-bench-rss-'));
  readonly #file = join(this.#dir, 'max-rss');

  /** The preload for a run of this bundle: only its process writes. */
  env(bundle: string): Record<string, string> {
    const code =
      `import{writeFileSync}from'node:fs';` +
      `if(process.argv[1]===${JSON.stringify(bundle)})` +
      `process.on('exit',()=>writeFileSync(${JSON.stringify(this.#file)},String(process.resourceUsage().maxRSS)));`;
    return { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(code)}` };
  }

  /** The last run's peak RSS in bytes. */
  read(): number {
    const kib = Number(readFileSync(this.#file, 'utf8'));
    rmSync(this.#file, { force: true });
    if (!Number.isFinite(kib) || kib <= 0) throw new Error('the RSS probe wrote no value');
    return kib * 1024;
  }

  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Total size of the bundle's directory (dist/): what the action ships and the runner downloads. */
export function directorySize(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
    files += 1;
  }
  return { bytes, files };
}
