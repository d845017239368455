/** The kind of a changed file: lock file, generated, vendored, binary or source. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileKind } from '../../../src/budget/file-kinds.ts';

describe('fileKind', () => {
  const cases: Array<[string, boolean, string]> = [
    ['package-lock.json', false, 'lock file'],
    ['web/yarn.lock', false, 'lock file'],
    ['go.sum', false, 'lock file'],
    ['Cargo.lock', false, 'lock file'],
    ['dist/index.js', false, 'generated'],
    ['app.min.js', false, 'generated'],
    ['api/service.pb.go', false, 'generated'],
    ['src/__snapshots__/a.test.ts.snap', false, 'generated'],
    ['vendor/github.com/x/y.go', false, 'vendored'],
    ['third_party/lib.c', false, 'vendored'],
    ['assets/logo.png', true, 'binary'],
    ['src/main.ts', false, 'source'],
    ['distribution/notes.md', false, 'source'],
  ];
  for (const [path, binary, kind] of cases) test(`${path} is ${kind}`, () => assert.equal(fileKind(path, binary), kind));
});
