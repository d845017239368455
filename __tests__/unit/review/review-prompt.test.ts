import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitUnifiedDiff } from '../../../src/github-context/diff.ts';
import { numberedSection, REVIEW_RULES, reviewMessage } from '../../../src/review/review-prompt.ts';

const files = splitUnifiedDiff(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'diffs', 'git-mixed.diff'), 'utf8'));
const section = (path: string) => numberedSection(files.find((f) => f.path === path)!);

test('each line of a hunk carries its number on its side: R for added and unchanged, L for deleted', () => {
  assert.equal(section('crlf.txt'), '=== crlf.txt (modified)\n@@ -1 +1 @@\nR1  line1\nL2 -line2\nR2 +LINE2\nR3  line3\n');
  assert.ok(section('a.txt').includes('\n@@ -12 +12 @@\nR12  12\nR13  13\nR14  14\nL15 -15\nR15  16\n'));
});

test('renamed, new, deleted and binary files say what they are', () => {
  assert.match(section('new-name.txt'), /^=== new-name\.txt \(renamed from old-name\.txt\)\n@@ -17 \+17 @@\n/);
  assert.match(section('added.txt'), /^=== added\.txt \(added\)\n@@ -0 \+1 @@\nR1 \+n1\nR2 \+n2\n$/);
  assert.match(section('gone.txt'), /^=== gone\.txt \(removed\)\n@@ -1 \+0 @@\nL1 -old 1\n/);
  assert.equal(section('bin.dat'), '=== bin.dat (modified)\n(binary file: no lines to cite)\n');
});

test('the rules come first and do not change, then what is reviewed, then the diff', () => {
  const message = reviewMessage('Changes since abc1234 (1 file)', '=== a\n');
  assert.ok(message.startsWith(REVIEW_RULES));
  assert.ok(message.endsWith('\n\nWhat to review: Changes since abc1234 (1 file).\n\n=== a\n'));
});
