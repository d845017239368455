/** The Responses request body: messages to instructions and input, every parameter under its Responses name, store false. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PromptMessage } from '../../../src/model-call.ts';
import { responsesBody, textFormat } from '../../../src/call/responses-request.ts';

const keep = { dropSampling: false };
const user = (content: string): PromptMessage => ({ role: 'user', content });

describe('responsesBody', () => {
  const cases: Array<{ name: string; messages: PromptMessage[]; instructions?: string; input: PromptMessage[] }> = [
    { name: 'a user prompt alone', messages: [user('Hi')], input: [user('Hi')] },
    {
      name: 'a system prompt becomes instructions',
      messages: [{ role: 'system', content: 'Be terse.' }, user('Hi')],
      instructions: 'Be terse.',
      input: [user('Hi')],
    },
    {
      name: 'leading system messages are joined; a later one keeps its place and role',
      messages: [
        { role: 'system', content: 'A.' },
        { role: 'system', content: 'B.' },
        user('Hi'),
        { role: 'assistant', content: 'Hello.' },
        { role: 'system', content: 'Now in French.' },
        user('Again'),
      ],
      instructions: 'A.\n\nB.',
      input: [user('Hi'), { role: 'assistant', content: 'Hello.' }, { role: 'system', content: 'Now in French.' }, user('Again')],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const body = responsesBody('d', c.messages, {}, keep);
      assert.deepEqual(body, { model: 'd', input: c.input, ...(c.instructions ? { instructions: c.instructions } : {}), store: false });
    });
  }

  test('every parameter, under its Responses name', () => {
    const body = responsesBody(
      'd',
      [user('Hi')],
      {
        maxTokens: 100,
        temperature: 0.3,
        topP: 0.8,
        reasoningEffort: 'xhigh',
        reasoningSummary: 'concise',
        verbosity: 'high',
        responseFormat: { type: 'json_object' },
      },
      keep,
    );
    assert.deepEqual(body, {
      model: 'd',
      input: [user('Hi')],
      store: false,
      max_output_tokens: 100,
      temperature: 0.3,
      top_p: 0.8,
      reasoning: { effort: 'xhigh', summary: 'concise' },
      text: { format: { type: 'json_object' }, verbosity: 'high' },
    });
  });

  test('dropSampling leaves temperature and top_p out, and nothing else', () => {
    const body = responsesBody('d', [user('Hi')], { temperature: 0.3, topP: 0.8, maxTokens: 5 }, { dropSampling: true });
    assert.deepEqual(body, { model: 'd', input: [user('Hi')], store: false, max_output_tokens: 5 });
  });
});

describe('textFormat', () => {
  test('a json_schema format is flattened', () => {
    const schema = { type: 'object' };
    assert.deepEqual(textFormat({ type: 'json_schema', json_schema: { name: 'n', strict: true, description: 'd', schema } }), {
      type: 'json_schema',
      name: 'n',
      strict: true,
      description: 'd',
      schema,
    });
  });
  test('json_object stays json_object', () => {
    assert.deepEqual(textFormat({ type: 'json_object' }), { type: 'json_object' });
  });
});
