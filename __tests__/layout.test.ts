/**
 * The layout a newcomer relies on: no source file over 250 lines, and unit
 * tests laid out like src/ (each tests the module at the same path).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
const MAX_LINES = 250;

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

test(`no source file in src/ is over ${MAX_LINES} lines`, () => {
  const long = filesUnder(join(ROOT, 'src'))
    .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  assert.deepEqual(long, []);
});

test('each unit test file tests the src/ module at the same path', () => {
  const unit = join(ROOT, '__tests__', 'unit');
  const tests = filesUnder(unit).filter((file) => file.endsWith('.test.ts'));
  assert.ok(tests.length > 40, 'the unit tests are found');
  const orphans = tests
    .map((file) => relative(unit, file))
    .filter((path) => {
      const module = path.replace(/\.test\.ts$/, '.ts');
      // A module's tests may be split by theme: read-config-prompt.test.ts tests read-config.ts.
      const stem = module.replace(/-[a-z]+\.ts$/, '.ts');
      return !existsSync(join(ROOT, 'src', module)) && !existsSync(join(ROOT, 'src', stem));
    });
  assert.deepEqual(orphans, []);
});
