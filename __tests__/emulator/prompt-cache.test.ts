/**
 * The emulator's prompt cache and tiers, read with the real `openai` client: a
 * repeated prefix of 1,024 tokens or more served from cache in 128-token steps
 * on both APIs, per deployment and per prompt_cache_key; cache writes only for
 * a family that bills them; service_tier echoed; flex refused for capacity
 * (429) or by the model (400); prompt_cache_key refused where the model does
 * not take it; a retired model's 404.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { billsCacheWrites, cacheableTokens } from '../../emulator/services/openai/prompt-cache.ts';

let em: Emulator;
before(async () => {
  em = await startEmulator({
    config: {
      openai: {
        deployments: {
          twin: { model: 'gpt-5.1-2025-11-13' },
          writer: { model: 'gpt-5.6-2026-09-01' },
          'flex-short': { model: 'gpt-5.1-2025-11-13', flex: 'short' },
          'no-flex': { model: 'gpt-5.1-2025-11-13', flex: 'unsupported' },
          partner: { model: 'DeepSeek-V3.1', rejectsPromptCacheKey: true },
          'gpt-4o': { model: 'gpt-4o-2024-11-20', retired: true },
        },
      },
    },
  });
});
after(async () => {
  await em.stop();
});
beforeEach(() => em.reset());

const client = () => new OpenAI({ baseURL: `${em.httpUrl}/openai/v1`, apiKey: async () => em.mintAccessToken(), maxRetries: 0 });
/** A system prompt of exactly `tokens` emulator tokens (4 characters each). */
const stable = (tokens: number) => 'rule'.repeat(tokens);
interface Details {
  cached_tokens?: number;
  cache_write_tokens?: number;
}

async function chatDetails(model: string, system: string, user: string, key?: string): Promise<Details & { prompt: number }> {
  const answer = await client().chat.completions.create({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    ...(key ? { prompt_cache_key: key } : {}),
  });
  const details = answer.usage?.prompt_tokens_details as Details;
  return { ...details, prompt: answer.usage?.prompt_tokens ?? 0 };
}

describe('emulator: prompt cache', () => {
  test('the counting rule: nothing under 1,024 tokens, whole 128-token steps above', () => {
    assert.deepEqual([1023, 1024, 1151, 1152, 5000].map(cacheableTokens), [0, 1024, 1024, 1152, 4992]);
    assert.deepEqual(['gpt-5.1-2025-11-13', 'gpt-5.6-2026-09-01', 'gpt-6', 'o3-pro', 'gpt-4o'].map(billsCacheWrites), [
      false,
      true,
      true,
      false,
      false,
    ]);
  });

  test('chat: the first request caches nothing; the second is served the shared prefix, rounded down to 128', async () => {
    const first = await chatDetails('twin', stable(1500), 'First question.');
    assert.equal(first.cached_tokens, 0);
    assert.equal(first.cache_write_tokens, undefined, 'gpt-5.1 does not bill cache writes, so it reports none');
    const second = await chatDetails('twin', stable(1500), 'Second question, longer.');
    // "system\n" + 6,000 characters + "\nuser\n" are shared: 1,503 tokens, 1,408 in whole steps.
    assert.equal(second.cached_tokens, 1408);
    assert.ok(second.prompt > 1408);
  });

  test('a shared prefix under 1,024 tokens is not served from cache', async () => {
    await chatDetails('twin', stable(1000), 'One.');
    assert.equal((await chatDetails('twin', stable(1000), 'Two.')).cached_tokens, 0);
  });

  test('per deployment and per prompt_cache_key: another key or deployment misses, the same key hits', async () => {
    await chatDetails('twin', stable(1200), 'One.', 'key-a');
    assert.equal((await chatDetails('twin', stable(1200), 'Two.', 'key-b')).cached_tokens, 0);
    assert.equal((await chatDetails('gpt-5.1', stable(1200), 'Two.', 'key-a')).cached_tokens, 0);
    assert.equal((await chatDetails('twin', stable(1200), 'Three.', 'key-a')).cached_tokens, 1152);
  });

  test('a family that bills cache writes reports them: all of the cacheable prompt first, the new part after', async () => {
    const first = await chatDetails('writer', stable(1300), 'One.');
    assert.deepEqual([first.cached_tokens, first.cache_write_tokens], [0, 1280]);
    const second = await chatDetails('writer', stable(1300), 'Two.');
    assert.deepEqual([second.cached_tokens, second.cache_write_tokens], [1280, 0]);
  });

  test('Responses: input_tokens_details.cached_tokens counts the instructions and input the same way', async () => {
    const ask = (input: string) => client().responses.create({ model: 'twin', instructions: stable(2100), input });
    assert.equal((await ask('One.')).usage?.input_tokens_details.cached_tokens, 0);
    assert.equal((await ask('Two.')).usage?.input_tokens_details.cached_tokens, 2048);
  });

  test('reset empties the cache', async () => {
    await chatDetails('twin', stable(1200), 'One.');
    em.reset();
    assert.equal((await chatDetails('twin', stable(1200), 'Two.')).cached_tokens, 0);
  });
});

describe('emulator: service tiers and refusals', () => {
  const hello = [{ role: 'user' as const, content: 'Hi' }];

  test('service_tier is echoed on both APIs when sent, and absent when not (as recorded answers are)', async () => {
    const flex = await client().chat.completions.create({ model: 'twin', messages: hello, service_tier: 'flex' });
    assert.equal(flex.service_tier, 'flex');
    const plain = await client().chat.completions.create({ model: 'twin', messages: hello });
    assert.equal(plain.service_tier, undefined);
    const stream = await client().chat.completions.create({ model: 'twin', messages: hello, service_tier: 'priority', stream: true });
    const tiers = new Set<string | null | undefined>();
    for await (const chunk of stream) if (chunk.choices.length > 0) tiers.add(chunk.service_tier);
    assert.deepEqual([...tiers], ['priority']);
    const response = await client().responses.create({ model: 'twin', input: 'Hi', service_tier: 'flex' });
    assert.equal(response.service_tier, 'flex');
  });

  test('flex short of capacity: a 429 to flex requests only; the default tier still answers', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: 'flex-short', messages: hello, service_tier: 'flex' }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 429);
        assert.deepEqual(error.error, { code: '429', message: 'Resource Unavailable' });
        return true;
      },
    );
    await assert.rejects(client().responses.create({ model: 'flex-short', input: 'Hi', service_tier: 'flex' }), { status: 429 });
    const standard = await client().chat.completions.create({ model: 'flex-short', messages: hello });
    assert.equal(standard.choices[0]?.finish_reason, 'stop');
  });

  test('flex on a model without it: 400 invalid_request_error, no fallback to standard processing', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: 'no-flex', messages: hello, service_tier: 'flex' }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.equal(error.type, 'invalid_request_error');
        assert.match(error.message, /Unsupported service_tier: flex/);
        return true;
      },
    );
  });

  test('prompt_cache_key refused by a model that does not take it, accepted without it', async () => {
    await assert.rejects(
      client().chat.completions.create({ model: 'partner', messages: hello, prompt_cache_key: 'k' }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.deepEqual(error.error, {
          code: 'unrecognized_request_argument',
          message: 'Unrecognized request argument supplied: prompt_cache_key',
        });
        return true;
      },
    );
    const plain = await client().chat.completions.create({ model: 'partner', messages: hello });
    assert.equal(plain.choices.length, 1);
  });

  test("a retired model's deployment answers 404 Resource not found on both APIs", async () => {
    for (const ask of [
      () => client().chat.completions.create({ model: 'gpt-4o', messages: hello }),
      () => client().responses.create({ model: 'gpt-4o', input: 'Hi' }),
    ]) {
      await assert.rejects(ask(), (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 404);
        assert.deepEqual(error.error, { code: '404', message: 'Resource not found' });
        return true;
      });
    }
  });
});
