/** large-diff: split's plan: parts that each fit, every file in one, the same prompt first; max-total-tokens kept. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { combineMessages } from '../../../src/budget/part-answers.ts';
import { mostTokens, planSplit } from '../../../src/budget/split-plan.ts';
import type { ChangedFile } from '../../../src/github-context/diff.ts';

// One token per 10 characters: easy to reason about.
const count = (text: string) => Math.ceil(text.length / 10);
const INSTRUCTIONS = 'You review pull requests. '.repeat(20);
const render = (values: Record<string, string>) => [
  { role: 'system', content: INSTRUCTIONS },
  { role: 'user', content: `Pull request ${values['pr.title'] ?? ''}\nDiff:\n${values['pr.diff'] ?? ''}` },
];
const file = (path: string, size: number): ChangedFile => ({
  path,
  status: 'modified',
  additions: 1,
  deletions: 0,
  binary: false,
  section: `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1,1 +1,1 @@\n+${'x'.repeat(size)}\n`,
});
const files = Array.from({ length: 20 }, (_, i) => file(`src/file-${i}.ts`, 4000 + i * 200));
const values = { 'pr.title': '#7' };

describe('planSplit', () => {
  test('ten times the budget: parts each within it, every file exactly once, in order, the instructions first', () => {
    const whole = files.reduce((sum, f) => sum + count(f.section), 0);
    const maxTokens = Math.ceil(whole / 10) + 80;
    const plan = planSplit({ render, values, diffFiles: files, maxTokens, count });
    assert.ok(plan.parts.length >= 10, String(plan.parts.length));
    assert.deepEqual(plan.omitted, []);
    for (const part of plan.parts) {
      assert.ok(part.tokens <= maxTokens, `${part.tokens} <= ${maxTokens}`);
      assert.equal(part.messages[0]!.content, INSTRUCTIONS, 'the stable part first, the same in every part');
      assert.ok(part.messages[1]!.content.startsWith('Pull request #7\nDiff:\ndiff --git'));
    }
    assert.deepEqual(
      plan.parts.flatMap((part) => part.pieces.map((piece) => piece.path)),
      files.map((f) => f.path),
    );
    assert.match(plan.parts[2]!.values['pr.diff']!, /\[Part 3 of \d+ of this pull request's diff/);
  });

  test('max-total-tokens: lock files first, then the largest, until the parts, answers and combining call fit', () => {
    const withLock = [...files.slice(0, 6), file('package-lock.json', 30000)];
    const maxTokens = 1200;
    const all = planSplit({ render, values, diffFiles: withLock, maxTokens, count, answerTokens: 50 });
    const most = mostTokens({ render, values, count, answerTokens: 50 }, all.parts);
    const limited = planSplit({ render, values, diffFiles: withLock, maxTokens, count, answerTokens: 50, maxTotalTokens: most - 2000 });
    assert.equal(limited.omitted[0]?.path, 'package-lock.json');
    assert.ok(mostTokens({ render, values, count, answerTokens: 50 }, limited.parts) <= most - 2000);
    assert.match(limited.parts[0]!.values['pr.diff']!, /left out of this diff[^\]]*package-lock\.json \(lock file\)/);
    assert.throws(
      () => planSplit({ render, values, diffFiles: withLock, maxTokens, count, answerTokens: 50, maxTotalTokens: 100 }),
      /Input 'max-total-tokens': even with every file of \{\{pr\.diff\}\} left out/,
    );
  });

  test('a prompt too large to leave room for any diff names max-input-tokens', () => {
    assert.throws(
      () => planSplit({ render, values, diffFiles: files, maxTokens: 80, count }),
      /Input 'max-input-tokens': the prompt without its diff is \d+ tokens/,
    );
  });
});

describe('combineMessages', () => {
  test("the parts' answers replace the diff under a note; cut to equal shares when they would not fit", () => {
    const answers = ['First part: fine.', 'Second part: a bug in f().'];
    const whole = combineMessages({ answers, values, render, count, maxTokens: 10_000 });
    assert.equal(whole.cut, false);
    assert.equal(whole.messages[0]!.content, INSTRUCTIONS);
    assert.match(
      whole.messages[1]!.content,
      /read in 2 parts[\s\S]*### Answer to part 1 of 2\n\nFirst part: fine\.\n\n### Answer to part 2 of 2\n\nSecond part/,
    );
    const long = ['a line of the answer\n'.repeat(200), 'another line\n'.repeat(300)];
    const cut = combineMessages({ answers: long, values, render, count, maxTokens: 400 });
    assert.equal(cut.cut, true);
    assert.ok(cut.tokens <= 400, String(cut.tokens));
    assert.equal(cut.messages[1]!.content.match(/\[cut to fit max-input-tokens\]/g)?.length, 2);
  });
});
