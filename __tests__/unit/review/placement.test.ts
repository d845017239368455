/**
 * Placement against the recorded git diff (fixtures/diffs/git-mixed.diff): what GitHub takes goes inline,
 * everything else is refused here, with the reason, before anything is sent.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { splitUnifiedDiff } from '../../../src/github-context/diff.ts';
import { indexPullRequest } from '../../../src/review/diff-lines.ts';
import { placeFinding, sortFindings } from '../../../src/review/placement.ts';
import { bySeverity, type Finding } from '../../../src/review/review-schema.ts';

const files = indexPullRequest(
  splitUnifiedDiff(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'diffs', 'git-mixed.diff'), 'utf8')),
);
const finding = (over: Partial<Finding>): Finding => ({
  path: 'a.txt',
  line: 1,
  start_line: null,
  side: 'RIGHT',
  severity: 'minor',
  body: 'b',
  suggestion: null,
  ...over,
});

test('an added line and a context line go on the RIGHT; a deleted line on the LEFT', () => {
  assert.deepEqual(placeFinding(files, finding({ line: 1 })), {
    ok: true,
    place: { path: 'a.txt', line: 1, side: 'RIGHT' },
    suggestible: true,
  });
  assert.deepEqual(placeFinding(files, finding({ line: 13 })), {
    ok: true,
    place: { path: 'a.txt', line: 13, side: 'RIGHT' },
    suggestible: true,
  });
  assert.deepEqual(placeFinding(files, finding({ line: 15, side: 'LEFT' })), {
    ok: true,
    place: { path: 'a.txt', line: 15, side: 'LEFT' },
    suggestible: false,
  });
  assert.deepEqual(placeFinding(files, finding({ path: 'gone.txt', line: 20, side: 'LEFT' })), {
    ok: true,
    place: { path: 'gone.txt', line: 20, side: 'LEFT' },
    suggestible: false,
  });
});

test('a LEFT citation of a context line moves to its RIGHT number, where GitHub shows it', () => {
  assert.deepEqual(placeFinding(files, finding({ line: 16, side: 'LEFT' })), {
    ok: true,
    place: { path: 'a.txt', line: 15, side: 'RIGHT' },
    suggestible: true,
  });
});

test('lines outside every hunk, unknown paths, binary files and the wrong side are refused', () => {
  const why = (over: Partial<Finding>) => {
    const placement = placeFinding(files, finding(over));
    return placement.ok ? 'placed' : placement.why;
  };
  assert.equal(why({ line: 20 }), 'the line is outside every hunk of the diff');
  assert.equal(why({ line: 15, side: 'LEFT', path: 'added.txt' }), 'the line is outside every hunk of the diff');
  assert.equal(why({ line: 3, path: 'added.txt' }), 'the line is outside every hunk of the diff');
  assert.equal(why({ path: 'elsewhere.ts' }), 'the file is not part of the pull request');
  assert.equal(why({ path: 'bin.dat' }), 'the file has no lines in the diff');
  assert.equal(why({ line: 0 }), 'the line is outside every hunk of the diff');
  assert.equal(why({ line: 1.5 }), 'the line is outside every hunk of the diff');
  // Deleted in a.txt at old 30 and added THIRTY at new 29: a RIGHT 30 does not exist.
  assert.equal(why({ line: 30 }), 'the line is outside every hunk of the diff');
});

test('a range stays within one hunk and one side; reversed ends are put in order', () => {
  assert.deepEqual(placeFinding(files, finding({ start_line: 12, line: 17 })), {
    ok: true,
    place: { path: 'a.txt', line: 17, side: 'RIGHT', startLine: 12 },
    suggestible: true,
  });
  assert.deepEqual(placeFinding(files, finding({ start_line: 17, line: 12 })), {
    ok: true,
    place: { path: 'a.txt', line: 17, side: 'RIGHT', startLine: 12 },
    suggestible: true,
  });
  const across = placeFinding(files, finding({ start_line: 4, line: 12 }));
  assert.deepEqual(across, { ok: false, why: 'the range does not lie within one hunk of the diff' });
  const bothSides = placeFinding(files, finding({ start_line: 16, line: 15, side: 'LEFT' }));
  assert.deepEqual(bothSides, { ok: false, why: 'the range does not lie within one hunk of the diff' });
  assert.deepEqual(placeFinding(files, finding({ start_line: 1, line: 1 })), {
    ok: true,
    place: { path: 'a.txt', line: 1, side: 'RIGHT' },
    suggestible: true,
  });
});

test('the most severe findings go inline first, up to the cap; the rest are listed with why', () => {
  const ranked = bySeverity([
    finding({ severity: 'nit', line: 2 }),
    finding({ severity: 'critical', line: 3 }),
    finding({ severity: 'minor', line: 99 }),
    finding({ severity: 'major', line: 4 }),
    finding({ severity: 'critical', line: 12 }),
  ]);
  assert.deepEqual(
    ranked.map((f) => f.line),
    [3, 12, 4, 99, 2],
  );
  const { inline, listed } = sortFindings(files, ranked, 2);
  assert.deepEqual(
    inline.map((i) => i.place.line),
    [3, 12],
  );
  assert.deepEqual(
    listed.map((l) => [l.finding.line, l.why]),
    [
      [4, 'more than 2 comments (max-review-comments)'],
      [99, 'the line is outside every hunk of the diff'],
      [2, 'more than 2 comments (max-review-comments)'],
    ],
  );
});
