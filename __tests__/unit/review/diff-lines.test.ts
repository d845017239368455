/**
 * Line numbers read from real diffs, written by `git diff --cached -M` (git 2.x) over files made for the
 * purpose: a file changed at its first and last line and in the middle, a new file, a binary file, a CRLF
 * file, a deleted file, a renamed file with a change, `\ No newline at end of file` on both sides, a pure
 * rename and changed lines that look like diff headers (`--- sql comment`, `@@ … @@`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitUnifiedDiff } from '../../../src/github-context/diff.ts';
import { indexPullRequest, parseFileDiff } from '../../../src/review/diff-lines.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'diffs');
const mixed = splitUnifiedDiff(readFileSync(join(fixtures, 'git-mixed.diff'), 'utf8'));
const tricky = splitUnifiedDiff(readFileSync(join(fixtures, 'rename-and-lookalikes.diff'), 'utf8'));
const file = (files: typeof mixed, path: string) => {
  const found = files.find((f) => f.path === path);
  assert.ok(found, path);
  return parseFileDiff(found);
};

test('hunks at the start, middle and end of a file are numbered on each side', () => {
  const diff = file(mixed, 'a.txt');
  assert.deepEqual(
    diff.hunks.map((h) => [h.oldStart, h.newStart, h.lines.length]),
    [
      [1, 1, 5],
      [12, 12, 7],
      [27, 26, 5],
    ],
  );
  const [first, middle, last] = diff.hunks;
  assert.deepEqual(first?.lines.slice(0, 3), [
    { kind: 'deleted', oldLine: 1, text: '1' },
    { kind: 'added', newLine: 1, text: 'ONE' },
    { kind: 'context', oldLine: 2, newLine: 2, text: '2' },
  ]);
  assert.deepEqual(middle?.lines[3], { kind: 'deleted', oldLine: 15, text: '15' });
  // After the deletion the sides differ by one.
  assert.deepEqual(middle?.lines[4], { kind: 'context', oldLine: 16, newLine: 15, text: '16' });
  assert.deepEqual(last?.lines.at(-1), { kind: 'added', newLine: 29, text: 'THIRTY' });
  assert.deepEqual(last?.lines.at(-2), { kind: 'deleted', oldLine: 30, text: '30' });
});

test('a new file has RIGHT lines only; a deleted file LEFT lines only', () => {
  const added = file(mixed, 'added.txt');
  assert.equal(added.status, 'added');
  assert.deepEqual(
    added.hunks[0]?.lines.map((l) => [l.kind, l.newLine]),
    [
      ['added', 1],
      ['added', 2],
    ],
  );
  const gone = file(mixed, 'gone.txt');
  assert.equal(gone.status, 'removed');
  assert.equal(gone.hunks[0]?.lines.length, 20);
  assert.ok(gone.hunks[0]?.lines.every((l, i) => l.kind === 'deleted' && l.oldLine === i + 1 && l.newLine === undefined));
});

test('a binary file has no lines', () => {
  const bin = file(mixed, 'bin.dat');
  assert.equal(bin.binary, true);
  assert.deepEqual(bin.hunks, []);
});

test("a CRLF file's lines are numbered alike, without the carriage return in their text", () => {
  const crlf = file(mixed, 'crlf.txt');
  assert.deepEqual(crlf.hunks[0]?.lines, [
    { kind: 'context', oldLine: 1, newLine: 1, text: 'line1' },
    { kind: 'deleted', oldLine: 2, text: 'line2' },
    { kind: 'added', newLine: 2, text: 'LINE2' },
    { kind: 'context', oldLine: 3, newLine: 3, text: 'line3' },
  ]);
});

test('"\\ No newline at end of file" takes no number, on either side', () => {
  const nonl = file(mixed, 'nonl.txt');
  assert.deepEqual(
    nonl.hunks[0]?.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.text]),
    [
      ['context', 1, 1, 'x'],
      ['deleted', 2, undefined, 'y'],
      ['added', undefined, 2, 'z'],
    ],
  );
});

test('a renamed file is named by its new path and found by its old one; a pure rename has no lines', () => {
  const renamed = file(mixed, 'new-name.txt');
  assert.equal(renamed.previousPath, 'old-name.txt');
  assert.deepEqual(
    renamed.hunks[0]?.lines.filter((l) => l.kind !== 'context').map((l) => [l.kind, l.oldLine ?? l.newLine]),
    [
      ['deleted', 20],
      ['added', 20],
    ],
  );
  const index = indexPullRequest(mixed);
  assert.equal(index.get('old-name.txt')?.file.path, 'new-name.txt');
  const moved = file(tricky, 'moved-to.txt');
  assert.equal(moved.previousPath, 'moved.txt');
  assert.deepEqual(moved.hunks, []);
});

test('changed lines that look like headers are read by the hunk counts, as the lines they are', () => {
  const sql = file(tricky, 'tricky.sql');
  assert.equal(sql.hunks.length, 1);
  assert.deepEqual(
    sql.hunks[0]?.lines.map((l) => [l.kind, l.text]),
    [
      ['context', 'keep'],
      ['deleted', '-- sql comment'],
      ['deleted', '@@ -1 +1 @@ not a header'],
      ['added', '++ plus'],
      ['added', '@@ -9 +9 @@ still not'],
      ['context', 'end'],
    ],
  );
});

test('the index maps each side: deleted lines LEFT, added and context lines RIGHT, context old numbers to new', () => {
  const a = indexPullRequest(mixed).get('a.txt');
  assert.ok(a);
  assert.equal(a.left.get(15), 1);
  assert.equal(a.right.get(15), 1);
  assert.equal(a.contextOldToNew.get(16), 15);
  assert.equal(a.right.get(20), undefined, 'line 20 is outside every hunk');
  assert.equal(a.left.get(2), undefined, 'a context line is not a LEFT line');
});

test('the files endpoint’s patches (no headers) are read the same way', () => {
  const patch = '@@ -1,2 +1,3 @@\n a\n+b\n c';
  const diff = parseFileDiff({ path: 'p', status: 'modified', additions: 1, deletions: 0, section: patch, binary: false });
  assert.deepEqual(
    diff.hunks[0]?.lines.map((l) => [l.kind, l.newLine]),
    [
      ['context', 1],
      ['added', 2],
      ['context', 3],
    ],
  );
});
