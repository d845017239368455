/** api, verbosity and reasoning-summary: the accepted words, the defaults, and reasoning-summary refused with api: chat. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { readApiParameters } from '../../../src/inputs/read-api.ts';

const read = (inputs: Record<string, string>) => readApiParameters((name) => inputs[name] ?? '');

describe('readApiParameters', () => {
  test('defaults: api auto, nothing else', () => assert.deepEqual(read({}), { api: 'auto' }));
  test('every accepted value', () => {
    for (const api of ['auto', 'chat', 'responses']) assert.equal(read({ api }).api, api);
    for (const verbosity of ['low', 'medium', 'high']) assert.equal(read({ verbosity }).verbosity, verbosity);
    for (const summary of ['auto', 'concise', 'detailed']) assert.equal(read({ 'reasoning-summary': summary }).reasoningSummary, summary);
  });
  test('reasoning-summary under auto and responses is kept', () => {
    assert.deepEqual(read({ api: 'responses', 'reasoning-summary': 'auto' }), { api: 'responses', reasoningSummary: 'auto' });
  });

  const bad: Array<{ inputs: Record<string, string>; input: string; says: RegExp }> = [
    { inputs: { api: 'Responses' }, input: 'api', says: /'Responses' is not one of auto, chat, responses/ },
    { inputs: { verbosity: 'max' }, input: 'verbosity', says: /'max' is not one of low, medium, high/ },
    { inputs: { 'reasoning-summary': 'none' }, input: 'reasoning-summary', says: /'none' is not one of auto, concise, detailed/ },
    { inputs: { api: 'chat', 'reasoning-summary': 'detailed' }, input: 'reasoning-summary', says: /api is chat/ },
  ];
  for (const c of bad) {
    test(`${JSON.stringify(c.inputs)} fails naming ${c.input}`, () => {
      assert.throws(
        () => read(c.inputs),
        (error: unknown) => error instanceof InputError && error.message.includes(c.input) && c.says.test(error.message),
      );
    });
  }
});
