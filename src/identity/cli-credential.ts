/**
 * The Azure CLI session as a credential: one `az account get-access-token`
 * per token, as @azure/identity's AzureCliCredential runs it, but keeping
 * the CLI's own words. That class turns any output mentioning "az login"
 * into "Please run 'az login'", which hides Entra's refusal (AADSTS700024
 * after an azure/login whose GitHub ID token expired says "Please run: az
 * login" too). Its failures are named CredentialUnavailableError, as the
 * library's are, so the default chain moves on exactly as it did.
 */
import { spawn } from 'node:child_process';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/** az prints a token of a few KiB; an endless stream is not the CLI. */
const OUTPUT_MAX_BYTES = 1024 * 1024;
/** A resource or tenant that could not be a shell word is never passed (a shell runs az on Windows). */
const SAFE_WORD = /^[A-Za-z0-9:/._-]+$/;

export const CLI_NOT_FOUND =
  "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when az could not be started (ENOENT: not installed). */
  spawnError?: string;
}

/** Runs az with arguments; injectable for unit tests. */
export type CliRunner = (
  args: string[],
  options: { timeoutMs?: number; signal?: NonNullable<GetTokenOptions['abortSignal']> },
) => Promise<CliRun>;

export class AzureCliSessionCredential implements TokenCredential {
  readonly #tenantId: string | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #run: CliRunner;
  /** How many times az was started. */
  spawns = 0;

  constructor(options: { tenantId?: string; processTimeoutInMs?: number; run?: CliRunner } = {}) {
    this.#tenantId = options.tenantId;
    this.#timeoutMs = options.processTimeoutInMs;
    this.#run = options.run ?? runAz;
  }

  async getToken(scopes: string | string[], options: GetTokenOptions = {}): Promise<AccessToken> {
    const scope = typeof scopes === 'string' ? scopes : (scopes[0] ?? '');
    const resource = scope.replace(/\/\.default$/, '');
    const tenant = options.tenantId ?? this.#tenantId;
    if (!SAFE_WORD.test(resource) || (tenant !== undefined && !SAFE_WORD.test(tenant))) {
      throw unavailable(`Invalid scope or tenant for the Azure CLI: ${scope}`);
    }
    const args = ['account', 'get-access-token', '--output', 'json', '--resource', resource, ...(tenant ? ['--tenant', tenant] : [])];
    this.spawns += 1;
    const result = await this.#run(args, {
      ...(this.#timeoutMs !== undefined ? { timeoutMs: this.#timeoutMs } : {}),
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    if (result.spawnError !== undefined) throw unavailable(CLI_NOT_FOUND);
    if (result.code === 0) {
      const token = parseCliToken(result.stdout);
      if (token) return token;
    }
    const stderr = result.stderr.trim();
    // The shell's words come first and are short: only the start is read, by a pattern linear in it.
    if (/az:[^\n]{0,200}not found|is not recognized as an internal or external command/.test(stderr.slice(0, 2048))) {
      throw unavailable(CLI_NOT_FOUND);
    }
    throw unavailable(
      `Azure CLI: ${stderr || `az account get-access-token exited with ${result.code ?? 'a signal'} and printed no token`}`,
    );
  }
}

/** az's JSON: accessToken with expires_on (epoch seconds, CLI 2.54+) or expiresOn (local time). */
export function parseCliToken(stdout: string): AccessToken | undefined {
  let parsed: { accessToken?: unknown; expires_on?: unknown; expiresOn?: unknown } | null;
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || typeof parsed.accessToken !== 'string' || parsed.accessToken === '')
    return undefined;
  const seconds = Number.parseInt(String(parsed.expires_on), 10);
  const expiresOnTimestamp = Number.isNaN(seconds) ? new Date(String(parsed.expiresOn)).getTime() : seconds * 1000;
  if (Number.isNaN(expiresOnTimestamp)) return undefined;
  return { token: parsed.accessToken, expiresOnTimestamp, tokenType: 'Bearer' };
}

function unavailable(message: string): Error {
  // The chain tells an unavailable link by this name (ChainedTokenCredential), as the library's own errors carry it.
  return Object.assign(new Error(message), { name: 'CredentialUnavailableError' });
}

/** Spawns az as the library does (a safe working directory; a shell only on Windows, where az is az.cmd). */
const runAz: CliRunner = (args, options) =>
  new Promise((resolve) => {
    const windows = process.platform === 'win32';
    const child = spawn('az', args, {
      cwd: windows ? (process.env.SystemRoot ?? 'C:\\Windows') : '/bin',
      shell: windows,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
    });
    const stop = (): void => void child.kill();
    options.signal?.addEventListener('abort', stop, { once: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > OUTPUT_MAX_BYTES) child.kill();
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    let spawnError: string | undefined;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') spawnError = error.message;
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', stop);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: bytes > OUTPUT_MAX_BYTES ? `${stderr}\naz printed more than ${OUTPUT_MAX_BYTES} bytes and was stopped` : stderr,
        ...(spawnError !== undefined ? { spawnError } : {}),
      });
    });
  });
