import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { COMPILE_CACHE_DIR, prepareCompileCache } from '../../src/compile-cache.ts';

let temp: string;
let enabled: string[];
const enable = (dir: string) => enabled.push(dir);

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'aoai-compile-cache-'));
  enabled = [];
});
afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('prepareCompileCache', () => {
  test('outside a runner (no RUNNER_TEMP) there is no cache', () => {
    assert.equal(prepareCompileCache({}, enable), 'off');
    assert.deepEqual(enabled, []);
  });

  test('the first run of a job only leaves the directory; the second turns the cache on there', () => {
    const env = { RUNNER_TEMP: temp };
    assert.equal(prepareCompileCache(env, enable), 'marked');
    assert.ok(existsSync(join(temp, COMPILE_CACHE_DIR)));
    assert.deepEqual(enabled, []);
    assert.equal(prepareCompileCache(env, enable), 'on');
    assert.deepEqual(enabled, [join(temp, COMPILE_CACHE_DIR)]);
  });

  test('a RUNNER_TEMP that cannot hold the directory means no cache, not a failed run', () => {
    const file = join(temp, 'not-a-directory');
    writeFileSync(file, '');
    assert.equal(prepareCompileCache({ RUNNER_TEMP: file }, enable), 'off');
    assert.deepEqual(enabled, []);
  });
});
