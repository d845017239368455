/** The price table's lookup: a dated model string finds its family, nothing else does. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lookUpPrices, modelFamily } from '../../../src/cost/prices.ts';

describe('modelFamily', () => {
  for (const [model, family] of [
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['GPT-4.1-2025-04-14', 'gpt-4.1'],
    ['gpt-4o-mini', 'gpt-4o-mini'],
    [' gpt-5.2-2025-12-11 ', 'gpt-5.2'],
    ['gpt-5-mini-preview', 'gpt-5-mini-preview'],
  ] as const) {
    test(`${model} -> ${family}`, () => assert.equal(modelFamily(model), family));
  }
});

describe('lookUpPrices', () => {
  test('the service’s dated model string finds its family’s list prices', () => {
    const prices = lookUpPrices('gpt-5-mini-2025-08-07');
    assert.deepEqual(
      { input: prices?.input, cached: prices?.cached, output: prices?.output, outputLimit: prices?.outputLimit },
      { input: 0.25, cached: 0.025, output: 2, outputLimit: 128_000 },
    );
    assert.equal(lookUpPrices('gpt-5.2-2025-12-11')?.output, 14);
    assert.equal(lookUpPrices('gpt-4.1-nano')?.cached, 0.025);
  });

  test('a family is matched whole: a longer name is not priced as its prefix', () => {
    assert.equal(lookUpPrices('gpt-5-mini-fast'), undefined);
    assert.equal(lookUpPrices('gpt-5.4-mini-2026-03-17'), undefined, 'gpt-5.4 prices were not sourced');
    assert.equal(lookUpPrices('gpt-5-turbo'), undefined);
  });

  test('unknown models and names that are not models have no price', () => {
    for (const model of ['', 'o3-pro', 'my-deployment', 'llama-3.3-70b', 'gpt-5-2025-08-07-extra']) {
      assert.equal(lookUpPrices(model), undefined, model);
    }
  });

  test('no family in the table bills cache writes (only gpt-5.6 and later do)', () => {
    for (const model of ['gpt-5', 'gpt-5.1', 'gpt-5.2', 'gpt-4o', 'gpt-4.1-mini']) {
      assert.equal(lookUpPrices(model)?.cacheWrite, undefined, model);
    }
  });
});
