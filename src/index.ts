/**
 * The action's entry point: the runner executes the bundle of this file.
 *
 * It only turns on Node's compile cache, then loads the rest of the bundle,
 * so that a later run on the same runner (another step of the job) reuses
 * the compiled code instead of parsing and compiling it again. The cache
 * lives under RUNNER_TEMP (the runner's own directory, emptied per job),
 * never in a directory other users share, so outside a runner there is none.
 * A failure to enable it (a read-only disk) only costs the saving;
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off. Measured by bench/run.ts.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

if (process.env.RUNNER_TEMP) enableCompileCache(join(process.env.RUNNER_TEMP, 'azure-openai-keyless-compile-cache'));

const { run } = await import('./main.ts');
await run();
