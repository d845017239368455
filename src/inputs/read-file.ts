/**
 * The one reader of every file input. The path is resolved (symlinks
 * followed) and judged by checkFileAccess before it is opened; the file is
 * opened without blocking (a FIFO would hang), must be a regular file, and
 * is read up to the cap plus one byte whatever `stat` says (a symlink to
 * /proc/self/pagemap reports size 0 and never ends).
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileTooLargeError, NotARegularFileError, readCappedFile } from '../bounded-file.ts';
import { InputError } from '../errors.ts';
import type { FileGuard } from './author-checkout.ts';
import { checkFileAccess, describeRoots, type FileRoot } from './file-access.ts';

export const MAX_PROMPT_FILE_BYTES = 4 * 1024 * 1024;
/** All file inputs of one run together: many variables naming one big file stay bounded too. */
export const MAX_TOTAL_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The directories file inputs may be in: the workspace (the working directory when unset, as in local runs) and
 * RUNNER_TEMP; and the sign-in directories CLIs were told to use, which are never read.
 */
export function fileRoots(env: Record<string, string | undefined>, cwd: string = process.cwd()): FileRoot[] {
  const roots: FileRoot[] = [];
  const add = (name: string, path: string | undefined, kind: FileRoot['kind']): void => {
    if (!path) return;
    try {
      roots.push({ name, path: realpathSync.native(resolve(cwd, path)), kind });
    } catch {
      // A root that does not exist holds no file to read.
    }
  };
  const workspace = env.GITHUB_WORKSPACE?.trim();
  add(workspace ? 'GITHUB_WORKSPACE' : 'the working directory', workspace || cwd, 'workspace');
  add('RUNNER_TEMP', env.RUNNER_TEMP?.trim(), 'runner-temp');
  // Where az (azure/login), docker and gcloud keep their sign-ins when a workflow moves them, into RUNNER_TEMP say.
  for (const name of SIGN_IN_DIRECTORY_VARIABLES) add(name, env[name]?.trim(), 'sign-in');
  return roots;
}

const SIGN_IN_DIRECTORY_VARIABLES = ['AZURE_CONFIG_DIR', 'DOCKER_CONFIG', 'CLOUDSDK_CONFIG'];

/**
 * A reader for one run: each file within MAX_PROMPT_FILE_BYTES, all of them within MAX_TOTAL_FILE_BYTES; `guard`
 * may refuse a file by where it is (author-checkout.ts) before it is opened.
 */
export function createFileReader(
  roots: readonly FileRoot[],
  options: { cwd?: string; guard?: FileGuard | undefined } = {},
): (path: string, input: string) => string {
  let total = 0;
  const cwd = options.cwd ?? process.cwd();
  return (path, input) => {
    const cap = Math.min(MAX_PROMPT_FILE_BYTES, MAX_TOTAL_FILE_BYTES - total);
    const text = readTextFile(path, input, roots, { cwd, cap, guard: options.guard });
    total += Buffer.byteLength(text);
    return text;
  };
}

/** Reads a text file input, rejecting what cannot be a prompt before it reaches the network. */
export function readTextFile(
  path: string,
  input: string,
  roots: readonly FileRoot[],
  options: { cwd?: string; cap?: number; guard?: FileGuard | undefined } = {},
): string {
  const cap = options.cap ?? MAX_PROMPT_FILE_BYTES;
  const cannot = (error: unknown): InputError => {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${code ?? 'unknown error'})`;
    return new InputError(
      input,
      `file '${path}' ${why}. Paths are relative to the working directory (usually the repository root after actions/checkout).`,
    );
  };

  let real: string;
  try {
    real = realpathSync.native(resolve(options.cwd ?? process.cwd(), path));
  } catch (error) {
    throw cannot(error);
  }
  const named = real === resolve(options.cwd ?? process.cwd(), path) ? `'${path}'` : `'${path}' (resolving to '${real}')`;
  const access = checkFileAccess(real, roots);
  if (!access.ok) {
    throw new InputError(
      input,
      `file '${path}' resolves to '${real}', ${access.why}: give a file inside ${describeRoots(roots, 'or')}; symlinks are followed, and nothing under .git is read.`,
    );
  }
  options.guard?.(real, access.root.path, input, `file ${named}`);

  let bytes: Buffer;
  try {
    bytes = readCappedFile(real, cap, { noFollow: true }).bytes;
  } catch (error) {
    if (error instanceof NotARegularFileError) throw new InputError(input, `file ${named} is not a regular file (it is ${error.kind}).`);
    if (error instanceof FileTooLargeError) {
      throw tooLarge(input, named, cap, error.size === undefined ? `is more than ${cap} bytes` : `is ${error.size} bytes`);
    }
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      throw new InputError(input, `file ${named} is not a regular file (it is a directory).`);
    throw cannot(error);
  }
  if (bytes.includes(0)) throw new InputError(input, `file '${path}' looks binary (it contains NUL bytes): give a UTF-8 text file.`);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.replace(/^\uFEFF/, '');
}

function tooLarge(input: string, named: string, cap: number, size: string): InputError {
  const limit =
    cap === MAX_PROMPT_FILE_BYTES
      ? `the limit is ${MAX_PROMPT_FILE_BYTES} bytes (4 MiB)`
      : `the limit left is ${cap} bytes (all file inputs together may hold ${MAX_TOTAL_FILE_BYTES} bytes, 16 MiB)`;
  return new InputError(input, `file ${named} ${size}; ${limit}.`);
}
