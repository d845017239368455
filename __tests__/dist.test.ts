/**
 * The runner executes dist/, not src/: rebuilding dist/ from src/ must give
 * exactly the committed files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');

test('dist/ is in step with src/ (npm run build reproduces it byte for byte)', () => {
  const out = mkdtempSync(join(tmpdir(), 'aoai-dist-'));
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { build: string } };
    // Each step of the build script (ncc, then the ASCII rewrite), writing to `out` instead of dist.
    for (const step of pkg.scripts.build.split(' && ')) {
      const [command = '', ...args] = step.split(' ').map((word) => (word === 'dist' ? out : word));
      const program = command === 'node' ? process.execPath : join(ROOT, 'node_modules', '.bin', command);
      execFileSync(program, args, { cwd: ROOT, stdio: 'pipe' });
    }
    const committed = readdirSync(join(ROOT, 'dist')).sort();
    const rebuilt = readdirSync(out).sort();
    assert.deepEqual(committed, rebuilt, 'the same files');
    for (const name of rebuilt) {
      const same = readFileSync(join(out, name)).equals(readFileSync(join(ROOT, 'dist', name)));
      assert.ok(same, `dist/${name} differs from a fresh build: run npm run build and commit dist/`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
