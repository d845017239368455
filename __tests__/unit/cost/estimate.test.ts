/** A call's cost from its token counts: cached, written and flex tokens priced as billed; no price, no number. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { callCost, formatUsd, runCost } from '../../../src/cost/estimate.ts';

const usage = { model: 'gpt-5-mini-2025-08-07', promptTokens: 10_000, cachedTokens: 0, completionTokens: 1_000 };

describe('callCost', () => {
  test('input and output at the table’s prices for the model that answered', () => {
    // 10,000 × $0.25/M + 1,000 × $2/M
    assert.equal(callCost(usage, undefined).usd?.toFixed(6), '0.004500');
  });

  test('cached tokens at the cached price', () => {
    // 2,000 × 0.25 + 8,000 × 0.025 + 1,000 × 2, per million
    assert.equal(callCost({ ...usage, cachedTokens: 8_000 }, undefined).usd?.toFixed(6), '0.002700');
  });

  test('flex at half price; the prices input replaces the table, cache writes at their own price', () => {
    assert.equal(callCost({ ...usage, serviceTier: 'flex' }, undefined).usd?.toFixed(6), '0.002250');
    const prices = { input: 1, cached: 0.1, output: 10, cacheWrite: 1.25 };
    // 4,000 × 1 + 2,000 × 0.1 + 4,000 × 1.25 + 1,000 × 10, per million
    assert.equal(callCost({ ...usage, cachedTokens: 2_000, cacheWriteTokens: 4_000 }, prices).usd?.toFixed(6), '0.019200');
  });

  test('an unknown model gets no number and a reason naming it', () => {
    const cost = callCost({ ...usage, model: 'gpt-5.6-2026-09-01' }, undefined);
    assert.equal(cost.usd, undefined);
    assert.match('missing' in cost ? cost.missing : '', /does not know model 'gpt-5.6-2026-09-01'/);
  });

  test('priority has no table price: no number unless the prices input gives one', () => {
    assert.equal(callCost({ ...usage, serviceTier: 'priority' }, undefined).usd, undefined);
    assert.equal(callCost({ ...usage, serviceTier: 'priority' }, { input: 1, cached: 1, output: 1 }).usd?.toFixed(6), '0.011000');
  });
});

describe('runCost', () => {
  test('sums every call; one call without a price leaves no total', () => {
    const priced = callCost(usage, undefined);
    assert.equal(runCost([priced, priced]).usd?.toFixed(6), '0.009000');
    assert.equal(runCost([priced, callCost({ ...usage, model: 'x' }, undefined)]).usd, undefined);
  });
});

test('formatUsd', () => {
  assert.equal(formatUsd(0.0045), '$0.00450');
  assert.equal(formatUsd(12.345), '$12.35');
  assert.equal(formatUsd(0), '$0');
});
