/**
 * The replay suite: answers nobody on this project wrote. Each file in
 * recordings/ names its source (repository, path, commit) and which part is
 * real; the emulator serves its status, headers and body verbatim (a
 * `recorded` fault), and the built action must give the right outputs or
 * one clear error naming the cause and the fix.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { recordedFault, recording } from './recording.ts';

let em: Emulator;
before(async () => {
  em = await startEmulator();
});
after(async () => {
  await em.stop();
});
beforeEach(() => {
  em.reset();
  em.azLogout();
});

/** Runs the action with the recording served verbatim to its first request of the recording's service. */
function replay(name: string, inputs: Record<string, string> = {}): Promise<RunResult> {
  const r = recording(name);
  em.injectFaults(r.service ?? 'openai', [recordedFault(r)]);
  const route: Record<string, string> = r.route === 'responses' ? { api: 'responses' } : {};
  return runAction(em, {
    inputs: { ...baseInputs(em), ...route, stream: String(r.stream ?? false), 'max-retries': '0', ...inputs },
  });
}

function succeeded(result: RunResult): void {
  assert.equal(result.code, 0, `exit code 0 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.deepEqual(result.errors, []);
}

/** Exit code 1, one error, no outputs; returns the error. */
function failed(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, result.errors.join('\n---\n'));
  assert.deepEqual(result.outputs, {});
  return result.errors[0] ?? '';
}

describe('replayed recordings', () => {
  test('every recording names its source and what part is real', () => {
    for (const name of [
      'chat-json-detect-only',
      'responses-sse-hello',
      'chat-sse-async-filter',
      'chat-401-key',
      'chat-429-reset-header',
      'chat-429-daily-quota',
      'entra-401-7002137',
      'entra-401-7002138',
    ]) {
      const r = recording(name);
      assert.match(r.source.repository, /^[\w.-]+\/[\w.-]+$/, name);
      assert.ok(r.source.path.length > 0 && r.source.real.length > 40, name);
      assert.ok(r.source.commit === null || /^[0-9a-f]{40}$/.test(r.source.commit), name);
    }
  });

  test('chat, whole answer with detect-only annotations (Azure SDK for .NET, ChatCompletionContentFilter): the outputs', async () => {
    const result = await replay('chat-json-detect-only');
    succeeded(result);
    assert.equal(result.outputs.response, 'Hello! How can I assist you today?');
    assert.equal(result.outputs['finish-reason'], 'stop');
    assert.deepEqual(
      [result.outputs['prompt-tokens'], result.outputs['completion-tokens'], result.outputs['total-tokens']],
      ['11', '9', '20'],
    );
    assert.equal(result.outputs['request-id'], 'b912e5a4-e969-4f13-82f1-04cf93ad76b3');
    assert.equal(result.outputs.model, 'gpt-4o-2024-08-06');
  });

  test('Responses API, streamed (Azure SDK for .NET, HelloWorldStreaming): the outputs', async () => {
    const result = await replay('responses-sse-hello');
    succeeded(result);
    assert.equal(result.outputs.response, 'Hello! How can I assist you today?');
    assert.equal(result.outputs['finish-reason'], 'stop');
    assert.deepEqual(
      [result.outputs['prompt-tokens'], result.outputs['completion-tokens'], result.outputs['total-tokens']],
      ['28', '11', '39'],
    );
  });

  test('chat, streamed, flagged by the asynchronous filter after "stop" (AsyncContentFilterWorksStreaming): one error, nothing published', async () => {
    const result = await replay('chat-sse-async-filter', { stream: 'true' });
    const error = failed(result);
    assert.match(
      error,
      /content filter flagged the answer after sending it: custom_blocklists \(TestBlocklistNoBanana\) marked filtered, for characters 105–992/,
    );
    assert.match(error, /writes no outputs and posts no comment/);
    assert.doesNotMatch(result.stdout + result.summary, /Bananas/);
  });

  test('401 with Azure OpenAI\'s "Access denied" body (ChatCompletionBadKeyGivesHelpfulError): one diagnosis', async () => {
    const error = failed(await replay('chat-401-key'));
    assert.match(error, /401/);
    assert.match(error, /Access denied due to invalid subscription key or wrong API endpoint/);
    assert.match(error, /troubleshooting\.md#/);
  });

  test('429 with the wait only in x-rate-limit-reset-tokens (openai/openai-python#937): the 55 s wait read and named', async () => {
    const error = failed(await replay('chat-429-reset-header', { 'max-retries': '2', 'max-retry-wait': '10' }));
    assert.match(
      error,
      /asked to retry after 55 seconds, in x-rate-limit-reset-tokens, longer than max-retry-wait allows, so no further attempt was made/,
    );
    assert.equal(em.count('openai'), 1, 'no pointless attempts');
  });

  test('429 stating a daily quota only in words: one attempt, "about 24 hours (a daily quota)"', async () => {
    const error = failed(await replay('chat-429-daily-quota', { 'max-retries': '3' }));
    assert.match(error, /asked to retry after about 24 hours \(a daily quota\), in its message, longer than max-retry-wait allows/);
    assert.match(error, /no retry within the run helps/);
    assert.equal(em.count('openai'), 1, 'no pointless attempts');
  });

  test('Entra 401 invalid_client AADSTS7002137 (microsoft/Agents#202): read whole, the expected subject quoted', async () => {
    const error = failed(await replay('entra-401-7002137'));
    assert.match(error, /\(AADSTS7002137\)/);
    assert.match(error, /Entra names the subject it expects: '\/eid1\/c\/pub\/t\/\{tenantId\}\/a\/9ExAW52n_ky4ZiS_jhpJIQ\//);
    assert.doesNotMatch(error, /AADSTS700213\b/);
  });

  test("Entra 401 invalid_client AADSTS7002138 (Azure/login#515): letter case, the job's subject, the commands", async () => {
    const error = failed(await replay('entra-401-7002138'));
    assert.match(error, /only when letter case is ignored \(AADSTS7002138\)/);
    assert.match(error, /The subject this job presented: 'repo:/);
    assert.match(error, /az ad app federated-credential list --id /);
    assert.match(error, /#a-credentials-subject-differs-in-letter-case-aadsts7002138/);
  });
});
