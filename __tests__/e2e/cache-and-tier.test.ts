/**
 * The prompt cache and the flex tier end to end, against the emulator's
 * cache model (1,024 tokens, 128-token steps, per deployment and
 * prompt_cache_key): the same step run twice is served its prompt from cache
 * the second time and costs less; a flex capacity 429 fails over to the same
 * deployment on the default tier at full price, on both APIs; flex that
 * answers costs half; flex without a fallback fails naming the capacity; a
 * model that refuses prompt_cache_key is asked once more without it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { cacheableTokens } from '../../emulator/services/openai/prompt-cache.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator({
  config: { openai: { deployments: { partner: { model: 'DeepSeek-V3.1', rejectsPromptCacheKey: true } } } },
});

const TODAY = '2026-12-08';
/** A system prompt of about 1,700 tokens: the stable part a step repeats on every run. */
const RULES = 'Review the change for correctness, naming each file and line you mean. '.repeat(95);
const run = (extra: Record<string, string> = {}) =>
  runAction(emulator, { inputs: { ...baseInputs(emulator), 'system-prompt': RULES, ...extra }, today: TODAY });
const modelBodies = () => emulator.requests.filter((r) => r.service === 'openai').map((r) => r.body as Record<string, unknown>);
/** gpt-5.1's list prices (USD per million tokens): input 1.25, cached input 0.125, output 10. */
const gpt51 = (prompt: number, cached: number, completion: number, share = 1) =>
  (((prompt - cached) * 1.25 + cached * 0.125 + completion * 10) * share) / 1_000_000;
const tokens = (result: { outputs: Record<string, string> }, name: string) => Number(result.outputs[name]);

describe('prompt cache across runs', () => {
  for (const api of ['chat', 'responses']) {
    test(`${api}: the second run of a step is served its prompt from cache and costs less`, async () => {
      const first = await run({ api });
      assertSucceeded(first);
      const second = await run({ api });
      assertSucceeded(second);
      const prompt = tokens(second, 'prompt-tokens');
      assert.equal(tokens(first, 'prompt-tokens'), prompt, 'the same request twice');
      assert.ok(prompt > 1024, `a prompt long enough to cache (${prompt} tokens)`);
      assert.equal(first.outputs['cached-tokens'], '0');
      // The whole prompt repeats: all of it, in whole 128-token steps.
      assert.equal(tokens(second, 'cached-tokens'), cacheableTokens(prompt));
      const [firstBody, secondBody] = modelBodies();
      assert.match(
        String(firstBody?.prompt_cache_key),
        /^aok-[0-9a-f]+$/,
        'a default key from the repository, the step and the deployment',
      );
      assert.equal(secondBody?.prompt_cache_key, firstBody?.prompt_cache_key);
      const completion = tokens(second, 'completion-tokens');
      assert.equal(first.outputs['estimated-cost'], gpt51(prompt, 0, completion).toFixed(6));
      assert.equal(second.outputs['estimated-cost'], gpt51(prompt, cacheableTokens(prompt), completion).toFixed(6));
      assert.ok(Number(second.outputs['estimated-cost']) < Number(first.outputs['estimated-cost']) * 0.3);
      assert.match(second.summary, new RegExp(`\\| Tokens \\| ${prompt} prompt \\(${cacheableTokens(prompt)} cached\\) \\+`));
      assert.deepEqual([first.warnings, second.warnings], [[], []]);
    });
  }

  test('another prompt-cache-key shares no cache; the stable part first means a changed question still hits', async () => {
    assertSucceeded(await run({ prompt: 'Summarise the first change.' }));
    const otherKey = await run({ prompt: 'Summarise the first change.', 'prompt-cache-key': 'another-step' });
    assert.equal(otherKey.outputs['cached-tokens'], '0');
    const otherQuestion = await run({ prompt: 'Now the second change, please.' });
    // The system prompt and the start of the user message are shared; the question that differs is last.
    assert.ok(tokens(otherQuestion, 'cached-tokens') >= cacheableTokens(RULES.length / 4), otherQuestion.outputs['cached-tokens']);
  });
});

describe('service-tier flex', () => {
  for (const api of ['chat', 'responses']) {
    test(`${api}: a flex capacity 429 fails over to the same deployment on the default tier, at full price`, async () => {
      emulator.config.openai.deployments['gpt-5.1']!.flex = 'short';
      const result = await run({ api, 'service-tier': 'flex', fallbacks: 'gpt-5.1 service-tier=default', 'max-retries': '0' });
      assertSucceeded(result);
      const sent = modelBodies();
      assert.deepEqual(
        sent.map((body) => body.service_tier),
        ['flex', undefined],
      );
      assert.deepEqual(
        emulator.requests.filter((r) => r.service === 'openai').map((r) => r.status),
        [429, 200],
      );
      assert.match(result.stdout, /\(deployment gpt-5\.1, service tier flex\)\.\n/);
      assert.match(
        result.stdout,
        /Failing over to deployment gpt-5\.1 on 127\.0\.0\.1, service tier default \(entry 2 of 2\): deployment gpt-5\.1 on 127\.0\.0\.1, service tier flex failed \(429 flex capacity short\)\.\n.*\(deployment gpt-5\.1\)\.\n/,
      );
      assert.equal(result.outputs['service-tier'], '', 'the default tier answered: the service names no tier');
      const prompt = tokens(result, 'prompt-tokens');
      assert.equal(
        result.outputs['estimated-cost'],
        gpt51(prompt, tokens(result, 'cached-tokens'), tokens(result, 'completion-tokens')).toFixed(6),
      );
      assert.deepEqual(result.warnings, []);
    });
  }

  test('flex that answers: the tier is said, and the estimate is half the list price', async () => {
    const result = await run({ 'service-tier': 'flex' });
    assertSucceeded(result);
    assert.equal(result.outputs['service-tier'], 'flex');
    assert.match(result.summary, /\| Service tier \| `flex` \|/);
    const prompt = tokens(result, 'prompt-tokens');
    assert.equal(result.outputs['estimated-cost'], gpt51(prompt, 0, tokens(result, 'completion-tokens'), 0.5).toFixed(6));
  });

  test('flex short of capacity without a fallback: the step fails naming flex capacity, not the quota', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.flex = 'short';
    const result = await run({ 'service-tier': 'flex', 'max-retries': '0' });
    assert.equal(result.code, 1);
    const message = result.errors.join('\n');
    assert.match(
      message,
      /^Flex capacity was short for deployment 'gpt-5\.1' \(429 to a service_tier flex request after 1 attempt\), not the deployment's quota\./,
    );
    assert.match(message, /a fallbacks line "gpt-5\.1 service-tier=default"/);
    assert.match(message, /Azure OpenAI said: Resource Unavailable/);
  });
});

describe('a model that does not take prompt_cache_key', () => {
  test('the 400 is answered by one more request without the key, and a warning naming prompt-cache-key: none', async () => {
    const result = await run({ deployment: 'partner' });
    assertSucceeded(result);
    assert.deepEqual(
      emulator.requests
        .filter((r) => r.service === 'openai')
        .map((r) => [r.status, typeof (r.body as Record<string, unknown>).prompt_cache_key]),
      [
        [400, 'string'],
        [200, 'undefined'],
      ],
    );
    assert.equal(result.warnings.length, 1, result.warnings.join('\n'));
    assert.match(
      result.warnings[0] ?? '',
      /^Deployment partner does not take prompt_cache_key .*Set prompt-cache-key: none for this deployment\.$/,
    );
  });

  test('prompt-cache-key: none sends no key: one request, no warning', async () => {
    const result = await run({ deployment: 'partner', 'prompt-cache-key': 'none' });
    assertSucceeded(result);
    assert.deepEqual(
      modelBodies().map((body) => 'prompt_cache_key' in body),
      [false],
    );
    assert.deepEqual(result.warnings, []);
  });
});
