/** The tool loop: rounds until the model answers in text, tokens summed, tools withdrawn, the token budget kept. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import type { CallOptions, ModelRequest } from '../../../src/call/call-request.ts';
import { callWithTools, type ToolRunner } from '../../../src/call/tool-loop.ts';
import type { ToolCall, ToolCallRecord } from '../../../src/model-call.ts';
import { ActionFailure } from '../../../src/errors.ts';

const ROUTE = {
  baseURL: 'http://127.0.0.1:1/openai/v1',
  url: 'http://127.0.0.1:1/openai/v1/chat/completions',
  host: '127.0.0.1',
  query: {},
};
const REQUEST = {
  route: ROUTE,
  deployment: 'd',
  messages: [{ role: 'user' as const, content: 'Where is add called?' }],
  temperature: 0.2,
} as unknown as ModelRequest;
const OPTIONS = {
  token: async () => 't',
  timeoutMs: 1000,
  maxRetries: 0,
  maxRetryWaitMs: 0,
  deadlineMs: 1000,
  log: () => undefined,
  debug: () => undefined,
} as CallOptions;

function answer(fields: Partial<ModelAnswer>): ModelAnswer {
  return {
    text: '',
    finishReason: 'stop',
    promptTokens: 100,
    completionTokens: 10,
    totalTokens: 110,
    cachedTokens: 0,
    reasoningTokens: 0,
    model: 'm',
    requestId: 'r',
    latencyMs: 1,
    attempts: 1,
    ...fields,
  };
}

const readCall = (id: string): ToolCall => ({ id, name: 'read_file', arguments: '{"path":"a"}' });

/** A runner that answers every call with `output` and allows `max` calls. */
function fakeRunner(max: number, output = 'file text'): ToolRunner & { budgets: number[] } {
  const records: ToolCallRecord[] = [];
  const budgets: number[] = [];
  return {
    budgets,
    definitions: async () => [{ name: 'read_file', description: 'reads', parameters: { type: 'object' } }],
    run: async (calls, limits) => {
      budgets.push(limits.budgetBytes);
      return calls.map((call) => {
        records.push({ tool: call.name, arguments: call.arguments, bytes: output.length, outcome: 'ok' });
        return { id: call.id, output };
      });
    },
    spent: () => records.length >= max,
    records: () => [...records],
  };
}

describe('callWithTools', () => {
  test('parallel calls are run and answered in one round; the answer sums both rounds', async () => {
    const sent: ModelRequest[] = [];
    const replies = [
      answer({
        finishReason: 'tool_calls',
        toolCalls: [readCall('a'), readCall('b')],
        api: 'responses',
        droppedParameters: ['temperature'],
        cacheWriteTokens: 1280,
      }),
      answer({ text: 'In b.ts.', cachedTokens: 1024, cacheWriteTokens: 0 }),
    ];
    const result = await callWithTools(REQUEST, OPTIONS, async (request) => (sent.push(request), replies.shift()!), {
      runner: fakeRunner(16),
    });
    assert.equal(result.text, 'In b.ts.');
    assert.equal(result.totalTokens, 220);
    assert.deepEqual([result.cachedTokens, result.cacheWriteTokens], [1024, 1280], 'every round is counted toward the cost');
    assert.equal(result.attempts, 2);
    assert.equal(result.toolCalls, undefined);
    assert.equal(result.toolRecords?.length, 2);
    assert.deepEqual(sent[1]?.toolUse?.turns, [
      {
        calls: [readCall('a'), readCall('b')],
        results: [
          { id: 'a', output: 'file text' },
          { id: 'b', output: 'file text' },
        ],
      },
    ]);
    // What the first round learnt is kept: the Responses API, no temperature.
    assert.equal(sent[1]?.api, 'responses');
    assert.equal(sent[1]?.temperature, undefined);
    assert.equal(sent[0]?.toolUse?.choice, 'auto');
  });

  test('once the calls are spent the tools are withdrawn (tool_choice none)', async () => {
    const sent: ModelRequest[] = [];
    const replies = [answer({ toolCalls: [readCall('a')] }), answer({ text: 'done' })];
    await callWithTools(REQUEST, OPTIONS, async (request) => (sent.push(request), replies.shift()!), { runner: fakeRunner(1) });
    assert.deepEqual(
      sent.map((r) => r.toolUse?.choice),
      ['auto', 'none'],
    );
  });

  test('a model that calls tools after they were withdrawn ends the run with a diagnosis', async () => {
    const call = async () => answer({ toolCalls: [readCall('a')] });
    await assert.rejects(callWithTools(REQUEST, OPTIONS, call, { runner: fakeRunner(1) }), (error: unknown) => {
      assert.ok(error instanceof ActionFailure);
      assert.match(error.message, /after the tools were withdrawn \(tool_choice none, round 2\)/);
      return true;
    });
  });

  test('max-total-tokens: the runner gets what the next round may still carry, and a run already past it fails', async () => {
    const runner = fakeRunner(16);
    const replies = [answer({ toolCalls: [readCall('a')] }), answer({ text: 'ok' })];
    await callWithTools(REQUEST, OPTIONS, async () => replies.shift()!, { runner, maxTotalTokens: 1000, maxTokens: 100 });
    // 1000 - 110 used - (110 + 16 × 2) sent again - 100 answer = 648 tokens, at 3 bytes a token.
    assert.deepEqual(runner.budgets, [648 * 3]);
    const again = [answer({ toolCalls: [readCall('a')] })];
    await assert.rejects(
      callWithTools(REQUEST, OPTIONS, async () => again.shift()!, { runner: fakeRunner(16), maxTotalTokens: 300, maxTokens: 100 }),
      /Tool calls took the run past max-total-tokens: 110 tokens used so far/,
    );
  });
});

describe('callWithTools: max-cost across rounds', () => {
  // gpt-5.1: $1.25 input, $10 output per million tokens.
  const priced = (fields: Partial<ModelAnswer>) =>
    answer({ model: 'gpt-5.1-2025-11-13', promptTokens: 40_000, completionTokens: 1_000, ...fields });

  test('a further round that could pass max-cost is refused before the tools run, naming what was spent', async () => {
    const runner = fakeRunner(16);
    const replies = [priced({ toolCalls: [readCall('a')] }), priced({ text: 'done' })];
    await assert.rejects(
      callWithTools(REQUEST, OPTIONS, async () => replies.shift()!, { runner, maxCost: { maxUsd: 0.1, maxTokens: 2_000 } }),
      (error: Error) => {
        // Spent: 40,000 × 1.25 + 1,000 × 10 = $0.06; next: at least 41,032 input tokens and 2,000 output, about $0.0713.
        assert.match(
          error.message,
          /^Tool calls took the run past max-cost: \$0\.06\d* spent so far, and the next round would send at least 41,032 input tokens and may answer 2,000/,
        );
        assert.match(error.message, /over max-cost \$0\.10?0*\. Raise max-cost or lower max-tool-calls\.$/);
        return true;
      },
    );
    assert.deepEqual(runner.budgets, [], 'no tool ran');
  });

  test('within max-cost the rounds go on; the prices input is used when given', async () => {
    const replies = [priced({ toolCalls: [readCall('a')] }), priced({ text: 'done' })];
    const result = await callWithTools(REQUEST, OPTIONS, async () => replies.shift()!, {
      runner: fakeRunner(16),
      maxCost: { maxUsd: 0.2, maxTokens: 2_000 },
    });
    assert.equal(result.text, 'done');
    const cheap = [priced({ toolCalls: [readCall('a')] }), priced({ text: 'done' })];
    const withInput = await callWithTools(REQUEST, OPTIONS, async () => cheap.shift()!, {
      runner: fakeRunner(16),
      maxCost: { maxUsd: 0.1, maxTokens: 2_000, prices: { input: 0.1, cached: 0.01, output: 1 } },
    });
    assert.equal(withInput.text, 'done');
  });
});
