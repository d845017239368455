/** prices, max-cost, service-tier and prompt-cache-key: read and refused before any network call. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { checkTierApiVersions, readCostInputs, readPrices } from '../../../src/inputs/cost-inputs.ts';

const ENV = { GITHUB_REPOSITORY: 'o/r', GITHUB_WORKFLOW: 'ci', GITHUB_JOB: 'review', GITHUB_ACTION: 'ask' };

/** maxTokens null: no limit on the answer (undefined would take the default). */
function read(inputs: Record<string, string>, deployments = ['gpt-5-mini'], maxTokens: number | null = 500) {
  return readCostInputs((name) => inputs[name] ?? '', { deployments, maxTokens: maxTokens ?? undefined, env: ENV });
}

function refused(run: () => unknown, input: string, pattern: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.equal(error.input, input);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('readPrices', () => {
  test('input, cached, output and cache-write, USD per million tokens; cached defaults to input', () => {
    assert.deepEqual(readPrices('input=1.25 cached=0.125 output=10'), { input: 1.25, cached: 0.125, output: 10 });
    assert.deepEqual(readPrices('output=2  input=0.5\ncache-write=0.625'), { input: 0.5, cached: 0.5, output: 2, cacheWrite: 0.625 });
    assert.equal(readPrices(''), undefined);
  });

  test('a malformed word, a missing price, a repeated name or a bad number names the input and the accepted form', () => {
    refused(() => readPrices('input:1 output=2'), 'prices', /'input:1' is not a price: use words like input=1\.25 cached=0\.125 output=10/);
    refused(() => readPrices('input=1'), 'prices', /needs both input= and output=/);
    refused(() => readPrices('input=1 input=2 output=3'), 'prices', /names input twice/);
    refused(() => readPrices('input=-1 output=3'), 'prices', /input: '-1'|out of range/);
    refused(() => readPrices('input=1 output=ten'), 'prices', /output: 'ten' is not a number/);
    refused(() => readPrices('input=1 output=2 discount=3'), 'prices', /'discount=3' is not a price/);
  });
});

describe('readCostInputs', () => {
  test('defaults: the default tier, a cache key scoped to the repository and step, no prices, no budget', () => {
    assert.deepEqual(read({}), { serviceTier: 'default', promptCache: { scope: 'o/r\nci\nreview\nask' } });
  });

  test('service-tier flex or priority; anything else is refused naming the choices', () => {
    assert.equal(read({ 'service-tier': 'Flex' }).serviceTier, 'flex');
    refused(() => read({ 'service-tier': 'batch' }), 'service-tier', /'batch' is not supported: use default .*flex .*priority/);
  });

  test('prompt-cache-key: a key of its own, or none / false to send none; a key the service could choke on is refused', () => {
    assert.deepEqual(read({ 'prompt-cache-key': 'reviews-v2' }).promptCache, { key: 'reviews-v2' });
    assert.equal(read({ 'prompt-cache-key': 'none' }).promptCache, 'off');
    assert.equal(read({ 'prompt-cache-key': 'false' }).promptCache, 'off');
    refused(() => read({ 'prompt-cache-key': 'a key with spaces' }), 'prompt-cache-key', /1 to 64 letters/);
  });

  test('max-cost in dollars, with prices known for every deployment and a limit on the answer', () => {
    assert.equal(read({ 'max-cost': '0.50' }).maxCostUsd, 0.5);
    assert.equal(read({ 'max-cost': '$2' }).maxCostUsd, 2);
    // The table knows gpt-5-mini's output limit: max-tokens is not needed.
    assert.equal(read({ 'max-cost': '1' }, ['gpt-5-mini'], null).maxCostUsd, 1);
  });

  test('max-cost is refused when a deployment has no price, an answer no limit, or the amount is not a number', () => {
    refused(() => read({ 'max-cost': '1' }, ['gpt-5-mini', 'team-backup']), 'max-cost', /needs prices for deployment team-backup/);
    refused(
      () => read({ 'max-cost': '1', prices: 'input=1 output=2' }, ['team-backup'], null),
      'max-cost',
      /needs a limit on the answer to bound the cost: set max-tokens/,
    );
    assert.equal(read({ 'max-cost': '1', prices: 'input=1 output=2' }, ['team-backup']).maxCostUsd, 1);
    refused(() => read({ 'max-cost': 'ten' }), 'max-cost', /'ten' is not a number.*US dollars/);
    refused(() => read({ 'max-cost': '0' }), 'max-cost', /out of range/);
  });
});

describe('checkTierApiVersions', () => {
  test('flex or priority needs the v1 API, on the service-tier input or a fallbacks line', () => {
    checkTierApiVersions([{ apiVersion: 'v1', line: 0 }], 'flex');
    checkTierApiVersions([{ apiVersion: '2024-10-21', line: 0 }], 'default');
    refused(
      () => checkTierApiVersions([{ apiVersion: '2024-10-21', line: 0 }], 'flex'),
      'service-tier',
      /v1 API only.*api-version is 2024-10-21/,
    );
    refused(
      () =>
        checkTierApiVersions(
          [
            { apiVersion: 'v1', line: 0 },
            { apiVersion: '2025-04-01-preview', serviceTier: 'priority', line: 2 },
          ],
          'default',
        ),
      'fallbacks',
      /line 2: service tier priority/,
    );
  });
});
