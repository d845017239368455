/** prompt_cache_key per entry: derived per deployment, given, or off; never on a dated api-version. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptCacheKeyFor } from '../../../src/call/prompt-cache-key.ts';

const V1 = { deployment: 'gpt-5-mini', apiVersion: 'v1' };

test('the default key is a digest of the step’s scope and the deployment: stable, and different per deployment', () => {
  const key = promptCacheKeyFor({ scope: 'o/r\nci\nreview\nask' }, V1);
  assert.match(key ?? '', /^aok-[0-9a-f]{32}$/);
  assert.equal(promptCacheKeyFor({ scope: 'o/r\nci\nreview\nask' }, V1), key);
  assert.notEqual(promptCacheKeyFor({ scope: 'o/r\nci\nreview\nask' }, { ...V1, deployment: 'backup' }), key);
  assert.notEqual(promptCacheKeyFor({ scope: 'o/r\nci\nother\nask' }, V1), key);
  assert.ok(!key?.includes('o/r'), 'no name of the repository is sent');
});

test('a given key is sent as is; off and dated api-versions send none', () => {
  assert.equal(promptCacheKeyFor({ key: 'reviews' }, V1), 'reviews');
  assert.equal(promptCacheKeyFor('off', V1), undefined);
  assert.equal(promptCacheKeyFor(undefined, V1), undefined);
  assert.equal(promptCacheKeyFor({ key: 'reviews' }, { ...V1, apiVersion: '2025-04-01-preview' }), undefined);
});
