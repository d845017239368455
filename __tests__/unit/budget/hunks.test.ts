/** A file's diff cut into pieces at hunks, and an oversized hunk at lines with its own line numbers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cutSection } from '../../../src/budget/hunks.ts';
import { type ChangedFile, splitUnifiedDiff } from '../../../src/github-context/diff.ts';
import { parseFileDiff } from '../../../src/review/diff-lines.ts';
import { numberedFiles } from '../../../src/review/review-prompt.ts';

// One token per 10 characters: easy to reason about.
const count = (text: string) => Math.ceil(text.length / 10);
const HEADER = 'diff --git a/src/a.ts b/src/a.ts\nindex 1111111..2222222 100644\n--- a/src/a.ts\n+++ b/src/a.ts\n';

function hunk(oldStart: number, newStart: number, body: string[]): string {
  const old = body.filter((l) => l.startsWith(' ') || l.startsWith('-')).length;
  const neu = body.filter((l) => l.startsWith(' ') || l.startsWith('+')).length;
  return `@@ -${oldStart},${old} +${newStart},${neu} @@ function f() {\n${body.map((l) => `${l}\n`).join('')}`;
}

/** Every piece is a valid hunk list: each header's counts match its lines. */
function assertConsistent(section: string): void {
  const parts = section.split(/^(?=@@ )/m).slice(1);
  for (const part of parts) {
    const [header = '', ...lines] = part.replace(/\n$/, '').split('\n');
    const numbers = /^@@ -(\d+),(\d+) \+(\d+),(\d+) @@/.exec(header);
    assert.ok(numbers, header);
    const old = lines.filter((l) => l.startsWith(' ') || l.startsWith('-')).length;
    const neu = lines.filter((l) => l.startsWith(' ') || l.startsWith('+')).length;
    assert.deepEqual([Number(numbers[2]), Number(numbers[4])], [old, neu], header);
  }
}

describe('cutSection', () => {
  const hunks = [
    hunk(10, 10, [' a', '-b', '+B', ' c']),
    hunk(40, 40, [' d', '+e'.padEnd(120, 'e'), ' f']),
    hunk(90, 91, [' g', '-h', ' i']),
  ];
  const section = HEADER + hunks.join('');

  test('a file that fits is one piece, as it is', () => {
    const pieces = cutSection('src/a.ts', section, 1000, count);
    assert.deepEqual(pieces, [{ path: 'src/a.ts', section, tokens: count(section) }]);
  });

  test('a file too big is cut at hunk boundaries, each piece with the header, every hunk in order', () => {
    const pieces = cutSection('src/a.ts', section, count(HEADER) + count(hunks[1]!) + 1, count);
    assert.ok(pieces.length >= 2);
    for (const [index, piece] of pieces.entries()) {
      assert.ok(piece.section.startsWith(HEADER));
      assert.deepEqual(piece.piece, { index: index + 1, of: pieces.length });
    }
    assert.equal(pieces.map((p) => p.section.slice(HEADER.length)).join(''), hunks.join(''));
  });

  test('one hunk larger than a piece (a new 400-line file) is cut at lines and renumbered on both sides', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `+line ${i + 1} of the new file`);
    const added = `diff --git a/new.ts b/new.ts\nnew file mode 100644\n--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1,400 @@\n${lines.map((l) => `${l}\n`).join('')}`;
    const pieces = cutSection('new.ts', added, 300, count);
    assert.ok(pieces.length >= 4, String(pieces.length));
    for (const piece of pieces) {
      assert.ok(piece.tokens <= 300, String(piece.tokens));
      assertConsistent(piece.section);
    }
    assert.match(pieces[0]!.section, /^@@ -0,0 \+1,\d+ @@\n\+line 1 of/m);
    const second = /^@@ -0,0 \+(\d+),\d+ @@\n\+line (\d+) of/m.exec(pieces[1]!.section);
    assert.ok(second);
    assert.equal(second[1], second[2], "the second piece's header names its first line");
    const all = pieces.map((p) => p.section.split('\n').filter((l) => l.startsWith('+line')).length).reduce((a, b) => a + b);
    assert.equal(all, 400, 'every line is in one piece');
  });

  test('a modified hunk cut at lines keeps the old and new numbers apart, and "\\ No newline" with its line', () => {
    const body = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `-old ${i}` : i % 3 === 1 ? `+new ${i}` : ` same ${i}`));
    body.push('\\ No newline at end of file');
    const modified = HEADER + hunk(100, 120, body);
    const pieces = cutSection('src/a.ts', modified, 50, count);
    assert.ok(pieces.length >= 2);
    for (const piece of pieces) {
      assert.ok(piece.tokens <= 50, String(piece.tokens));
      assertConsistent(piece.section);
      assert.ok(!/^@@[^\n]*\n\\/m.test(piece.section), 'no piece starts with the no-newline marker');
    }
    const starts = pieces.map((p) => /^@@ -(\d+),\d+ \+(\d+)/m.exec(p.section)!.slice(1).map(Number));
    assert.deepEqual(starts[0], [100, 120]);
  });

  test('a binary or header-only diff cannot be cut: one piece, whatever its size', () => {
    const binary = `diff --git a/x.png b/x.png\nindex 1..2 100644\nBinary files a/x.png and b/x.png differ\n${'x'.repeat(5000)}\n`;
    assert.equal(cutSection('x.png', binary, 100, count).length, 1);
  });
});

/**
 * The recorded `git diff` of fixtures/diffs/git-mixed.diff (a modified file of two hunks, a new file, a binary,
 * CRLF, a deleted file, a rename, "\ No newline" on both sides), every file cut as small as it goes: the
 * pieces, parsed as the review parses a diff, hold exactly the file's lines with their numbers, in order.
 */
describe('cutSection over a real git diff', () => {
  const recorded = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'diffs', 'git-mixed.diff'), 'utf8');
  const files = splitUnifiedDiff(recorded);
  const linesOf = (file: ChangedFile) => parseFileDiff(file).hunks.flatMap((h) => h.lines);

  test('the fixture has every kind of file', () => {
    assert.deepEqual(
      files.map((f) => f.path),
      ['a.txt', 'added.txt', 'bin.dat', 'crlf.txt', 'gone.txt', 'new-name.txt', 'nonl.txt'],
    );
  });

  for (const file of files) {
    test(`${file.path}: cut at every room, the pieces hold the same lines with the same numbers`, () => {
      const header = file.section.slice(0, file.section.search(/^@@/m) === -1 ? undefined : file.section.search(/^@@/m));
      for (const room of [count(header) + 4, count(header) + 12, count(header) + 40]) {
        const pieces = cutSection(file.path, file.section, room, count);
        const cut = pieces.flatMap((piece) => linesOf({ ...file, section: piece.section }));
        assert.deepEqual(cut, linesOf(file), `${file.path} at ${room}`);
        for (const piece of pieces) {
          assert.ok(piece.section.startsWith(header), 'every piece keeps the file header (rename, mode, ---/+++)');
          assert.ok(!/^@@[^\n]*\n\\/m.test(piece.section), 'no piece starts with "\\ No newline"');
          if (pieces.length > 1) assertConsistent(piece.section.replace(/\r/g, ''));
        }
        if (file.binary) assert.equal(pieces.length, 1, 'a binary diff is one piece');
      }
    });
  }

  test("a review's numbered section is cut at hunks and lines too, each cut under the hunk's own header", () => {
    const [modified] = numberedFiles(files.filter((f) => f.path === 'gone.txt'));
    const pieces = cutSection(modified!.path, modified!.section, 12, count);
    assert.ok(pieces.length >= 2, String(pieces.length));
    const numbered = (section: string) => section.split('\n').filter((line) => /^[RL]\d/.test(line));
    assert.deepEqual(
      pieces.flatMap((p) => numbered(p.section)),
      numbered(modified!.section),
    );
    for (const piece of pieces) assert.match(piece.section, /^=== gone\.txt \(removed\)\n@@ -1 \+0 @@\n/);
  });
});
