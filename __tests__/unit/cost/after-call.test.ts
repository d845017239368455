/** After an answer: a retirement warning for a model due, one notice when there is no estimate. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reviewAnsweredRun } from '../../../src/cost/after-call.ts';

function review(models: string[], today: string) {
  const warnings: string[] = [];
  const notices: string[] = [];
  const calls = models.map((model) => ({ model, promptTokens: 1_000, cachedTokens: 0, completionTokens: 100 }));
  const cost = reviewAnsweredRun(calls, undefined, new Date(today), {
    warning: (line) => warnings.push(line),
    notice: (line) => notices.push(line),
  });
  return { cost, warnings, notices };
}

test('a retiring model warns once per family, naming the date', () => {
  const { warnings, cost } = review(['gpt-5.2-2025-12-11', 'gpt-5.2-2025-12-11'], '2026-12-07T00:00:00Z');
  assert.deepEqual(warnings, [
    "Model gpt-5.2-2025-12-11 retires on 2026-12-12 (in 5 days) (Microsoft's retirement schedule); Microsoft names no replacement: choose a current model, and move the deployment to it before then.",
  ]);
  // 2 × (1,000 × $1.75/M + 100 × $14/M)
  assert.equal(cost.usd?.toFixed(6), '0.006300');
});

test('a current model: no warning; an unknown model: one notice and no estimate', () => {
  assert.deepEqual(review(['gpt-5-mini-2025-08-07'], '2026-12-07T00:00:00Z').warnings, []);
  const unknown = review(['gpt-5.6-2026-09-01', 'gpt-5.6-2026-09-01'], '2026-12-07T00:00:00Z');
  assert.equal(unknown.cost.usd, undefined);
  assert.equal(unknown.notices.length, 1);
  assert.match(
    unknown.notices[0] ?? '',
    /^No cost estimate: the action's price table \(2026-12-07\) does not know model 'gpt-5\.6-2026-09-01'\. Set the prices input/,
  );
});
