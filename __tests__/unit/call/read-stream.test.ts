/** Reading a streamed answer: Azure's annotation chunks, usage, progress lines without text, incomplete streams. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedAnswerError } from '../../../src/call/answer.ts';
import { readChatStream, type StreamChunk, streamDecision } from '../../../src/call/read-stream.ts';

async function* chunks(list: StreamChunk[]): AsyncGenerator<StreamChunk> {
  for (const chunk of list) yield chunk;
}

const SAFE = { filtered: false, severity: 'safe' };

/**
 * The chunk sequence Azure sends, for the given pieces: a first chunk with no choices carrying the prompt's
 * content filter results, then the choices with theirs. See "Content streaming" and "Content filtering
 * annotations" in the Azure OpenAI docs: https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-streaming
 */
function azureStream(pieces: string[], finish = 'stop', filter: Record<string, unknown> = { violence: SAFE }): StreamChunk[] {
  return [
    { model: '', choices: [], prompt_filter_results: [{ prompt_index: 0, content_filter_results: { hate: SAFE } }] },
    { model: 'gpt-5.1-2025-11-13', choices: [{ index: 0, delta: { content: '' }, finish_reason: null, content_filter_results: {} }] },
    ...pieces.map((piece) => ({
      model: 'gpt-5.1-2025-11-13',
      choices: [{ index: 0, delta: { content: piece }, finish_reason: null, content_filter_results: filter }],
    })),
    { model: 'gpt-5.1-2025-11-13', choices: [{ index: 0, delta: {}, finish_reason: finish, content_filter_results: filter }] },
    // After the finish: an annotation-only choice, no delta.
    {
      model: '',
      choices: [
        {
          index: 0,
          finish_reason: null,
          content_filter_results: filter,
          content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: 9 },
        },
      ],
    },
    {
      model: 'gpt-5.1-2025-11-13',
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: pieces.length, total_tokens: 5 + pieces.length },
    },
  ];
}

const quiet = { progress: () => undefined, debug: () => undefined };

describe('readChatStream', () => {
  test('assembles text, finish reason, model and usage across annotation chunks', async () => {
    const answer = await readChatStream(chunks(azureStream(['Hello', ', ', 'world.'])), quiet);
    assert.deepEqual(answer, {
      text: 'Hello, world.',
      finishReason: 'stop',
      promptTokens: 5,
      completionTokens: 3,
      totalTokens: 8,
      cachedTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      model: 'gpt-5.1-2025-11-13',
      filtered: [],
    });
  });

  test('reads cached and reasoning tokens from the final usage chunk', async () => {
    const list = azureStream(['Hi']);
    list[list.length - 1]!.usage = {
      prompt_tokens: 2000,
      completion_tokens: 70,
      total_tokens: 2070,
      prompt_tokens_details: { cached_tokens: 1920 },
      completion_tokens_details: { reasoning_tokens: 64 },
    };
    const answer = await readChatStream(chunks(list), quiet);
    assert.deepEqual([answer.cachedTokens, answer.reasoningTokens], [1920, 64]);
  });

  test('collects the categories a completion filter flagged', async () => {
    const flagged = {
      violence: { filtered: true, severity: 'medium' },
      hate: SAFE,
      protected_material_code: { filtered: true, detected: true },
    };
    const answer = await readChatStream(chunks(azureStream(['Part'], 'content_filter', flagged)), quiet);
    assert.equal(answer.finishReason, 'content_filter');
    assert.equal(answer.text, 'Part');
    assert.deepEqual(answer.filtered, ['violence (severity medium)', 'protected_material_code (detected)']);
  });

  test('ignores choices other than the first', async () => {
    const list = azureStream(['A']);
    list.splice(2, 0, { choices: [{ index: 1, delta: { content: 'other' }, finish_reason: null }] });
    assert.equal((await readChatStream(chunks(list), quiet)).text, 'A');
  });

  test('a progress line every interval, with the token count and no answer text; the text goes to debug', async () => {
    let clock = 0;
    const progress: string[] = [];
    const debug: string[] = [];
    async function* slow(): AsyncGenerator<StreamChunk> {
      for (const chunk of azureStream(['secret ', 'answer ', 'text ', 'here'])) {
        clock += 2000;
        yield chunk;
      }
    }
    await readChatStream(slow(), { progress: (m) => progress.push(m), debug: (m) => debug.push(m), intervalMs: 5000, now: () => clock });
    assert.ok(progress.length >= 2, progress.join('\n'));
    assert.match(progress[0]!, /^Streaming: \d+ tokens? so far \(\d+ s\)\.$/);
    for (const line of progress) assert.doesNotMatch(line, /secret|answer|text/);
    assert.ok(
      debug.some((line) => line.includes('secret')),
      'the text is in the debug log',
    );
  });

  test('no progress line for a stream shorter than the interval', async () => {
    const progress: string[] = [];
    await readChatStream(chunks(azureStream(['a', 'b'])), { progress: (m) => progress.push(m), debug: () => undefined, now: () => 0 });
    assert.deepEqual(progress, []);
  });

  test('a stream with only annotations and usage has no choices (retryable)', async () => {
    const list = [azureStream([])[0]!, azureStream([]).at(-1)!];
    await assert.rejects(readChatStream(chunks(list), quiet), (error: unknown) => {
      assert.ok(error instanceof MalformedAnswerError);
      assert.equal(error.label, 'no choices');
      assert.equal(error.retryable, true);
      return true;
    });
  });

  test('a stream that ends before the finish reason is incomplete (retryable)', async () => {
    const list = azureStream(['Half', ' an']).slice(0, 4);
    await assert.rejects(readChatStream(chunks(list), quiet), (error: unknown) => {
      assert.ok(error instanceof MalformedAnswerError);
      assert.equal(error.label, 'stream ended early');
      assert.equal(error.retryable, true);
      return true;
    });
  });
});

describe('streamDecision', () => {
  const cases: Array<[boolean, string, boolean]> = [
    [true, 'v1', true],
    [true, '2024-10-21', true],
    [true, '2024-09-01-preview', true],
    [true, '2025-04-01-preview', true],
    [true, '2024-06-01', false],
    [true, '2024-08-01-preview', false],
    [false, 'v1', false],
  ];
  for (const [wanted, version, expected] of cases) {
    test(`stream ${wanted}, api-version ${version} → ${expected}`, () => {
      const decision = streamDecision(wanted, version);
      assert.equal(decision.stream, expected);
      assert.equal(decision.note !== undefined, wanted && !expected, 'a note exactly when streaming was wanted but is off');
    });
  }
});

describe('readChatStream: tool calls', () => {
  // The shape of openai's ChatCompletionChunk.Choice.Delta.ToolCall (node_modules/openai/resources/chat/completions):
  // the first piece of each call names it (index, id, type, function.name, empty arguments), later pieces carry
  // only the index and more argument text; parallel calls interleave by index.
  const piece = (index: number, fields: Record<string, unknown>) => ({
    model: 'gpt-5.1-2025-11-13',
    choices: [{ index: 0, delta: { tool_calls: [{ index, ...fields }] }, finish_reason: null }],
  });
  test('parallel calls are put together by index, and the finish reason is tool_calls', async () => {
    const stream: StreamChunk[] = [
      { model: '', choices: [], prompt_filter_results: [] },
      { model: 'gpt-5.1-2025-11-13', choices: [{ index: 0, delta: { content: null }, finish_reason: null }] },
      piece(0, { id: 'call_A', type: 'function', function: { name: 'read_file', arguments: '' } }),
      piece(1, { id: 'call_B', type: 'function', function: { name: 'list_files', arguments: '' } }),
      piece(0, { function: { arguments: '{"path":' } }),
      piece(1, { function: { arguments: '{}' } }),
      piece(0, { function: { arguments: '"a.ts"}' } }),
      { model: 'gpt-5.1-2025-11-13', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      { model: 'gpt-5.1-2025-11-13', choices: [], usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 } },
    ];
    const answer = await readChatStream(chunks(stream), { progress: () => undefined, debug: () => undefined });
    assert.equal(answer.finishReason, 'tool_calls');
    assert.equal(answer.text, '');
    assert.deepEqual(answer.toolCalls, [
      { id: 'call_A', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { id: 'call_B', name: 'list_files', arguments: '{}' },
    ]);
  });

  test("argument text counts against the stream's cap", async () => {
    const stream: StreamChunk[] = [
      piece(0, { id: 'call_A', type: 'function', function: { name: 'read_file', arguments: 'x'.repeat(40) } }),
      { model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    await assert.rejects(
      readChatStream(chunks(stream), { progress: () => undefined, debug: () => undefined, maxTextChars: 16 }),
      /more than|larger|exceed/i,
    );
  });
});
