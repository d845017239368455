/** A split review's parts read, their findings merged and ranked, and the last call's summary made the one summary. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { combinedReview, mergeFindings, readPartReview } from '../../../src/review/review-split.ts';
import type { Finding, ReviewAnswer } from '../../../src/review/review-schema.ts';

const readReview = (text: string) => JSON.parse(text) as ReviewAnswer;
const finding = (over: Partial<Finding>): Finding => ({
  path: 'src/a.ts',
  line: 3,
  start_line: null,
  side: 'RIGHT',
  severity: 'minor',
  body: 'A finding.',
  suggestion: null,
  ...over,
});

describe('mergeFindings', () => {
  test('the same place and text from two parts is kept once; the rest all kept, most severe first', () => {
    const twice = finding({ body: 'Off by one.' });
    const merged = mergeFindings([
      [twice, finding({ line: 9, severity: 'nit' })],
      [finding({ body: '  off by   ONE. ' }), finding({ path: 'src/b.ts', severity: 'critical' })],
      [finding({ line: 3, side: 'LEFT', body: 'Off by one.' })],
    ]);
    assert.deepEqual(
      merged.map((f) => [f.path, f.line, f.side, f.severity]),
      [
        ['src/b.ts', 3, 'RIGHT', 'critical'],
        ['src/a.ts', 3, 'RIGHT', 'minor'],
        ['src/a.ts', 3, 'LEFT', 'minor'],
        ['src/a.ts', 9, 'RIGHT', 'nit'],
      ],
    );
  });

  test('a range and a single line at the same end are different findings', () => {
    assert.equal(mergeFindings([[finding({})], [finding({ start_line: 1 })]]).length, 2);
  });
});

describe('combinedReview', () => {
  const parts = [
    JSON.stringify({ summary: 'Part one is fine.', findings: [finding({ severity: 'nit' })] }),
    JSON.stringify({ summary: 'Part two has a bug.', findings: [finding({ path: 'src/b.ts', severity: 'major' })] }),
  ];

  test("the last call's summary, every part's findings", () => {
    const combined = readReview(combinedReview(parts, JSON.stringify({ summary: 'One bug, one nit.', findings: [finding({ line: 99 })] })));
    assert.equal(combined.summary, 'One bug, one nit.');
    assert.deepEqual(
      combined.findings.map((f) => f.path),
      ['src/b.ts', 'src/a.ts'],
      "the last call's own findings are not taken: it saw no diff",
    );
  });

  test("a last answer that is not a review: the parts' summaries, in order", () => {
    const combined = readReview(combinedReview(parts, 'not json'));
    assert.equal(combined.summary, 'Part one is fine.\n\nPart two has a bug.');
    assert.equal(combined.findings.length, 2);
  });
});

test('a part that did not answer with a review fails the run, saying why', () => {
  assert.deepEqual(readPartReview('{"summary":"s","findings":[]}'), { summary: 's', findings: [] });
  for (const text of ['{"summary":"cut', '{"summary":1,"findings":[]}', '[]', 'null'])
    assert.throws(() => readPartReview(text), /did not answer with the review's JSON shape.*Raise max-tokens/);
});
