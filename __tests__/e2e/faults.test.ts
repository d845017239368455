/**
 * The fault suite: the built bundle against the emulator's injected faults.
 * Each scenario asserts the end state (success after retries, or one clear
 * error), the number of attempts the emulator saw, and a bounded wall time.
 * Waits are kept small (retry-after-ms of tens of ms, timeout 1 s).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, type RunResult, runAction, type RunOptions } from '../../emulator/runner.ts';

/**
 * Each group of scenarios has its own emulator (fault queues and request
 * counts are per emulator), so the groups run side by side: most of a
 * fault's time is a wait.
 */
interface Group {
  em: Emulator;
  run(inputs?: Record<string, string>, options?: RunOptions): Promise<RunResult>;
  openaiAttempts(): number;
  entraTokenRequests(): number;
}

function useEmulator(): Group {
  const group = {
    run: (inputs: Record<string, string> = {}, options: RunOptions = {}) =>
      runAction(group.em, { ...options, inputs: { ...baseInputs(group.em), ...inputs } }),
    openaiAttempts: () => group.em.count('openai'),
    entraTokenRequests: () => group.em.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length,
  } as Group;
  before(async () => {
    group.em = await startEmulator();
  });
  after(async () => {
    await group.em.stop();
  });
  beforeEach(() => {
    group.em.reset();
    group.em.azLogout();
  });
  return group;
}

function succeeded(result: RunResult): void {
  assert.equal(result.code, 0, `exit code 0 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.deepEqual(result.errors, []);
  assert.match(result.outputs.response ?? '', /Say hello/);
}

/** Exit code 1, one error, no outputs, no summary; returns the error. */
function failed(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, result.errors.join('\n---\n'));
  assert.deepEqual(result.outputs, {});
  assert.equal(result.summary, '');
  return result.errors[0]!;
}

function within(result: RunResult, ms: number): void {
  assert.ok(result.durationMs < ms, `wall time ${result.durationMs} ms, bound ${ms} ms`);
}

const retryLines = (result: RunResult) => result.stdout.split('\n').filter((line) => /^Attempt \d+ failed \(.+\); retrying in /.test(line));

describe('fault injection', { concurrency: true }, () => {
  describe('the model call: retries', { concurrency: 1 }, () => {
    const g = useEmulator();

    test('429 with a short retry-after-ms waits as asked, then succeeds; log and summary say why', async () => {
      g.em.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 30 }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(result.stdout, /Attempt 1 failed \(HTTP 429\); retrying in 30 ms, as retry-after-ms asks \(3 retries left\)\./);
      assert.match(result.stdout, /answered in \d+ ms \(2 attempts; retried after HTTP 429\)/);
      assert.match(result.summary, /\| Latency \| \d+ ms \(2 attempts: HTTP 429\) \|/);
      within(result, 10_000);
    });

    test('429 asking for longer than max-retry-wait fails at once, quoting the wait', async () => {
      g.em.injectFaults('openai', [{ kind: 'status', status: 429, retryAfter: '90' }]);
      const result = await g.run({ 'max-retry-wait': '60' });
      const message = failed(result);
      assert.match(
        message,
        /Rate limited by deployment 'gpt-5.1' \(429\) after 1 attempt: the service asked to retry after 90 seconds, in retry-after(?:-ms)?, longer than max-retry-wait allows/,
      );
      assert.equal(g.openaiAttempts(), 1);
      assert.deepEqual(retryLines(result), []);
      within(result, 10_000);
    });

    test('429 with retry-after as an HTTP date is honoured', async () => {
      g.em.injectFaults('openai', [{ kind: 'status', status: 429, retryAfter: new Date(Date.now() + 1000).toUTCString() }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /HTTP 429\); retrying in (\d+ ms|[01]\.\d s)/);
      within(result, 10_000);
    });

    test('500, then 503, then success: backoff without a retry-after, the service wait with one', async () => {
      g.em.injectFaults('openai', [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503, retryAfterMs: 10 },
      ]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 3);
      const lines = retryLines(result);
      assert.equal(lines.length, 2);
      assert.match(lines[0]!, /^Attempt 1 failed \(HTTP 500\); retrying in (2[5-9]\d|[34]\d\d|500) ms/, 'first backoff: 250-500 ms');
      assert.match(lines[1]!, /^Attempt 2 failed \(HTTP 503\); retrying in 10 ms/);
      assert.match(result.summary, /\(3 attempts: HTTP 500, HTTP 503\)/);
      within(result, 10_000);
    });

    test('503 on every attempt: max-retries + 1 attempts, no wait after the last, one clear error', async () => {
      const fault = { kind: 'status' as const, status: 503, retryAfterMs: 10 };
      g.em.injectFaults('openai', [fault, fault, fault]);
      const result = await g.run({ 'max-retries': '2' });
      const message = failed(result);
      assert.match(message, /Azure OpenAI answered 503 for deployment 'gpt-5.1' after 3 attempts/);
      assert.equal(g.openaiAttempts(), 3);
      assert.equal(retryLines(result).length, 2, 'a wait before each retry, none after the last attempt');
      within(result, 10_000);
    });

    test('a connection reset before any byte, then success', async () => {
      g.em.injectFaults('openai', [{ kind: 'reset' }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /\((connection reset \(\w+\)|connection error|\w+)\)/);
      within(result, 10_000);
    });

    test('a reset in the middle of the body (not streamed), then success', async () => {
      g.em.injectFaults('openai', [{ kind: 'reset-mid-body' }]);
      const result = await g.run({ stream: 'false' });
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      within(result, 10_000);
    });

    test('slow headers past the timeout are a timed-out attempt, then success', async () => {
      g.em.injectFaults('openai', [{ kind: 'delay', ms: 3000 }]);
      const result = await g.run({ timeout: '1' });
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /\(timed out\)/);
      within(result, 8000);
    });
  });

  describe('the model call: broken answers', { concurrency: 1 }, () => {
    const g = useEmulator();

    test('a stream that stalls (no bytes for the timeout) is retried like a timeout', async () => {
      g.em.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 3 }]);
      const result = await g.run({ timeout: '1' });
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /^Attempt 1 failed \(stalled\)/);
      within(result, 8000);
    });

    test('a stream that stalls on every attempt fails as a stall, after all attempts', async () => {
      const fault = { kind: 'stall-stream' as const, afterChunks: 2 };
      g.em.injectFaults('openai', [fault, fault]);
      const result = await g.run({ timeout: '1', 'max-retries': '1' });
      const message = failed(result);
      assert.match(message, /timed out: the answer stopped arriving \(no data for 1 s\), after 2 attempts/);
      assert.equal(g.openaiAttempts(), 2);
      within(result, 8000);
    });

    test('a stream cut mid-way is retried', async () => {
      g.em.injectFaults('openai', [{ kind: 'cut-stream', afterChunks: 3 }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      within(result, 10_000);
    });

    test('a non-streamed body that stalls is retried too', async () => {
      g.em.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 0 }]);
      const result = await g.run({ stream: 'false', timeout: '1' });
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /\(stalled\)/);
      within(result, 8000);
    });

    test('HTML instead of JSON fails at once, naming a proxy or captive portal', async () => {
      g.em.injectFaults('openai', [{ kind: 'garbage' }]);
      const result = await g.run();
      const message = failed(result);
      assert.match(message, /unusable after 1 attempt: the endpoint answered 200 with HTML instead of JSON: "Network Access Message"/);
      assert.match(message, /proxy, firewall or captive portal/);
      assert.equal(g.openaiAttempts(), 1);
      within(result, 10_000);
    });

    test('a 200 with no choices is retried', async () => {
      g.em.injectFaults('openai', [{ kind: 'no-choices' }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.openaiAttempts(), 2);
      assert.match(retryLines(result)[0] ?? '', /\(no choices\)/);
      within(result, 10_000);
    });

    test('a 200 with no choices on every attempt is a clear failure', async () => {
      g.em.injectFaults('openai', [{ kind: 'no-choices' }, { kind: 'no-choices' }]);
      const result = await g.run({ 'max-retries': '1', stream: 'false' });
      const message = failed(result);
      assert.match(message, /unusable after 2 attempts: the service answered 200 with no choices/);
      assert.equal(g.openaiAttempts(), 2);
      within(result, 10_000);
    });
  });

  describe('identity endpoints', { concurrency: 1 }, () => {
    const g = useEmulator();

    test('Entra 503, then a token: retried by the Azure SDK, and logged', async () => {
      g.em.injectFaults('entra', [{ kind: 'status', status: 503, retryAfterMs: 20 }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.entraTokenRequests(), 2);
      assert.equal(g.openaiAttempts(), 1);
      assert.match(result.stdout, /Microsoft Entra ID \(127\.0\.0\.1:\d+\) answered 503; the Azure SDK retries/);
      within(result, 10_000);
    });

    test('Entra that does not answer within the timeout is retried, then answers', async () => {
      g.em.injectFaults('entra', [{ kind: 'delay', ms: 3000 }]);
      const result = await g.run({ timeout: '1' });
      succeeded(result);
      assert.equal(g.entraTokenRequests(), 2);
      assert.match(result.stdout, /Microsoft Entra ID \(127\.0\.0\.1:\d+\) did not answer within 1 s/);
      within(result, 10_000);
    });

    test('Entra AADSTS700024 is not retried: one token request, a clear error, no model call', async () => {
      g.em.injectFaults('entra', [{ kind: 'aadsts', code: 700024 }]);
      const result = await g.run();
      const message = failed(result);
      assert.match(message, /AADSTS700024/);
      assert.equal(g.entraTokenRequests(), 1);
      assert.equal(g.openaiAttempts(), 0);
      within(result, 10_000);
    });

    test('GitHub OIDC 503, then a token (retried by the action)', async () => {
      g.em.injectFaults('github-oidc', [{ kind: 'status', status: 503 }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.em.count('github-oidc'), 2);
      assert.match(result.stdout, /Getting the GitHub ID token failed \(HTTP 503, attempt 1 of 3\); retrying in \d+ ms\./);
      assert.equal(g.entraTokenRequests(), 1);
      within(result, 10_000);
    });

    test('GitHub OIDC connection reset, then a token (retried by the action)', async () => {
      g.em.injectFaults('github-oidc', [{ kind: 'reset' }]);
      const result = await g.run();
      succeeded(result);
      assert.equal(g.em.count('github-oidc'), 2);
      assert.match(result.stdout, /Getting the GitHub ID token failed \(connection error, attempt 1 of 3\); retrying in \d+ ms\./);
      within(result, 10_000);
    });
  });

  describe('content filters and cut answers', { concurrency: 1 }, () => {
    const g = useEmulator();

    test('content filter on the prompt: 400, not retried, the categories named', async () => {
      g.em.injectFaults('openai', [{ kind: 'content-filter-prompt' }]);
      const result = await g.run();
      const message = failed(result);
      assert.match(
        message,
        /blocked by Azure OpenAI's content filter \(400 content_filter\): jailbreak \(detected\), violence \(severity medium\)/,
      );
      assert.equal(g.openaiAttempts(), 1);
      within(result, 10_000);
    });

    test('content filter on the completion: success with a warning naming the categories, and the partial text', async () => {
      g.em.injectFaults('openai', [{ kind: 'content-filter-completion' }]);
      const result = await g.run();
      assert.equal(result.code, 0, result.stdout);
      assert.equal(result.outputs['finish-reason'], 'content_filter');
      const partial = result.outputs.response!;
      assert.ok(partial.length > 0 && 'Emulated answer to: "Say hello."'.startsWith(partial), `partial text: ${partial}`);
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0]!, /content filter cut the answer \(finish reason content_filter: violence \(severity medium\)\)/);
      assert.match(result.summary, /\| Content filter \| `violence \(severity medium\)` \|/);
      assert.equal(g.openaiAttempts(), 1);
    });

    test('content filter on the completion with fail-on-truncation: true fails, no outputs', async () => {
      g.em.injectFaults('openai', [{ kind: 'content-filter-completion' }]);
      const message = failed(await g.run({ 'fail-on-truncation': 'true' }));
      assert.match(message, /content filter cut the answer .*fail-on-truncation is true/);
    });

    test('finish_reason length: a warning, and the partial answer in the outputs', async () => {
      g.em.injectFaults('openai', [{ kind: 'length' }]);
      const result = await g.run();
      assert.equal(result.code, 0, result.stdout);
      assert.equal(result.outputs['finish-reason'], 'length');
      assert.equal(result.warnings.length, 1);
      assert.match(result.warnings[0]!, /cut at the token limit \(finish reason length, \d+ completion tokens\)\. Raise max-tokens/);
      assert.equal(g.openaiAttempts(), 1, 'a cut answer is not retried');
    });

    test('finish_reason length with fail-on-truncation: true fails, no outputs', async () => {
      g.em.injectFaults('openai', [{ kind: 'length' }]);
      const message = failed(await g.run({ 'fail-on-truncation': 'true' }));
      assert.match(
        message,
        /^The answer was cut at the token limit \(finish reason length, \d+ completion tokens\)\. fail-on-truncation is true/,
      );
    });
  });

  describe('streaming and GitHub limits', { concurrency: 1 }, () => {
    const g = useEmulator();

    test('stream: false gives the same outputs as a streamed call', async () => {
      const streamed = await g.run();
      const whole = await g.run({ stream: 'false' });
      succeeded(streamed);
      succeeded(whole);
      const same = (outputs: Record<string, string>) => {
        const { 'request-id': _id, 'latency-ms': _latency, 'response-file': _file, ...rest } = outputs;
        return rest;
      };
      assert.deepEqual(same(streamed.outputs), same(whole.outputs));
      const bodies = g.em.requests.filter((r) => r.service === 'openai').map((r) => r.body as Record<string, unknown>);
      assert.deepEqual(bodies[0]?.stream_options, { include_usage: true });
      assert.equal(bodies[0]?.stream, true);
      assert.equal(bodies[1]?.stream, undefined);
    });

    test('a dated api-version older than stream usage is called without streaming, and says so', async () => {
      const result = await g.run({ 'api-version': '2024-06-01' });
      succeeded(result);
      assert.match(result.stdout, /api-version 2024-06-01 predates token usage in streamed answers .*: calling without streaming\./);
      assert.equal((g.em.requests.find((r) => r.service === 'openai')?.body as { stream?: boolean }).stream, undefined);
    });

    test('an answer over the output limit: response cut with a warning, response-file whole, summary under 1 MiB', async () => {
      const reply = `${'y'.repeat(9_999)} `.repeat(60);
      g.em.config.openai.deployments['gpt-5.1']!.reply = reply;
      const result = await g.run();
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.files['response-file'], reply);
      const response = result.outputs.response!;
      assert.ok(response.length < reply.length && response.length * 2 < 1_000_000, `response output of ${response.length} characters`);
      assert.match(response, /the whole answer \(600000 characters\) is in the file named by the response-file output\]$/);
      assert.ok(result.warnings.some((w) => w.includes('more than GitHub lets a step output carry')));
      assert.ok(Buffer.byteLength(result.summary) < 1024 * 1024, `summary of ${Buffer.byteLength(result.summary)} bytes`);
      assert.match(result.summary, /<\/details>/);
    });
  });
});
