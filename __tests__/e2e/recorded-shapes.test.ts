/**
 * The shapes real services send and the documentation does not show, end to
 * end against the emulator's faults: 429s stating their wait only in words or
 * in a reset header, a daily quota, Entra's seven-digit near miss, and the
 * asynchronous content filter flagging an answer after finish reason "stop"
 * (chat and Responses, streamed and not). Sources are named in
 * emulator/services/recorded-shapes.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator({}, (em) => em.azLogout());

const run = (inputs: Record<string, string> = {}): Promise<RunResult> =>
  runAction(emulator, { inputs: { ...baseInputs(emulator), ...inputs } });

/** Exit code 1, one error, no outputs, no comment; returns the error. */
function failed(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, result.errors.join('\n---\n'));
  assert.deepEqual(result.outputs, {});
  return result.errors[0] ?? '';
}

describe('429s as they are stated', () => {
  test('the wait only in the message ("Please retry after 1 second."): waited, then answered', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, waitIn: 'message', waitSeconds: 1 }]);
    const result = await run();
    assertSucceeded(result);
    assert.equal(emulator.count('openai'), 2);
    assert.match(result.stdout, /Attempt 1 failed \(HTTP 429\); retrying in 1\.0 s, as the message asks/);
  });

  test('the wait only in x-ratelimit-reset-tokens: waited, the header named', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, waitIn: 'reset-tokens', waitSeconds: 1 }]);
    const result = await run();
    assertSucceeded(result);
    assert.match(result.stdout, /retrying in 1\.0 s, as x-ratelimit-reset-tokens asks/);
  });

  test('a gateway\'s "Try again in 50 seconds" beyond max-retry-wait: one request, the wait in words named', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, waitIn: 'message', wording: 'gateway', waitSeconds: 50 }]);
    const error = failed(await run({ 'max-retry-wait': '10' }));
    assert.match(
      error,
      /asked to retry after 50 seconds, in its message, longer than max-retry-wait allows, so no further attempt was made/,
    );
    assert.match(error, /Rate limit is exceeded\. Try again in 50 seconds\./);
    assert.equal(emulator.count('openai'), 1);
  });

  test('a daily quota ("retry after 86400 seconds"): one request, "about 24 hours (a daily quota)"', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, waitIn: 'message', wording: 'daily', waitSeconds: 86_400 }]);
    const error = failed(await run({ 'max-retries': '3' }));
    assert.match(error, /about 24 hours \(a daily quota\)/);
    assert.equal(emulator.count('openai'), 1, 'no pointless attempts');
  });
});

describe("Entra's near miss, read whole", () => {
  test('a credential whose subject differs only in letter case: 401 AADSTS7002138, the subject and the update command', async () => {
    const app = emulator.config.apps[0]!;
    const [credential] = app.federatedCredentials;
    app.federatedCredentials = [{ ...credential!, subject: credential!.subject.toUpperCase() }];
    const error = failed(await run());
    assert.match(error, /has a federated credential whose subject matches this job's only when letter case is ignored \(AADSTS7002138\)/);
    assert.ok(error.includes(`The subject this job presented: '${credential!.subject}'`), error);
    assert.match(error, /az ad app federated-credential update --id [\w-]+ --federated-credential-id CREDENTIAL_ID --parameters '/);
    assert.equal(emulator.count('openai'), 0);
  });
});

describe('the asynchronous filter flags the answer after "stop"', () => {
  for (const [api, stream] of [
    ['chat', 'true'],
    ['chat', 'false'],
    ['responses', 'true'],
    ['responses', 'false'],
  ] as const) {
    test(`${api}, stream: ${stream}: one error naming the category and characters; no outputs, no comment`, async () => {
      emulator.injectFaults('openai', [{ kind: 'content-filter-async', flag: 'custom_blocklists' }]);
      const result = await run({ api, stream });
      const error = failed(result);
      assert.match(
        error,
        /flagged the answer after sending it: custom_blocklists \(EmulatedBlocklist\) marked filtered, for characters 0–\d+ of \d+\./,
      );
      assert.doesNotMatch(result.stdout, /Emulated answer to/);
    });
  }

  test('the asynchronous shape with nothing filtered: the answer, as before', async () => {
    emulator.injectFaults('openai', [{ kind: 'content-filter-async' }]);
    const result = await run({ stream: 'true' });
    assertSucceeded(result);
    assert.match(result.outputs.response ?? '', /Say hello/);
  });
});
