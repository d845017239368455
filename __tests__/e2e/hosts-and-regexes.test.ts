/**
 * Through the bundle: a token reaches only an allowed host unless
 * allow-custom-endpoint opts in, and patterns over an answer an attacker
 * steers (`^(a+)+$` against 40 `a` then `!`) end within seconds.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

useEmulator();

const EVIL = `${'a'.repeat(40)}!`;

describe('hosts that get tokens', () => {
  test('a foreign host is refused before any request, naming allow-custom-endpoint', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), endpoint: 'https://aoai-gateway.invalid' } });
    assert.equal(result.code, 1);
    assert.match(result.errors[0] ?? '', /Input 'endpoint': host 'aoai-gateway\.invalid' .*allow-custom-endpoint: true/);
    assert.deepEqual(emulator.requests, [], 'no request at all');
  });
  test('allow-custom-endpoint: true gets past the host check (the call then fails to resolve the .invalid host)', async () => {
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), endpoint: 'https://aoai-gateway.invalid', 'allow-custom-endpoint': 'true' },
    });
    assert.equal(result.code, 1);
    assert.doesNotMatch(result.errors[0] ?? '', /allow-custom-endpoint/);
    assert.match(result.errors[0] ?? '', /Could not resolve aoai-gateway\.invalid/);
    assert.equal(emulator.count('openai'), 0, 'the emulator is not the endpoint');
  });
});

describe('patterns over a steered answer end within seconds', () => {
  test('expect ^(a+)+$ against 40 a then !', async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: EVIL }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), expect: '^(a+)+$' } });
    assert.equal(result.code, 1);
    assert.match(result.errors[0] ?? '', /The response does not match expect \/\^\(a\+\)\+\$\//);
    assert.ok(result.durationMs < 15_000, `${result.durationMs} ms`);
    assert.equal(result.outputs.passed, 'false');
  });
  test('a JSON-schema pattern ^(a+)+$ against 40 a then !', async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: JSON.stringify({ s: EVIL }) }]);
    const schema = {
      type: 'object',
      properties: { s: { type: 'string', pattern: '^(a+)+$' } },
      required: ['s'],
      additionalProperties: false,
    };
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), prompt: 'Answer in JSON.', 'json-schema': JSON.stringify({ name: 'steered', schema }) },
    });
    assert.equal(result.code, 1);
    assert.match(result.errors[0] ?? '', /does not match the JSON schema .*\n.*\/s: must match pattern "\^\(a\+\)\+\$"/);
    assert.ok(result.durationMs < 15_000, `${result.durationMs} ms`);
  });
});
