/** A unified diff split into one section per file; rows of the files endpoint; file and commit lines. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commitLines, fileFromRow, fileLines, splitUnifiedDiff } from '../../../src/github-context/diff.ts';

describe('splitUnifiedDiff', () => {
  const diff = [
    'diff --git a/src/a b.ts b/src/a b.ts',
    'index 1..2 100644',
    '--- a/src/a b.ts',
    '+++ b/src/a b.ts',
    '@@ -1,2 +1,2 @@',
    '-old',
    '+new',
    '+more',
    'diff --git a/old.ts b/new.ts',
    'similarity index 90%',
    'rename from old.ts',
    'rename to new.ts',
    'diff --git a/gone.txt b/gone.txt',
    'deleted file mode 100644',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
    'diff --git a/logo.png b/logo.png',
    'new file mode 100644',
    'Binary files /dev/null and b/logo.png differ',
    '',
  ].join('\n');

  test('one section per file, with paths (spaces included), status, counts and binary flag', () => {
    const files = splitUnifiedDiff(diff);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, f.additions, f.deletions, f.binary, f.previousPath]),
      [
        ['src/a b.ts', 'modified', 2, 1, false, undefined],
        ['new.ts', 'renamed', 0, 0, false, 'old.ts'],
        ['gone.txt', 'removed', 0, 1, false, undefined],
        ['logo.png', 'added', 0, 0, true, undefined],
      ],
    );
    assert.equal(files.map((f) => f.section).join(''), diff, 'the sections put together are the diff');
  });

  test('an empty diff has no files', () => {
    assert.deepEqual(splitUnifiedDiff(''), []);
  });

  test('rows of the files endpoint become sections; a missing patch is binary or too large', () => {
    const text = fileFromRow({ filename: 'a.ts', status: 'modified', additions: 1, deletions: 0, patch: '@@ -1 +1,2 @@\n x\n+y' });
    assert.equal(text.section, 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1,2 @@\n x\n+y\n');
    assert.equal(fileFromRow({ filename: 'img.png', status: 'added', additions: 0, deletions: 0 }).binary, true);
    const huge = fileFromRow({ filename: 'data.sql', status: 'modified', additions: 90000, deletions: 3 });
    assert.equal(huge.binary, false);
    assert.match(huge.section, /GitHub shows no patch for this file: too large; \+90000 -3/);
  });

  test('file and commit lines', () => {
    assert.equal(
      fileLines([{ path: 'b.ts', status: 'renamed', additions: 1, deletions: 2, previousPath: 'a.ts' }]),
      'b.ts (renamed from a.ts, +1 -2)',
    );
    assert.equal(
      commitLines([
        { sha: 'abcdef1234567890', commit: { message: 'Subject line\n\nBody', author: { name: 'Mona' } }, author: { login: 'mona' } },
        { sha: '1234567abcdef', commit: { message: 'No login', author: { name: 'Some One' } }, author: null },
      ]),
      'abcdef1 Subject line (mona)\n1234567 No login (Some One)',
    );
  });
});

test("a changed line's own U+2028 or CR starts no file section, and hostile headers and tabs are read in one pass", () => {
  const file = (body: string) =>
    `diff --git a/evil.txt b/evil.txt\nnew file mode 100644\n--- /dev/null\n+++ b/evil.txt\n@@ -0,0 +1,2 @@\n+hello\n${body}\n`;
  // A stranger's file content holding what looks like the next file's header.
  const injected = splitUnifiedDiff(file('+x\u2028diff --git a/fake.txt b/fake.txt\r+y'));
  assert.deepEqual(
    injected.map((f) => [f.path, f.additions]),
    [['evil.txt', 2]],
  );
  // Shapes that made the former patterns backtrack at every ` b/` and every tab: 1.2 MB each.
  const header = splitUnifiedDiff(`diff --git a/x${' b/'.repeat(400_000)}\u2028\nBinary files differ\n`);
  assert.equal(header.length, 1);
  const tabs = splitUnifiedDiff(`diff --git a/y b/y\n+++ ${'\t'.repeat(1_200_000)}\r\n`);
  assert.equal(tabs[0]?.path, 'y');
  // An ordinary header whose paths differ (a rename without rename lines).
  assert.equal(splitUnifiedDiff('diff --git a/old name.md b/new name.md\nBinary files differ\n')[0]?.path, 'new name.md');
});
