/**
 * The emulator's scripted model, read with the real `openai` client: function
 * calls on Chat Completions (whole, and streamed in the recorded delta shape
 * that the client's own stream helper re-assembles) and on the Responses API
 * (whole, and the function_call event sequence); the text answer once the
 * rounds are spent or tool_choice is none; and the 400s the service answers
 * when a call goes unanswered or an answer names no call, in its wordings.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Emulator, startEmulator } from '../../emulator/index.ts';

const READ = { name: 'read_file', arguments: { path: 'src/a.ts' } };
const LIST = { name: 'list_files', arguments: { path: 'src', glob: '*.ts' } };

let em: Emulator;
before(async () => {
  em = await startEmulator({
    config: { openai: { deployments: { tooly: { model: 'gpt-5.1-2025-11-13', toolRounds: [[READ, LIST]] } } } },
  });
});
after(async () => {
  await em.stop();
});
beforeEach(() => em.reset());

const client = () => new OpenAI({ baseURL: `${em.httpUrl}/openai/v1`, apiKey: async () => em.mintAccessToken(), maxRetries: 0 });
const chatTools: OpenAI.ChatCompletionTool[] = ['read_file', 'list_files'].map((name) => ({
  type: 'function',
  function: { name, parameters: { type: 'object', properties: {} } },
}));
const responseTools: OpenAI.Responses.FunctionTool[] = ['read_file', 'list_files'].map((name) => ({
  type: 'function',
  name,
  parameters: { type: 'object', properties: {} },
  strict: false,
}));
const user = { role: 'user' as const, content: 'Where is a used?' };

describe('emulator: scripted tool calls on Chat Completions', () => {
  test('whole: parallel calls with call_ ids, content null, finish tool_calls; answered, the next round is text using them', async () => {
    const first = await client().chat.completions.create({ model: 'tooly', messages: [user], tools: chatTools });
    const choice = first.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const calls = (choice.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
    assert.deepEqual(
      calls.map((call) => [call.function.name, JSON.parse(call.function.arguments) as unknown]),
      [
        ['read_file', READ.arguments],
        ['list_files', LIST.arguments],
      ],
    );
    assert.ok(calls.every((call) => /^call_[A-Za-z0-9]{24}$/.test(call.id)));
    const results = calls.map((call, i) => ({ role: 'tool' as const, tool_call_id: call.id, content: `result ${i}` }));
    const second = await client().chat.completions.create({
      model: 'tooly',
      messages: [user, choice.message, ...results],
      tools: chatTools,
    });
    assert.equal(second.choices[0]!.finish_reason, 'stop');
    assert.match(second.choices[0]!.message.content ?? '', /From 2 tool results:\n\[1\] result 0\n\[2\] result 1/);
  });

  test('streamed: the id only in the first delta of each call, arguments in pieces, re-assembled by the client', async () => {
    const stream = client().chat.completions.stream({ model: 'tooly', messages: [user], tools: chatTools });
    const pieces: Array<{ index: number; id?: string; args?: string }> = [];
    stream.on('chunk', (chunk) => {
      for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
        pieces.push({ index: delta.index, ...(delta.id ? { id: delta.id } : {}), args: delta.function?.arguments ?? '' });
      }
    });
    const completion = await stream.finalChatCompletion();
    assert.equal(completion.choices[0]!.finish_reason, 'tool_calls');
    const calls = completion.choices[0]!.message.tool_calls as OpenAI.ChatCompletionMessageFunctionToolCall[];
    assert.deepEqual(JSON.parse(calls[1]!.function.arguments), LIST.arguments);
    assert.equal(pieces.filter((piece) => piece.id !== undefined).length, 2, 'one delta names each call');
    assert.ok(pieces.filter((piece) => piece.index === 0).length > 2, 'the arguments come in several pieces');
  });

  test('tool_choice none: the model answers in text', async () => {
    const answer = await client().chat.completions.create({ model: 'tooly', messages: [user], tools: chatTools, tool_choice: 'none' });
    assert.equal(answer.choices[0]!.finish_reason, 'stop');
  });

  test('a call left unanswered, and an answer to no call: 400 in the service words', async () => {
    const first = await client().chat.completions.create({ model: 'tooly', messages: [user], tools: chatTools });
    const message = first.choices[0]!.message;
    const onlyOne = [{ role: 'tool' as const, tool_call_id: message.tool_calls![0]!.id, content: 'x' }];
    await assert.rejects(
      client().chat.completions.create({ model: 'tooly', messages: [user, message, ...onlyOne], tools: chatTools }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.equal(error.param, 'messages.[1].role');
        assert.match(error.message, new RegExp(`did not have response messages: ${message.tool_calls![1]!.id}$`));
        return true;
      },
    );
    const stray = { role: 'tool' as const, tool_call_id: 'call_nobodymadethisone', content: 'x' };
    await assert.rejects(
      client().chat.completions.create({ model: 'tooly', messages: [user, stray] }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.match(error.message, /must be a response to a preceeding message with 'tool_calls'/);
        return true;
      },
    );
  });
});

describe('emulator: scripted tool calls on the Responses API', () => {
  test('whole: function_call items with call_id; outputs by call_id give a text answer using them', async () => {
    const first = await client().responses.create({ model: 'tooly', input: [user], tools: responseTools, store: false });
    const calls = first.output.filter((item) => item.type === 'function_call');
    assert.deepEqual(
      calls.map((call) => call.name),
      ['read_file', 'list_files'],
    );
    assert.ok(calls.every((call) => call.call_id.startsWith('call_') && call.id?.startsWith('fc_')));
    const outputs = calls.map((call, i) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: `out ${i}` }));
    const echoed = calls.map(({ call_id, name, arguments: args }) => ({ type: 'function_call' as const, call_id, name, arguments: args }));
    const second = await client().responses.create({ model: 'tooly', input: [user, ...echoed, ...outputs], tools: responseTools });
    assert.match(second.output_text, /From 2 tool results:\n\[1\] out 0\n\[2\] out 1/);
  });

  test('streamed: output_item.added, argument deltas, arguments.done, output_item.done per call; completed holds them', async () => {
    const stream = await client().responses.create({ model: 'tooly', input: [user], tools: responseTools, stream: true });
    const types: string[] = [];
    let deltas = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.function_call_arguments.delta' && event.output_index === 0) deltas += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.deepEqual(JSON.parse(deltas), READ.arguments);
    assert.equal(types.filter((type) => type === 'response.output_item.added').length, 2);
    assert.equal(types.at(-1), 'response.completed');
    assert.equal(completed?.output.filter((item) => item.type === 'function_call').length, 2);
  });

  test('a function_call without its output, and an output for no call: 400 param input', async () => {
    const first = await client().responses.create({ model: 'tooly', input: [user], tools: responseTools });
    const calls = first.output.filter((item) => item.type === 'function_call');
    const echoed = calls.map(({ call_id, name, arguments: args }) => ({ type: 'function_call' as const, call_id, name, arguments: args }));
    const one = { type: 'function_call_output' as const, call_id: calls[0]!.call_id, output: 'x' };
    await assert.rejects(
      client().responses.create({ model: 'tooly', input: [user, ...echoed, one] }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 400);
        assert.equal(error.param, 'input');
        assert.equal(error.message, `400 No tool output found for function call ${calls[1]!.call_id}.`);
        return true;
      },
    );
    const stray = { type: 'function_call_output' as const, call_id: 'call_nobody', output: 'x' };
    await assert.rejects(
      client().responses.create({ model: 'tooly', input: [user, stray] }),
      (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.message, '400 No tool call found for function call output with call_id call_nobody.');
        return true;
      },
    );
  });
});
