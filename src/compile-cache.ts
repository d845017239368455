/**
 * Node's compile cache for the bundle. A run that reads a filled cache is
 * about 15 ms faster; the run that fills it (V8 serializes the code it
 * compiles) is about 7 ms slower (npm run bench). Most jobs call the action
 * once, so the first run of a job only leaves the cache directory behind; a
 * second run in the same job turns the cache on and fills it, and every later
 * run reads it.
 *
 * The cache lives under RUNNER_TEMP, the runner's own directory, emptied per
 * job: never in a directory other users share, so outside a runner there is
 * none. A failure (a read-only disk) only costs the saving;
 * NODE_DISABLE_COMPILE_CACHE=1 turns the cache off.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

/** The cache's directory under RUNNER_TEMP. */
export const COMPILE_CACHE_DIR = 'azure-openai-keyless-compile-cache';

/** off: no cache; marked: the first run of the job left the directory; on: the cache is read and filled. */
export type CompileCacheState = 'off' | 'marked' | 'on';

export function prepareCompileCache(
  env: Record<string, string | undefined>,
  enable: (dir: string) => unknown = enableCompileCache,
): CompileCacheState {
  const runnerTemp = env.RUNNER_TEMP;
  if (!runnerTemp) return 'off';
  const dir = join(runnerTemp, COMPILE_CACHE_DIR);
  if (existsSync(dir)) {
    enable(dir);
    return 'on';
  }
  try {
    mkdirSync(dir, { recursive: true });
    return 'marked';
  } catch {
    return 'off';
  }
}
