/**
 * Failover across deployments end to end: the fallbacks input tried in order
 * when a deployment's quota is used up (429 with a retry-after no wait fixes),
 * when a deployment is missing (a second resource, served on localhost by the
 * same emulator), when a host is unreachable, or after a 5xx outlasts its
 * retries; never after a 400 or a 401. Counted per deployment and host, never
 * timed: a run that waited out a retry-after of an hour would not end at all.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, closedPort, emulator, useEmulator } from './harness.ts';

const QUOTA_USED_UP = { kind: 'status', status: 429, retryAfter: '3600' } as const;

useEmulator({}, (started) => {
  started.azLogout();
  started.config.openai.deployments.backup = { model: 'gpt-5.1-2025-11-13', reply: 'Answered by the backup.' };
  started.config.openai.deployments['second-resource'] = { model: 'gpt-5.1-2025-11-13', hosts: ['localhost'] };
});

const localhost = (): string => `http://localhost:${new URL(emulator.httpUrl).port}`;
const entraTokenRequests = (): number =>
  emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token')).length;

function run(inputs: Record<string, string>): Promise<RunResult> {
  return runAction(emulator, { inputs: { ...baseInputs(emulator), ...inputs } });
}

/** Exit code 1, one error annotation, no outputs, no summary; returns the error. */
function failed(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, result.errors.join('\n---\n'));
  assert.deepEqual(result.outputs, {});
  assert.equal(result.summary, '');
  return result.errors[0] ?? '';
}

describe('failover', () => {
  test('a used-up quota (429, retry after 3600 s) fails over at once: 1 request to the primary, 1 to the backup, the same token', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.faults = [QUOTA_USED_UP];
    const result = await run({ fallbacks: 'backup' });
    assertSucceeded(result);
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 1, 'no retry: the wait asked for is longer than max-retry-wait');
    assert.equal(emulator.deploymentCalls('backup'), 1);
    assert.equal(entraTokenRequests(), 1, 'one token for both: the same scope');
    assert.equal(result.outputs.response, 'Answered by the backup.');
    assert.equal(result.outputs['served-deployment'], 'backup');
    assert.equal(result.outputs['served-endpoint'], emulator.httpUrl);
    assert.match(
      result.stdout,
      /Failing over to deployment backup on 127\.0\.0\.1 \(entry 2 of 2\): deployment gpt-5.1 on 127\.0\.0\.1 failed \(429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait\)\./,
    );
    const calls = result.stdout.split('\n').filter((line) => line.startsWith('Calling POST '));
    assert.deepEqual(calls, [
      `Calling POST ${emulator.httpUrl}/openai/v1/chat/completions (deployment gpt-5.1).`,
      `Calling POST ${emulator.httpUrl}/openai/v1/chat/completions (deployment backup).`,
    ]);
    assert.match(result.summary, /\| Deployment \| `backup` \|/);
    assert.match(
      result.summary,
      /\| Failover \| 1\. `gpt-5.1` on `127\.0\.0\.1`: 429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait<br>2\. `backup` on `127\.0\.0\.1`: answered \|/,
    );
  });

  test('429s that outlast the retries fail over after them: max-retries 1 makes 2 requests to the primary', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.faults = [{ kind: 'status', status: 429, retryAfterMs: 10 }];
    const result = await run({ fallbacks: 'backup', 'max-retries': '1' });
    assertSucceeded(result);
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 2);
    assert.equal(emulator.deploymentCalls('backup'), 1);
    assert.match(result.stdout, /deployment gpt-5.1 on 127\.0\.0\.1 failed \(429 rate limited after 2 attempts\)/);
  });

  test('a 5xx after its retries fails over', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.faults = [{ kind: 'status', status: 503 }];
    const result = await run({ fallbacks: 'backup', 'max-retries': '1' });
    assertSucceeded(result);
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 2);
    assert.equal(emulator.deploymentCalls('backup'), 1);
    assert.match(result.stdout, /failed \(HTTP 503 after 2 attempts\)/);
  });

  test('a missing deployment fails over to an endpoint line: a second resource, on the dated route it names', async () => {
    const second = `${localhost()}/openai/deployments/second-resource/chat/completions?api-version=2024-10-21`;
    const result = await run({ deployment: 'second-resource', fallbacks: `\n  ${second}  \n` });
    assertSucceeded(result);
    assert.equal(emulator.deploymentCalls('second-resource', '127.0.0.1'), 1, '404 DeploymentNotFound is not retried');
    assert.equal(emulator.deploymentCalls('second-resource', 'localhost'), 1);
    assert.equal(result.outputs['served-deployment'], 'second-resource');
    assert.equal(result.outputs['served-endpoint'], localhost());
    assert.match(
      result.stdout,
      /Failing over to deployment second-resource on localhost \(entry 2 of 2\): deployment second-resource on 127\.0\.0\.1 failed \(404 DeploymentNotFound\)\./,
    );
    assert.match(
      result.stdout,
      /Calling POST http:\/\/localhost:\d+\/openai\/deployments\/second-resource\/chat\/completions\?api-version=2024-10-21/,
    );
    assert.match(result.summary, /\| Endpoint \| `localhost` \|/);
  });

  test('every entry failing: exit 1, no outputs, one error naming each entry and why, and the first failure’s cause and fix', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.faults = [QUOTA_USED_UP];
    const dead = await closedPort();
    const result = await run({
      fallbacks: ['missing', `http://127.0.0.1:${dead} gpt-5.1`, 'https://no-such-resource.openai.invalid gpt-5.1'].join('\n'),
      'allow-custom-endpoint': 'true',
      'max-retries': '1',
    });
    const message = failed(result);
    assert.equal(emulator.deploymentCalls('gpt-5.1', '127.0.0.1'), 1);
    assert.equal(emulator.deploymentCalls('missing'), 1);
    assert.equal(
      message.split('\n').slice(0, 5).join('\n'),
      [
        'All 4 deployments failed (the deployment input, then the fallbacks input):',
        "  1. 'gpt-5.1' on 127.0.0.1: 429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait",
        "  2. 'missing' on 127.0.0.1: 404 DeploymentNotFound",
        "  3. 'gpt-5.1' on 127.0.0.1: could not connect (ECONNREFUSED) after 2 attempts",
        "  4. 'gpt-5.1' on no-such-resource.openai.invalid: could not resolve the host (ENOTFOUND)",
      ].join('\n'),
    );
    assert.match(
      message,
      /The first deployment's failure: Rate limited by deployment 'gpt-5.1' \(429\) after 1 attempt: the service asked to retry after about 60 minutes, in retry-after(?:-ms)?, longer than max-retry-wait allows, so no further attempt was made\./,
    );
    assert.match(message, /raise the deployment's rate limit \(TPM\)/);
    assert.match(message, /Please retry after 3600 seconds/, "Azure's words are quoted");
  });

  test('a 400 (content filter) does not fail over: the backup gets no request', async () => {
    emulator.config.openai.deployments['gpt-5.1']!.faults = [{ kind: 'content-filter-prompt' }];
    const message = failed(await run({ fallbacks: 'backup' }));
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 1);
    assert.equal(emulator.deploymentCalls('backup'), 0);
    assert.match(message, /^The prompt was blocked by Azure OpenAI's content filter \(400 content_filter\)/);
    assert.match(message, /Not failed over: HTTP 400 content_filter on deployment 'gpt-5.1' would fail the same on every deployment/);
    assert.match(message, /^ {2}2\. 'backup' on 127\.0\.0\.1: not tried: HTTP 400 content_filter is not failed over/m);
  });

  test('a 401 (a missing role) does not fail over: the backup gets no request', async () => {
    emulator.config.openai.roleAssignments = [];
    const message = failed(await run({ fallbacks: 'backup' }));
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 1);
    assert.equal(emulator.deploymentCalls('backup'), 0);
    assert.match(message, /Cognitive Services OpenAI User/, 'the role diagnosis, as without fallbacks');
    assert.match(message, /^ {2}1\. 'gpt-5.1' on 127\.0\.0\.1: HTTP 401 PermissionDenied/m);
  });

  test('without fallbacks: the served outputs name the inputs, no Failover row, and an error is diagnosed as ever', async () => {
    const result = await run({});
    assertSucceeded(result);
    assert.equal(result.outputs['served-deployment'], 'gpt-5.1');
    assert.equal(result.outputs['served-endpoint'], emulator.httpUrl);
    assert.doesNotMatch(result.summary, /Failover/);
    assert.doesNotMatch(result.stdout, /Failing over/);

    emulator.config.openai.deployments['gpt-5.1']!.faults = [QUOTA_USED_UP];
    const message = failed(await run({}));
    assert.match(message, /^Rate limited by deployment 'gpt-5.1' \(429\) after 1 attempt/);
    assert.doesNotMatch(message, /fallbacks/);
  });
});

describe('bad fallbacks values fail before any request, naming the input and the line', () => {
  const cases: Array<{ name: string; fallbacks: string; error: RegExp }> = [
    { name: 'three words', fallbacks: 'backup\nhttps://res2.openai.azure.com gpt-4o extra', error: /line 2 \('.+'\): has 3 words/ },
    { name: 'an invalid deployment name', fallbacks: 'back*up', error: /line 1 \('back\*up'\): 'back\*up' is not a valid deployment name/ },
    {
      name: 'an endpoint without a deployment',
      fallbacks: 'https://res2.openai.azure.com',
      error: /names endpoint '.+' but no deployment/,
    },
    {
      name: 'a host off the allow-list',
      fallbacks: 'https://gateway.example.invalid gpt-4o',
      error: /host 'gateway\.example\.invalid' is not an Azure OpenAI.+allow-custom-endpoint: true/,
    },
    {
      name: 'http to a host that is not loopback',
      fallbacks: 'http://res2.openai.azure.com gpt-4o',
      error: /uses http: tokens are only sent over https/,
    },
    {
      name: 'another cloud',
      fallbacks: 'https://res2.openai.azure.us gpt-4o',
      error: /is in AzureUSGovernment, the endpoint input's in AzurePublic/,
    },
    {
      name: 'the primary again',
      fallbacks: 'gpt-5.1',
      error: /names deployment 'gpt-5.1' on 127\.0\.0\.1 again \(as the endpoint and deployment inputs\)/,
    },
    {
      name: 'a repeated line',
      fallbacks: 'backup\n\nbackup',
      error: /line 3 \('backup'\): names deployment 'backup' on 127\.0\.0\.1 again \(as line 1\)/,
    },
    {
      name: 'too many entries',
      fallbacks: Array.from({ length: 11 }, (_, i) => `backup-${i}`).join('\n'),
      error: /has 11 entries; at most 10 are accepted/,
    },
    {
      name: 'a line too long',
      fallbacks: `https://res2.openai.azure.com/${'x'.repeat(1000)} gpt-4o`,
      error: /line 1 \('.{120}…'\): is 1037 characters long; at most 1000/,
    },
  ];
  for (const { name, fallbacks, error } of cases) {
    test(name, async () => {
      const message = failed(await run({ fallbacks }));
      assert.match(message, /^Input 'fallbacks': /);
      assert.match(message, error);
      assert.deepEqual(emulator.requests, [], 'no request of any kind');
    });
  }
});
