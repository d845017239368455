/**
 * The emulator's Responses API, read with the real `openai` client: the
 * response object, the event stream's documented sequence (typed events,
 * increasing sequence_number, a terminal response.completed and no [DONE]),
 * a Responses-only deployment's OperationNotSupported on the chat route,
 * refused sampling parameters, and the flat text.format rule.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import OpenAI from 'openai';
import { type Emulator, startEmulator } from '../../emulator/index.ts';

let em: Emulator;
before(async () => {
  em = await startEmulator({
    config: {
      openai: {
        deployments: {
          codex: { model: 'gpt-5.1-codex', apis: ['responses'], reasoningTokens: 16, reasoningSummary: 'Weighed it.' },
          o3: { model: 'o3-2025-04-16', rejectsSampling: true },
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

describe('emulator: Responses API', () => {
  test('a whole response: message output_text, usage details, store as sent, reasoning summary when asked', async () => {
    const response = await client().responses.create({ model: 'codex', input: 'Hi there', store: false, reasoning: { summary: 'auto' } });
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'completed');
    assert.equal((response as unknown as { store?: unknown }).store, false);
    assert.equal(response.output_text, 'Emulated answer to: "Hi there"');
    assert.deepEqual(
      response.output.map((item) => item.type),
      ['reasoning', 'message'],
    );
    assert.equal(response.usage?.output_tokens_details.reasoning_tokens, 16);
    assert.ok((response.usage?.output_tokens ?? 0) > 16);
  });

  test('max_output_tokens below the answer: status incomplete, reason max_output_tokens', async () => {
    const response = await client().responses.create({
      model: 'codex',
      input: 'Say hello to everyone in the team, please',
      max_output_tokens: 18,
    });
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
  });

  test('the event stream: typed events, sequence numbers from 0, text deltas, response.completed last', async () => {
    const stream = await client().responses.create({ model: 'codex', input: 'Hi there', stream: true, reasoning: { summary: 'auto' } });
    const events = [];
    for await (const event of stream) events.push(event);
    assert.deepEqual(
      events.map((e) => e.sequence_number),
      events.map((_, i) => i),
    );
    assert.equal(events[0]?.type, 'response.created');
    assert.equal(events.at(-1)?.type, 'response.completed');
    const text = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : [])).join('');
    assert.equal(text, 'Emulated answer to: "Hi there"');
    const summary = events.flatMap((e) => (e.type === 'response.reasoning_summary_text.delta' ? [e.delta] : [])).join('');
    assert.equal(summary, 'Weighed it.');
    const raw = em.requests.at(-1);
    assert.equal(raw?.path, '/openai/v1/responses');
  });

  test("a Responses-only deployment's chat route: 400 OperationNotSupported, Azure's shape", async () => {
    await assert.rejects(
      client().chat.completions.create({ model: 'codex', messages: [{ role: 'user', content: 'Hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal((error.error as { code?: string }).code, 'OperationNotSupported');
        assert.match(
          (error.error as { message?: string }).message ?? '',
          /^The chatCompletion operation does not work with the specified model, gpt-5\.1-codex\./,
        );
        return true;
      },
    );
  });

  test('a reasoning deployment refuses temperature on both APIs, with the unsupported_parameter body', async () => {
    for (const call of [
      () => client().responses.create({ model: 'o3', input: 'Hi', temperature: 0.2 }),
      () => client().chat.completions.create({ model: 'o3', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.2 }),
    ]) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.deepEqual(error.error, {
          message: "Unsupported parameter: 'temperature' is not supported with this model.",
          type: 'invalid_request_error',
          param: 'temperature',
          code: 'unsupported_parameter',
        });
        return true;
      });
    }
  });

  test("text.format json_schema must be flat: chat's nested shape is refused", async () => {
    const schema = { type: 'object', properties: {}, additionalProperties: false, required: [] };
    const nested = { type: 'json_schema', json_schema: { name: 'x', schema } } as never;
    await assert.rejects(client().responses.create({ model: 'o3', input: 'Hi', text: { format: nested } }), OpenAI.BadRequestError);
    const flat = await client().responses.create({
      model: 'o3',
      input: 'Hi',
      text: { format: { type: 'json_schema', name: 'x', schema, strict: true } },
    });
    assert.equal(flat.output_text, '{}');
  });
});
