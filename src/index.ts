/**
 * The action's entry point: the runner executes the bundle of this file. It
 * only turns on Node's compile cache (compile-cache.ts) before the rest of
 * the bundle is loaded, so that the cache can cover it.
 */
import { prepareCompileCache } from './compile-cache.ts';

prepareCompileCache(process.env);

const { run } = await import('./main.ts');
await run();
const [{ endLingeringRequests }, core] = await Promise.all([import('./linger.ts'), import('@actions/core')]);
endLingeringRequests(core.warning);
