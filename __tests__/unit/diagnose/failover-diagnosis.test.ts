/** A failover chain that did not answer: one message naming every entry and why, and the cause and fix that matter. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallError } from '../../../src/call/call-outcome.ts';
import { FailoverError, type TriedTarget } from '../../../src/call/failover-outcome.ts';
import { diagnose } from '../../../src/diagnose/diagnose.ts';
import type { RunFacts } from '../../../src/github-context/run-facts.ts';

const RUN: RunFacts = { event: { name: 'push', ref: 'refs/heads/main', sha: 'abc123', fromFork: false }, actor: 'octocat' };

function callError(status: number, body: unknown, more: { retryAfterMs?: number; deadlineMs?: number } = {}): CallError {
  return new CallError(new Error(`${status}`), {
    failure: { status },
    facts: {
      url: 'https://res1.openai.azure.com/openai/v1/chat/completions',
      host: 'res1.openai.azure.com',
      deployment: 'primary',
      timeoutMs: 120_000,
    },
    attempts: 1,
    body: JSON.stringify(body),
    ...more,
  });
}

const QUOTA = callError(
  429,
  { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation ... Please retry after 86400 seconds.' } },
  { retryAfterMs: 86_400_000 },
);
const tried = (...entries: Array<[string, string, TriedTarget['outcome'], string]>): TriedTarget[] =>
  entries.map(([deployment, host, outcome, reason]) => ({ deployment, host, outcome, reason }));

describe('diagnose: a failover chain', () => {
  test('every entry failed: a heading, one line per entry, then the first failure’s cause and fix', () => {
    const error = new FailoverError(
      QUOTA,
      tried(
        [
          'primary',
          'res1.openai.azure.com',
          'failed',
          '429 rate limited: asked to retry after about 24 hours (a daily quota), more than max-retry-wait',
        ],
        ['backup', 'res2.openai.azure.com', 'failed', '404 DeploymentNotFound'],
      ),
      false,
    );
    const lines = diagnose(error, RUN).split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'All 2 deployments failed (the deployment input, then the fallbacks input):',
      "  1. 'primary' on res1.openai.azure.com: 429 rate limited: asked to retry after about 24 hours (a daily quota), more than max-retry-wait",
      "  2. 'backup' on res2.openai.azure.com: 404 DeploymentNotFound",
    ]);
    assert.match(
      lines[3] ?? '',
      /^The first deployment's failure: Rate limited by deployment 'primary' \(429\) after 1 attempt: the service asked to retry after about 24 hours \(a daily quota\)/,
    );
    assert.match(lines.join('\n'), /no retry within the run helps. Raise the deployment's rate limit \(TPM\)/);
  });

  test('the deadline left no time for the rest: the heading says so and the deadline is named', () => {
    const atDeadline = callError(503, { error: { code: 'ServiceUnavailable', message: 'busy' } }, { deadlineMs: 492_000 });
    const error = new FailoverError(
      atDeadline,
      tried(
        ['primary', 'res1.openai.azure.com', 'failed', "HTTP 503 after 4 attempts, at the run's deadline"],
        ['backup', 'res1.openai.azure.com', 'not tried', "the run's deadline had passed"],
      ),
      false,
    );
    const message = diagnose(error, RUN);
    assert.match(message, /^The one deployment tried failed, and the run's deadline left no time for the rest/);
    assert.match(message, / {2}2\. 'backup' on res1\.openai\.azure\.com: not tried: the run's deadline had passed/);
    assert.match(message, /The call stopped at its overall deadline of 492 s/);
  });

  test('a failure no fallback fixes: its own cause and fix first, then why the chain stopped and the list', () => {
    const denied = callError(401, { error: { code: 'PermissionDenied', message: 'The principal `x` lacks the required data action' } });
    const error = new FailoverError(
      denied,
      tried(
        ['primary', 'res1.openai.azure.com', 'failed', '429 rate limited after 4 attempts'],
        ['backup', 'res2.openai.azure.com', 'failed', 'HTTP 401 PermissionDenied'],
        ['third', 'res3.openai.azure.com', 'not tried', 'HTTP 401 PermissionDenied is not failed over'],
      ),
      true,
    );
    const message = diagnose(error, RUN);
    assert.match(message, /^The identity has no data-plane access to res1\.openai\.azure\.com \(401 PermissionDenied\)/);
    assert.match(
      message,
      /Not failed over: HTTP 401 PermissionDenied on deployment 'backup' would fail the same on every deployment, or is for you to fix\./,
    );
    assert.match(
      message,
      /\n {2}3\. 'third' on res3\.openai\.azure\.com: not tried: HTTP 401 PermissionDenied is not failed over\nSee https:\/\/\S+#no-data-plane-access-permissiondenied$/,
    );
  });
});
