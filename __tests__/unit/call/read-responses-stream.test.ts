/** The Responses event stream read into an Answer: deltas, the terminal event, failures, progress lines, the cap. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MalformedAnswerError } from '../../../src/call/answer.ts';
import { BodyTooLargeError } from '../../../src/bounded-body.ts';
import { readResponsesStream, type ResponsesStreamEvent } from '../../../src/call/read-responses-stream.ts';

async function* events(list: ResponsesStreamEvent[]): AsyncIterable<ResponsesStreamEvent> {
  for (const event of list) yield event;
}

const quiet = { progress: () => undefined, debug: () => undefined };
const completed = (status = 'completed', reason?: string): ResponsesStreamEvent => ({
  type: status === 'completed' ? 'response.completed' : 'response.incomplete',
  response: {
    model: 'gpt-5-codex',
    status,
    ...(reason ? { incomplete_details: { reason } } : {}),
    output: [{ type: 'message', content: [{ type: 'output_text', text: 'Hello world' }] }],
    usage: { input_tokens: 5, output_tokens: 9, total_tokens: 14, output_tokens_details: { reasoning_tokens: 4 } },
  },
});

describe('readResponsesStream', () => {
  test('text from the deltas, the summary from its deltas, status and usage from the terminal event', async () => {
    const answer = await readResponsesStream(
      events([
        { type: 'response.created', response: { status: 'in_progress' } },
        { type: 'response.reasoning_summary_part.added' },
        { type: 'response.reasoning_summary_text.delta', delta: 'Thought ' },
        { type: 'response.reasoning_summary_text.delta', delta: 'one.' },
        { type: 'response.reasoning_summary_part.added' },
        { type: 'response.reasoning_summary_text.delta', delta: 'Two.' },
        { type: 'response.output_text.delta', delta: 'Hello ' },
        { type: 'response.output_text.delta', delta: 'world' },
        { type: 'response.output_text.done' },
        completed(),
      ]),
      quiet,
    );
    assert.equal(answer.text, 'Hello world');
    assert.equal(answer.reasoningSummary, 'Thought one.\n\nTwo.');
    assert.equal(answer.finishReason, 'stop');
    assert.deepEqual([answer.promptTokens, answer.completionTokens, answer.reasoningTokens], [5, 9, 4]);
    assert.equal(answer.model, 'gpt-5-codex');
  });

  test('response.incomplete for max_output_tokens is finish reason length', async () => {
    const answer = await readResponsesStream(
      events([{ type: 'response.output_text.delta', delta: 'Hel' }, completed('incomplete', 'max_output_tokens')]),
      quiet,
    );
    assert.equal(answer.finishReason, 'length');
    assert.equal(answer.text, 'Hel');
  });

  const failures: Array<{ name: string; list: ResponsesStreamEvent[]; label: string }> = [
    { name: 'no terminal event', list: [{ type: 'response.output_text.delta', delta: 'Hi' }], label: 'stream ended early' },
    {
      name: 'response.failed',
      list: [{ type: 'response.failed', response: { status: 'failed', error: { code: 'server_error', message: 'oops' } } }],
      label: 'response failed',
    },
    { name: 'an error event', list: [{ type: 'error', code: 'rate_limit_exceeded', message: 'slow down' }], label: 'error in the stream' },
  ];
  for (const c of failures) {
    test(`${c.name}: a retryable unusable answer`, async () => {
      await assert.rejects(readResponsesStream(events(c.list), quiet), (error: unknown) => {
        assert.ok(error instanceof MalformedAnswerError);
        assert.equal(error.label, c.label);
        assert.equal(error.retryable, true);
        return true;
      });
    });
  }

  test('progress lines carry counts, never text; the text goes to debug', async () => {
    let clock = 0;
    const lines: string[] = [];
    const debug: string[] = [];
    const list: ResponsesStreamEvent[] = ['secret ', 'words ', 'here'].map((delta) => ({ type: 'response.output_text.delta', delta }));
    await readResponsesStream(events([...list, completed()]), {
      progress: (line) => lines.push(line),
      debug: (line) => debug.push(line),
      now: () => (clock += 3000),
      intervalMs: 5000,
    });
    assert.ok(lines.length >= 1);
    assert.ok(
      lines.every((line) => /^Streaming: \d+ tokens? so far \(\d+ s\)\.$/.test(line)),
      lines.join('\n'),
    );
    assert.match(debug.join('\n'), /secret/);
  });

  test('text beyond the cap fails as too large', async () => {
    await assert.rejects(
      readResponsesStream(events([{ type: 'response.output_text.delta', delta: 'x'.repeat(11) }, completed()]), {
        ...quiet,
        maxTextChars: 10,
      }),
      BodyTooLargeError,
    );
  });
});

describe('readResponsesStream: the terminal event ends the read', () => {
  test('deltas after response.completed are not read, and a stream held open after it still answers', async () => {
    let readAfter = 0;
    async function* heldOpen(): AsyncIterable<ResponsesStreamEvent> {
      yield { type: 'response.output_text.delta', delta: 'Hello world' };
      yield completed();
      readAfter += 1;
      yield { type: 'response.output_text.delta', delta: ' LGTM' };
      await new Promise(() => undefined); // a connection kept open: never ends
    }
    const answer = await readResponsesStream(heldOpen(), quiet);
    assert.equal(answer.text, 'Hello world');
    assert.equal(readAfter, 0);
  });

  test('streamed deltas stand when response.completed carries no message item', async () => {
    const answer = await readResponsesStream(
      events([
        { type: 'response.output_text.delta', delta: 'Streamed.' },
        { type: 'response.completed', response: { status: 'completed', output: [] } },
      ]),
      quiet,
    );
    assert.equal(answer.text, 'Streamed.');
  });

  for (const [name, event] of [
    ['a delta that is an object', { type: 'response.output_text.delta', delta: { text: 'x' } }],
    ['a terminal response that is a string', { type: 'response.completed', response: 'done' }],
    ['a terminal status that is a number', { type: 'response.completed', response: { status: 1, output: [] } }],
  ] as const) {
    test(`${name} is an unusable answer, not retried`, async () => {
      await assert.rejects(
        readResponsesStream(events([event, completed()]), quiet),
        (error: unknown) => error instanceof MalformedAnswerError && !error.retryable,
      );
    });
  }
});
