/**
 * Responses answers read by type, end to end through the bundle, each
 * derived from a real recorded stream (recordings/responses-sse-hello.json,
 * Azure SDK for .NET's HelloWorldStreaming) and changed in one way: output
 * items in another order and of other types; a terminal event without the
 * message item; deltas after the terminal event, on a connection held open;
 * a field of the wrong type. The answer is the message's text however the
 * items are ordered; the streamed deltas stand; nothing after the terminal
 * event is read, and it ends the read; a field of the wrong type is an
 * unusable answer, asked for once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Fault } from '../../emulator/index.ts';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

useEmulator();

const HELLO = 'Hello! How can I assist you today?';
const recorded = JSON.parse(readFileSync(new URL('recordings/responses-sse-hello.json', import.meta.url), 'utf8')) as {
  headers: Record<string, string>;
  events: string[];
};

type Json = Record<string, unknown>;

/** The recording's events as [name, data] pairs, and the response its response.completed carries. */
const events = recorded.events
  .join('')
  .split('\n\n')
  .filter((block) => block.trim() !== '')
  .map((block) => JSON.parse(block.replace(/^event: [^\n]*\n/, '').replace(/^data: /, '')) as Json);
const terminal = events.find((event) => event.type === 'response.completed');
assert.ok(terminal, 'the recording ends with response.completed');
const completed = terminal.response as Json;
const message = (completed.output as Json[])[0]!;

function sse(list: Json[]): string {
  return list.map((event) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/** The recording's stream up to its terminal event, that event carrying `response`, then `after`. */
function stream(response: Json, after: Json[] = []): string {
  const before = events.filter((event) => event.type !== 'response.completed');
  return sse([...before, { type: 'response.completed', sequence_number: before.length, response }, ...after]);
}

function serve(body: string, streamed: boolean, extra: Partial<Extract<Fault, { kind: 'recorded' }>> = {}): void {
  const headers = { ...recorded.headers, 'Content-Type': streamed ? 'text/event-stream; charset=utf-8' : 'application/json' };
  emulator.injectFaults('openai', [{ kind: 'recorded', status: 200, headers, body, ...extra }]);
}

function run(streamed: boolean, inputs: Record<string, string> = {}): Promise<RunResult> {
  return runAction(emulator, { inputs: { ...baseInputs(emulator), api: 'responses', stream: String(streamed), ...inputs } });
}

function answered(result: RunResult, text: string): void {
  assert.equal(result.code, 0, `${result.errors.join('\n')}\n${result.stdout}`);
  assert.equal(result.outputs.response, text);
  assert.equal(emulator.count('openai'), 1, 'one call');
}

describe('Responses output items are read by type, not position', () => {
  const items = [
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Thought about greeting.' }] },
    { type: 'web_search_call', id: 'ws_1', status: 'completed' },
    { ...message, content: [{ type: 'refusal', refusal: 'not this' }, ...(message.content as Json[])] },
  ];
  test('a whole body: the message after a reasoning item and a tool item, a refusal part beside the text', async () => {
    serve(JSON.stringify({ ...completed, output: items }), false);
    const result = await run(false);
    answered(result, HELLO);
    assert.match(result.summary, /Thought about greeting\./);
  });

  test('a stream whose terminal event carries the same items', async () => {
    serve(stream({ ...completed, output: items }), true);
    answered(await run(true), HELLO);
  });
});

describe('the terminal event of a Responses stream', () => {
  test('without the message item: the streamed deltas stand, asked once', async () => {
    serve(stream({ ...completed, output: [] }), true);
    answered(await run(true), HELLO);
  });

  test('ends the read: deltas after it are not appended, and a connection held open after it costs nothing', async () => {
    const late = { type: 'response.output_text.delta', item_id: message.id, output_index: 0, content_index: 0, delta: ' INJECTED' };
    serve(stream(completed, [late]), true, { holdOpen: true });
    const result = await run(true, { 'timeout-seconds': '30' });
    answered(result, HELLO);
    assert.doesNotMatch(result.stdout + result.summary, /INJECTED/);
  });
});

describe('a Responses field of the wrong type is an unusable answer, not a network failure', () => {
  const cases: Array<{ name: string; response: Json; says: RegExp }> = [
    { name: 'a numeric status', response: { ...completed, status: 42 }, says: /with a status that is number/ },
    { name: 'a null output', response: { ...completed, output: null }, says: /with a output that is null/ },
    {
      name: 'a null message content',
      response: { ...completed, output: [{ ...message, content: null }] },
      says: /with a message content that is null/,
    },
    {
      name: 'a message content that is a string',
      response: { ...completed, output: [{ ...message, content: 'Hello' }] },
      says: /with a message content that is string/,
    },
    {
      name: 'an incomplete_details.reason that is an object',
      response: { ...completed, status: 'incomplete', incomplete_details: { reason: { nested: true } } },
      says: /with a incomplete_details\.reason that is object/,
    },
  ];
  for (const c of cases) {
    for (const streamed of [false, true]) {
      test(`${c.name}, ${streamed ? 'streamed' : 'whole'}: one call with max-retries 2, one error naming the field`, async () => {
        serve(streamed ? stream(c.response) : JSON.stringify(c.response), streamed);
        const result = await run(streamed, { 'max-retries': '2' });
        assert.equal(result.code, 1, result.stdout);
        assert.equal(emulator.count('openai'), 1, 'not asked again');
        assert.equal(result.errors.length, 1, result.errors.join('\n'));
        assert.match(result.errors[0] ?? '', /was unusable/);
        assert.match(result.errors[0] ?? '', c.says);
        assert.doesNotMatch(result.errors[0] ?? '', /network|is not a function/);
        assert.deepEqual(result.outputs, {});
      });
    }
  }
});
