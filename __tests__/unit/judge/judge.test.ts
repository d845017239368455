/**
 * Judging an answer before it is published: the `json` output read from a
 * JSON answer, an answer that is not the JSON asked for (only response-file
 * is written), and expect.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { parseExpect } from '../../../src/bounded-regex.ts';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import type { Config } from '../../../src/config.ts';
import { ActionFailure } from '../../../src/errors.ts';
import { readConfig } from '../../../src/inputs/read-config.ts';
import { compileSchema } from '../../../src/judge/compile-schema.ts';
import { JSON_OUTPUT_LIMIT_CHARS } from '../../../src/judge/json-answer.ts';
import { judgeAnswer } from '../../../src/judge/judge.ts';
import { publish } from '../../../src/publish/publish.ts';
import type { SharedGithubClient } from '../../../src/github-context/github-client.ts';

const RESULT: ModelAnswer = {
  api: 'chat',
  text: 'answer',
  finishReason: 'stop',
  promptTokens: 1,
  completionTokens: 2,
  totalTokens: 3,
  cachedTokens: 0,
  reasoningTokens: 0,
  model: 'gpt-5.1-2025-11-13',
  requestId: 'r',
  latencyMs: 5,
  attempts: 1,
};
const answer = (text: string, finishReason = 'stop'): ModelAnswer => ({ ...RESULT, text, finishReason });

function recorder() {
  const info: string[] = [];
  const warnings: string[] = [];
  return { info, warnings, log: { info: (m: string) => info.push(m), warning: (m: string) => warnings.push(m) } };
}

const PLAIN = { failOnTruncation: false };
// What main.ts compiles before the call: no validator for text, one that accepts anything for JSON mode, the schema's.
const jsonMode = () => [];
const withSchema = () =>
  compileSchema({ name: 'test', strict: false, schema: { type: 'object', required: ['a'] }, source: 'a test', input: 'json-schema' });

describe('judgeAnswer: the json output', () => {
  test('text: no json output', async () => {
    assert.deepEqual(await judgeAnswer(answer('{"a":1}'), PLAIN, undefined, recorder().log), {});
  });
  test('JSON: compact, fences stripped', async () => {
    assert.equal((await judgeAnswer(answer('```json\n{ "a": 1 }\n```'), PLAIN, await withSchema(), recorder().log)).json, '{"a":1}');
  });
  test('a violation is named', async () => {
    assert.deepEqual(await judgeAnswer(answer('{}'), PLAIN, await withSchema(), recorder().log), {
      notJson: "The answer does not match the JSON schema (1 violation):\n  (root): must have required property 'a'",
    });
  });
  test('an answer cut at the token limit says to raise max-tokens', async () => {
    assert.match(
      (await judgeAnswer(answer('{"a": [1, 2', 'length'), PLAIN, jsonMode, recorder().log)).notJson ?? '',
      /cut at the token limit \(finish reason length\).*raise max-tokens/s,
    );
  });
  test('a JSON answer too large for the outputs is left to response-file, with a warning', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(JSON_OUTPUT_LIMIT_CHARS) });
    const { warnings, log } = recorder();
    assert.equal((await judgeAnswer(answer(big), PLAIN, jsonMode, log)).json, undefined);
    assert.match(warnings.at(-1) ?? '', /too large for the json output .* read it from response-file/);
  });
  test('fail-on-truncation fails a cut answer before anything is judged or written', async () => {
    await assert.rejects(judgeAnswer(answer('{}', 'length'), { failOnTruncation: true }, jsonMode, recorder().log), ActionFailure);
  });
});

describe('judgeAnswer: expect', () => {
  test('a match is logged; a miss is a failure for after the outputs', async () => {
    const { info, log } = recorder();
    assert.deepEqual((await judgeAnswer(answer('OK'), { ...PLAIN, expect: parseExpect('^OK') }, undefined, log)).expect, {
      passed: true,
      pattern: '/^OK/',
    });
    assert.deepEqual(info, ['The response matches expect /^OK/.']);
    const missed = await judgeAnswer(answer('no'), { ...PLAIN, expect: parseExpect('^OK') }, undefined, log);
    assert.equal(missed.expect?.passed, false);
    assert.match(missed.failure?.message ?? '', /^The response does not match expect \/\^OK\/\./);
  });
});

describe('publish: an answer that is not the JSON asked for', () => {
  const directory = mkdtempSync(join(tmpdir(), 'judge-test-'));
  after(() => rmSync(directory, { recursive: true, force: true }));
  const noClient: SharedGithubClient = {
    get: () => Promise.reject(new Error('no GitHub API in this test')),
    created: undefined,
  };

  test('fails, writing response-file only, and says so', async () => {
    const config: Config = await readConfig({
      input: (name) => ({ endpoint: 'https://myres.openai.azure.com', deployment: 'd', prompt: 'JSON please' })[name] ?? '',
      env: {},
    });
    const result = answer('{}');
    const verdict = await judgeAnswer(result, config, await withSchema(), recorder().log);
    const outputs: Array<[string, string]> = [];
    const deps = {
      info: () => undefined,
      notice: () => undefined,
      warning: () => undefined,
      setOutput: (n: string, v: string) => outputs.push([n, v]),
      writeSummary: () => assert.fail('no summary for a failed answer'),
      scrub: (text: string) => text,
      tempDirectory: directory,
      env: {},
    };
    const run = {
      config,
      result,
      served: { deployment: 'd', endpoint: 'https://myres.openai.azure.com', host: 'myres.openai.azure.com' },
      tried: [],
      verdict,
      messages: [],
      authMethod: 'github-oidc',
      context: { used: [] },
      github: noClient,
      fromFork: false,
    };
    await assert.rejects(publish(run, deps), (e: unknown) => {
      const file = outputs[0]?.[1] ?? '';
      return (
        e instanceof ActionFailure &&
        e.message ===
          `Deployment 'd' answered, but not with the JSON asked for. The answer does not match the JSON schema (1 violation):\n  (root): must have required property 'a'\nThe raw answer is in ${file} (the response-file output, the only output written).`
      );
    });
    assert.deepEqual(
      outputs.map(([name]) => name),
      ['response-file'],
    );
    assert.equal(readFileSync(outputs[0]![1], 'utf8'), '{}');
  });
});
