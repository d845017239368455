/**
 * Usage in full, end to end through the bundle: a reasoning deployment whose
 * prompt is partly cached gives cached-tokens and reasoning-tokens outputs,
 * whether the answer is streamed or not, and the job summary shows them with
 * the region and deployment Azure names in its response headers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator({
  config: {
    openai: {
      deployments: {
        // A reasoning model with a warm prompt cache.
        'gpt-5.1-reasoning': { model: 'gpt-5.1-2025-11-13', cachedTokens: 4, reasoningTokens: 64 },
      },
    },
  },
});

const run = (extra: Record<string, string> = {}) =>
  runAction(emulator, {
    inputs: { ...baseInputs(emulator), deployment: 'gpt-5.1-reasoning', prompt: 'Say hello to the whole team, please.', ...extra },
  });

describe('cached and reasoning tokens', () => {
  for (const stream of ['false', 'true']) {
    test(`outputs and summary from a ${stream === 'true' ? 'streamed' : 'non-streamed'} answer`, async () => {
      const result = await run({ stream });
      assertSucceeded(result);
      const sent = emulator.requests.filter((r) => r.service === 'openai').map((r) => (r.body as { stream?: unknown }).stream === true);
      assert.deepEqual(sent, [stream === 'true']);
      assert.equal(result.outputs['cached-tokens'], '4');
      assert.equal(result.outputs['reasoning-tokens'], '64');
      const completion = Number(result.outputs['completion-tokens']);
      assert.ok(completion > 64, 'reasoning tokens are counted in completion-tokens');
      assert.equal(Number(result.outputs['total-tokens']), Number(result.outputs['prompt-tokens']) + completion);
      assert.match(result.summary, /\| Tokens \| \d+ prompt \(4 cached\) \+ \d+ completion \(64 reasoning\) = \d+ \|/);
      assert.match(result.summary, /\| Region \| `East US` \|/);
      assert.match(result.summary, /\| Served by deployment \| `gpt-5\.1-reasoning` \|/);
    });
  }

  test('a deployment that reports no details: both outputs are 0 and the Tokens row has no details', async () => {
    const result = await run({ deployment: 'gpt-5.1' });
    assertSucceeded(result);
    assert.equal(result.outputs['cached-tokens'], '0');
    assert.equal(result.outputs['reasoning-tokens'], '0');
    assert.match(result.summary, /\| Tokens \| \d+ prompt \+ \d+ completion = \d+ \|/);
  });
});
