/** max-cost: the dearest entry's worst case against the run's budget, before any call. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkMaxCost, worstCallUsd } from '../../../src/budget/max-cost.ts';
import { InputError } from '../../../src/errors.ts';

const MESSAGES = [{ role: 'user' as const, content: 'Say hello.' }];
const BUDGET = { tokens: 10_000, encoding: 'o200k_base' };

describe('worstCallUsd', () => {
  test('the input at the input price plus the answer’s limit at the output price', () => {
    // 10,000 × $0.25/M + 1,000 × $2/M
    assert.equal(worstCallUsd({ deployment: 'gpt-5-mini' }, 10_000, 1_000, undefined)?.toFixed(6), '0.004500');
  });
  test('without max-tokens the model’s output limit counts; flex halves; the cache-write price counts when dearer', () => {
    assert.equal(worstCallUsd({ deployment: 'gpt-4o' }, 0, undefined, undefined)?.toFixed(6), '0.163840');
    assert.equal(worstCallUsd({ deployment: 'gpt-5-mini', serviceTier: 'flex' }, 10_000, 1_000, undefined)?.toFixed(6), '0.002250');
    const prices = { input: 1, cached: 0.1, output: 10, cacheWrite: 1.25 };
    assert.equal(worstCallUsd({ deployment: 'mine' }, 1_000_000, 0, prices), 1.25);
  });
  test('no price or no limit: no bound', () => {
    assert.equal(worstCallUsd({ deployment: 'mine' }, 10, 10, undefined), undefined);
    assert.equal(worstCallUsd({ deployment: 'mine' }, 10, undefined, { input: 1, cached: 1, output: 1 }), undefined);
  });
});

describe('checkMaxCost', () => {
  const config = { deployment: 'gpt-5-mini', maxTokens: 1_000, maxCostUsd: 0.01 };
  const log = { info: () => undefined };

  test('nothing to check without max-cost', async () => {
    assert.equal(await checkMaxCost({ messages: MESSAGES, config: { deployment: 'x' }, targets: [], log }), undefined);
  });

  test('a flex primary and its full-price fallback: the fallback’s worst case counts, and passes', async () => {
    const lines: string[] = [];
    const budget = await checkMaxCost({
      messages: MESSAGES,
      config,
      targets: [
        { deployment: 'gpt-5-mini', serviceTier: 'flex' },
        { deployment: 'gpt-5-mini', serviceTier: 'default' },
      ],
      budget: BUDGET,
      log: { info: (line) => lines.push(line) },
    });
    assert.deepEqual(budget, { maxUsd: 0.01, spentUsd: 0 });
    assert.deepEqual(lines, ['Cost: at most $0.00450 (dearest entry: deployment gpt-5-mini) of max-cost $0.0100.']);
  });

  test('a dearer fallback over the limit fails before any call, naming it, the tokens and the limit', async () => {
    await assert.rejects(
      checkMaxCost({ messages: MESSAGES, config, targets: [{ deployment: 'gpt-5-mini' }, { deployment: 'gpt-5.2' }], budget: BUDGET, log }),
      (error: unknown) => {
        assert.ok(error instanceof InputError);
        assert.equal(error.input, 'max-cost');
        // 10,000 × $1.75/M + 1,000 × $14/M = $0.0315
        assert.match(
          error.message,
          /^Input 'max-cost': this run could cost \$0\.0315: 10,000 input tokens \(counted with o200k_base\) plus max-tokens 1000 on deployment gpt-5\.2, more than max-cost \$0\.0100\. .*the deployment was not called\.$/,
        );
        return true;
      },
    );
  });

  test('what the run has spent counts against the budget', async () => {
    await assert.rejects(
      checkMaxCost({ messages: MESSAGES, config, targets: [{ deployment: 'gpt-5-mini' }], budget: BUDGET, spentUsd: 0.008, log }),
      /could cost \$0\.0125: .* after \$0\.00800 already spent/,
    );
  });

  test('counts the messages itself when the budget step did not', async () => {
    const budget = await checkMaxCost({ messages: MESSAGES, config, targets: [{ deployment: 'gpt-5-mini' }], log });
    assert.equal(budget?.maxUsd, 0.01);
  });
});
