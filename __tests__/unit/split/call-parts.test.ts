/** The parts asked at most four at once, under one deadline, then combined; a failure stops the rest. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import { callInParts, PARTS_IN_FLIGHT, runPool } from '../../../src/split/call-parts.ts';
import type { FailoverResult } from '../../../src/call/failover-outcome.ts';
import type { PromptMessage } from '../../../src/model-call.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function answer(text: string, prompt: number, cached = 0): FailoverResult {
  const result: ModelAnswer = {
    text,
    finishReason: 'stop',
    promptTokens: prompt,
    completionTokens: 10,
    totalTokens: prompt + 10,
    cachedTokens: cached,
    reasoningTokens: 0,
    model: 'gpt-4o-mini',
    filtered: [],
    requestId: `req-${text}`,
    latencyMs: 5,
    attempts: 1,
  };
  return { result, served: { deployment: 'd', endpoint: 'https://x', host: 'x' }, tried: [] };
}

describe('runPool', () => {
  test('at most `limit` running, results in index order', async () => {
    let running = 0;
    let most = 0;
    const results = await runPool(11, 4, async (index) => {
      running++;
      most = Math.max(most, running);
      await delay(5 + ((index * 7) % 5));
      running--;
      return index * 2;
    });
    assert.equal(most, 4);
    assert.deepEqual(
      results,
      Array.from({ length: 11 }, (_, i) => i * 2),
    );
  });

  test('the first failure rejects, and no task starts after it', async () => {
    const started: number[] = [];
    await assert.rejects(
      runPool(10, 2, async (index) => {
        started.push(index);
        await delay(2);
        if (index === 1) throw new Error('part 2 failed');
        return index;
      }),
      /part 2 failed/,
    );
    await delay(20);
    assert.ok(started.length <= 3, `started ${started.join(',')}`);
  });
});

describe('callInParts', () => {
  test("every part asked with the one deadline, the combining call from their answers in order, every call's tokens summed", async () => {
    const parts: PromptMessage[][] = Array.from({ length: 6 }, (_, i) => [{ role: 'user', content: `part ${i + 1}` }]);
    const asked: Array<{ content: string; deadlineAt: number }> = [];
    const logs: string[] = [];
    const result = await callInParts({
      parts,
      combine: (answers) => ({ messages: [{ role: 'user', content: `combine: ${answers.join(' | ')}` }] }),
      ask: async (messages, deadlineAt) => {
        const content = messages[0]!.content;
        asked.push({ content, deadlineAt });
        await delay(content.startsWith('part') ? 7 - Number(content.slice(5)) : 1);
        return content.startsWith('part') ? answer(`answer ${content.slice(5)}`, 100, 64) : answer('final', 50);
      },
      deadlineAt: 12345,
      log: (message) => logs.push(message),
    });
    assert.equal(PARTS_IN_FLIGHT, 4);
    assert.deepEqual(new Set(asked.map((a) => a.deadlineAt)), new Set([12345]));
    assert.equal(asked.at(-1)!.content, 'combine: answer 1 | answer 2 | answer 3 | answer 4 | answer 5 | answer 6');
    assert.equal(result.result.text, 'final');
    assert.equal(result.result.promptTokens, 650);
    assert.equal(result.result.cachedTokens, 6 * 64);
    assert.equal(result.result.attempts, 7);
    assert.equal(result.parts.length, 6);
    assert.deepEqual(
      result.parts.map((p) => p.cachedTokens),
      [64, 64, 64, 64, 64, 64],
    );
    assert.match(logs.join('\n'), /Part 3 of 6: 100 prompt \(64 cached\) \+ 10 completion tokens/);
  });
});
