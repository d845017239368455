/**
 * The error catalogue, end to end: each misconfiguration a user can make is
 * reproduced in the emulator, and the step must fail with exit code 1, one
 * error annotation naming the cause and the fix, and no outputs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { TROUBLESHOOTING_URL } from '../../src/diagnose/troubleshooting-link.ts';
import { closedPort, emulator, useEmulator } from './harness.ts';

useEmulator({}, (started) => started.azLogout());

/** Exit code 1, exactly one ::error, no outputs; returns the error text. */
function failure(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, `one error annotation expected, got:\n${result.errors.join('\n---\n')}`);
  assert.deepEqual(result.outputs, {}, 'no outputs on failure');
  assert.equal(result.summary, '', 'no summary on failure');
  assert.doesNotMatch(result.errors[0]!, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack trace in the annotation');
  return result.errors[0]!;
}

const noIds = { 'client-id': '', 'tenant-id': '' };

describe('error catalogue', () => {
  test('1. no identity available: lists what was tried and the three fixes', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), ...noIds }, oidc: false });
    const message = failure(result);
    assert.match(message, /No Azure identity is available to this job/);
    assert.match(message, /EnvironmentCredential/);
    assert.match(message, /ManagedIdentityCredential/);
    assert.match(message, /AzureCliCredential|az login/);
    assert.match(message, /1\. Federate directly: set client-id and tenant-id .*permissions: id-token: write/);
    assert.match(message, /2\. Run azure\/login before this step/);
    assert.match(message, /3\. On a self-hosted runner in Azure, assign a managed identity/);
    assert.equal(emulator.count('openai'), 0);
  });

  test('2c. client-id and tenant-id under auth: auto without id-token permission: the permission leads, and its line', async () => {
    const result = await runAction(emulator, { inputs: baseInputs(emulator), oidc: false });
    const message = failure(result);
    assert.match(message, /^This job has no `permissions: id-token: write`, so GitHub gives it no OIDC token/);
    assert.match(message, /\n {2}id-token: write\n/);
    assert.doesNotMatch(message, /No Azure identity is available|Fix it in one of three ways/);
    assert.ok(message.includes(`${TROUBLESHOOTING_URL}#the-job-has-no-id-token-write-permission`), message);
    assert.equal(emulator.count('entra'), 0);
    assert.equal(emulator.count('openai'), 0);
  });

  test('2a. OIDC wanted but the job has no id-token permission', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'github-oidc' }, oidc: false });
    const message = failure(result);
    assert.match(message, /permissions: id-token: write/);
    assert.equal(emulator.count('entra'), 0);
    assert.equal(emulator.count('openai'), 0);
  });

  test('1b. no identity on a fork pull request with auth: auto names the fork instead of fixes that cannot work there', async () => {
    const payload = {
      pull_request: {
        number: 7,
        head: { repo: { full_name: 'stranger/octo-repo', fork: true } },
        base: { repo: { full_name: 'octo-org/octo-repo', fork: false } },
      },
    };
    const result = await runAction(emulator, { inputs: baseInputs(emulator), oidc: false, event: { name: 'pull_request', payload } });
    const message = failure(result);
    assert.match(message, /No Azure identity is available to this job/);
    assert.match(message, /pull request from a fork/);
    assert.match(message, /on-missing-identity: skip/);
    assert.doesNotMatch(message, /Fix it in one of three ways/);
  });

  test('1c. a managed identity whose metadata service never answers fails within the time limit', async () => {
    emulator.injectFaults('imds', [{ kind: 'delay', ms: 60_000 }]);
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), auth: 'managed-identity', 'client-id': '', timeout: '1' },
    });
    const message = failure(result);
    assert.match(message, /Getting a Microsoft Entra token with managed-identity took longer than 10 s/);
    assert.match(message, /instance metadata service did not answer/);
    assert.ok(result.durationMs < 20_000, `bounded wall time (${result.durationMs} ms)`);
    assert.ok(
      result.warnings.some((w) => w.includes('A network request was still open after the step finished')),
      'the hung request was ended',
    );
    assert.equal(emulator.count('openai'), 0);
  });

  test('2b. OIDC wanted on a pull request from a fork: says GitHub issues no token to forks', async () => {
    const payload = {
      pull_request: {
        number: 7,
        head: { repo: { full_name: 'stranger/octo-repo', fork: true } },
        base: { repo: { full_name: 'octo-org/octo-repo', fork: false } },
      },
    };
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), auth: 'github-oidc' },
      oidc: false,
      event: { name: 'pull_request', payload },
    });
    const message = failure(result);
    assert.match(message, /pull request from a fork/);
    assert.match(message, /GitHub issues no OIDC token to workflows run for pull requests from forks/);
  });

  test('3. no federated credential matches: prints iss, sub and aud of the ID token and the subject needed', async () => {
    emulator.config.github.claims.sub = 'repo:octo-org/octo-repo:environment:production';
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    const message = failure(result);
    assert.match(message, /AADSTS700213\b/);
    assert.match(message, /iss 'https:\/\/token\.actions\.githubusercontent\.com'/);
    assert.match(message, /sub 'repo:octo-org\/octo-repo:environment:production'/);
    assert.match(message, /aud 'api:\/\/AzureADTokenExchange'/);
    assert.match(message, /az ad app federated-credential create --id 0b9c7e21/);
    assert.match(message, /"subject":"repo:octo-org\/octo-repo:environment:production"/);
    assert.equal(emulator.count('openai'), 0);
  });

  test('4. expired assertion of an old azure/login session (AADSTS700024) suggests federating directly', async () => {
    emulator.azLogin({ expired: true });
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'azure-cli' } });
    const message = failure(result);
    assert.match(message, /AADSTS700024/);
    assert.match(message, /azure\/login/);
    assert.match(
      message,
      /Let this action federate itself with a fresh ID token: give the job `permissions: id-token: write` and change auth: azure-cli to auth: auto/,
    );
    assert.match(message, /Run this step right after azure\/login/);
    assert.equal(emulator.count('az'), 1);
  });

  test('5a. unknown application (AADSTS700016)', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'client-id': '99999999-9999-4999-8999-999999999999' } });
    const message = failure(result);
    assert.match(message, /Application 99999999-9999-4999-8999-999999999999 was not found in tenant/);
    assert.match(message, /AADSTS700016/);
    assert.match(message, /Application \(client\) ID/);
  });

  test('5b. unknown tenant (AADSTS90002, which MSAL reports as endpoints_resolution_error)', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'tenant-id': '88888888-8888-4888-8888-888888888888' } });
    const message = failure(result);
    assert.match(message, /Tenant 88888888-8888-4888-8888-888888888888 was not found at https:\/\/127\.0\.0\.1:\d+/);
    assert.match(message, /Check tenant-id \(the "Directory \(tenant\) ID" of the app registration\)/);
    const openidConfig = emulator.requests.find((r) => r.service === 'entra' && r.path.includes('openid-configuration'));
    assert.equal(openidConfig?.status, 400, 'Entra answered the metadata request for the unknown tenant with 400');
  });

  test('6. 401 for a token of the wrong audience names the scope used', async () => {
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), scope: 'https://management.azure.com/.default', 'allow-custom-endpoint': 'true' },
    });
    const message = failure(result);
    assert.match(message, /rejected the access token \(401\)/);
    assert.match(message, /scope https:\/\/management\.azure\.com\/\.default/);
    assert.match(message, /its audience is https:\/\/management\.azure\.com/);
    assert.equal(emulator.count('openai'), 1, '401 is not retried');
  });

  test('7. missing role: object id, app id, the role and the az role assignment command', async () => {
    emulator.config.openai.roleAssignments = [];
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    const message = failure(result);
    const app = emulator.config.apps[0]!;
    assert.match(message, /PermissionDenied/);
    assert.ok(message.includes(`principal object id ${app.objectId}`));
    assert.ok(message.includes(`app id ${app.clientId}`));
    assert.match(message, /Cognitive Services OpenAI User/);
    assert.match(message, /5e0bd9bd-7b93-4f28-af87-19fc36ad61bd/);
    assert.ok(message.includes(`az role assignment create --assignee-object-id ${app.objectId}`));
    assert.match(message, /can take a few minutes/);
    assert.ok(
      message.endsWith(`\nSee ${TROUBLESHOOTING_URL}#no-data-plane-access-permissiondenied`),
      'the annotation ends with the link to its troubleshooting heading',
    );
    assert.equal(emulator.count('openai'), 1, 'a permission error is not retried');
  });

  test('8. unknown deployment: names it and the list command', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), deployment: 'gpt-5-typo' } });
    const message = failure(result);
    assert.match(message, /Deployment 'gpt-5-typo' does not exist on 127\.0\.0\.1/);
    assert.match(message, /az cognitiveservices account deployment list/);
  });

  test('9. a wrong route: the URL used and the accepted endpoint forms', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), endpoint: `${emulator.httpUrl}/gateway` } });
    const message = failure(result);
    assert.ok(message.includes(`POST ${emulator.httpUrl}/gateway/openai/v1/chat/completions`));
    assert.match(message, /Accepted endpoint forms: https:\/\/NAME\.openai\.azure\.com/);
  });

  test('10. 429 after all retries: the retry-after and a quota hint', async () => {
    const fault = { kind: 'status' as const, status: 429, retryAfterMs: 50, retryAfter: '1' };
    emulator.injectFaults('openai', [fault, fault, fault]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'max-retries': '2' } });
    const message = failure(result);
    assert.match(message, /Rate limited by deployment 'gpt-5.1' \(429\) after 3 attempts/);
    assert.match(message, /retry after 1 s/);
    assert.match(message, /quota/);
    assert.equal(emulator.count('openai'), 3);
  });

  test('11. prompt blocked by the content filter: the filtered categories', async () => {
    emulator.injectFaults('openai', [{ kind: 'content-filter-prompt' }]);
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    const message = failure(result);
    assert.match(message, /content filter \(400 content_filter\)/);
    assert.match(message, /jailbreak/);
    assert.match(message, /violence \(severity medium\)/);
    assert.equal(emulator.count('openai'), 1);
  });

  test('12a. DNS failure: the host and the private-endpoint hint', async () => {
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), endpoint: 'https://no-such-resource.openai.invalid', 'allow-custom-endpoint': 'true' },
    });
    const message = failure(result);
    assert.match(message, /Could not resolve no-such-resource\.openai\.invalid \(ENOTFOUND\)/);
    assert.match(message, /private endpoint/);
  });

  test('12b. connection refused: the host and the firewall hint', async () => {
    const port = await closedPort();
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), endpoint: `http://127.0.0.1:${port}`, 'max-retries': '1' },
    });
    const message = failure(result);
    assert.match(message, /Could not connect to 127\.0\.0\.1 \(ECONNREFUSED\) after 2 attempts/);
    assert.match(message, /firewall/);
  });

  test('13. timeout: the per-attempt timeout and the attempts made', async () => {
    emulator.injectFaults('openai', [
      { kind: 'delay', ms: 5000 },
      { kind: 'delay', ms: 5000 },
    ]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: '1', 'max-retries': '1' } });
    const message = failure(result);
    assert.match(message, /timed out: no answer within 1 s per attempt, after 2 attempts/);
    assert.ok(result.durationMs < 15_000, `bounded wall time (${result.durationMs} ms)`);
  });
});
