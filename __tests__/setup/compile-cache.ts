/**
 * Preloaded into every test process (`npm test`): Node's compile cache, in the folder the emulated
 * runner gives the action's runs, so that the emulator, the harness and the source are compiled once
 * per machine rather than once per test file. Node keys the cache by each file's content.
 */
import { enableCompileCache } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

enableCompileCache(process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'aoai-test-compile-cache'));
