/**
 * Preloaded into every test process (`npm test`): Node's compile cache, in the folder the emulated
 * runner gives the action's runs (this checkout's node_modules/.cache, or NODE_COMPILE_CACHE), so that
 * the emulator, the harness and the source are compiled once rather than once per test file. Node keys
 * the cache by each file's content.
 */
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

enableCompileCache(process.env.NODE_COMPILE_CACHE || join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'aoai-compile-cache'));
