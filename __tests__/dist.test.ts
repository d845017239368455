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
import { bareFactories } from '../scripts/minify-bundle.ts';

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

/** The committed bundle's JavaScript files, as text. */
function bundleSources(): string[] {
  const dist = join(ROOT, 'dist');
  return readdirSync(dist)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(dist, name), 'utf8'));
}

/**
 * The package install paths the bundle's module comments name ("EXTERNAL
 * MODULE: ./node_modules/…", "CONCATENATED MODULE: …"), by package name.
 */
function bundledPackagePaths(sources: readonly string[]): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  for (const source of sources) {
    for (const [, file = ''] of source.matchAll(/\/\/ (?:EXTERNAL|CONCATENATED) MODULE: \.\/(node_modules\/\S+)/g)) {
      // The package is the last node_modules segment's name; its install path is everything up to it.
      const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(file);
      if (!match?.[1] || !match[2]) continue;
      const installs = paths.get(match[2]) ?? new Set<string>();
      installs.add(match[1]);
      paths.set(match[2], installs);
    }
  }
  return paths;
}

test('bundledPackagePaths tells a second copy of a package from one copy', () => {
  const paths = bundledPackagePaths([
    '// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js\n// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js',
    '// EXTERNAL MODULE: ./node_modules/@actions/github/node_modules/@actions/http-client/lib/index.js',
  ]);
  assert.deepEqual(
    [...(paths.get('@actions/http-client') ?? [])],
    ['node_modules/@actions/http-client', 'node_modules/@actions/github/node_modules/@actions/http-client'],
  );
});

test('the bundle holds one copy of each package (package.json overrides dedupe @actions/http-client)', () => {
  const paths = bundledPackagePaths(bundleSources());
  assert.ok(paths.size > 20, `the module comments name the bundled packages (found ${paths.size})`);
  const copies = [...paths].filter(([, installs]) => installs.size > 1).map(([name, installs]) => `${name}: ${[...installs].join(', ')}`);
  assert.deepEqual(copies, [], 'packages bundled from more than one install path');
});

test("the bundle carries the stand-ins tsconfig.json's paths map libraries to (ncc follows paths)", () => {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const bundle = bundleSources().join('\n');
  const mapped = Object.entries(tsconfig.compilerOptions.paths);
  assert.ok(mapped.length >= 3, 'undici, jsonwebtoken and @actions/exec are mapped');
  for (const [name, [target = '']] of mapped) {
    // webpack's comment where a module imports the stand-in (the build keeps module comments).
    const comment = `// EXTERNAL MODULE: ./${target.replace(/^\.\//, '')}\n`;
    assert.ok(bundle.includes(comment), `the bundle holds ${target}, the stand-in for ${name}`);
  }
});

test('every module factory of the bundle is in parentheses, which V8 compiles at once (scripts/minify-bundle.ts)', () => {
  const dist = join(ROOT, 'dist');
  let files = 0;
  for (const name of readdirSync(dist).filter((n) => n.endsWith('.js'))) {
    assert.deepEqual(bareFactories(readFileSync(join(dist, name), 'utf8')).length, 0, `dist/${name}: bare module factories`);
    files += 1;
  }
  assert.ok(files > 10, `the bundle's files were read (${files})`);
});
