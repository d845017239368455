/**
 * Every identity path, end to end: the built bundle against the emulator.
 * Each run asserts the outputs, the auth method and how many token requests
 * and `az` spawns it cost.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { baseInputs, ROOT, runAction } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

const OUTPUT_NAMES = [
  'response',
  'response-file',
  'finish-reason',
  'prompt-tokens',
  'completion-tokens',
  'total-tokens',
  'cached-tokens',
  'cache-write-tokens',
  'estimated-cost',
  'service-tier',
  'reasoning-tokens',
  'model',
  'request-id',
  'latency-ms',
  'auth-method',
  'token-scope',
  'api',
  'cache-hit',
  'served-deployment',
  'served-endpoint',
  'tool-calls',
];

useEmulator({}, (started) => started.azLogout());

function assertSuccess(result: Awaited<ReturnType<typeof runAction>>, authMethod: string): void {
  assert.equal(result.code, 0, `exit code 0 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(Object.keys(result.outputs).sort(), [...OUTPUT_NAMES].sort());
  assert.equal(result.outputs['auth-method'], authMethod);
  assert.equal(result.outputs['token-scope'], 'https://cognitiveservices.azure.com/.default');
  assert.match(result.outputs.response!, /Say hello/);
  assert.equal(result.outputs['finish-reason'], 'stop');
  assert.equal(result.outputs.model, 'gpt-5.1-2025-11-13');
  assert.match(result.outputs['request-id']!, /^[0-9a-f-]{36}$/);
  assert.ok(Number(result.outputs['total-tokens']) > 0);
  assert.equal(
    Number(result.outputs['total-tokens']),
    Number(result.outputs['prompt-tokens']) + Number(result.outputs['completion-tokens']),
  );
  assert.ok(Number(result.outputs['latency-ms']) >= 0);
  assert.equal(result.files['response-file'], result.outputs.response);
}

function openaiCalls() {
  return emulator.requests.filter((r) => r.service === 'openai');
}

describe('identity paths', () => {
  test('auto with client-id, tenant-id and an OIDC token federates directly (github-oidc)', async () => {
    const result = await runAction(emulator, { inputs: baseInputs(emulator) });
    assertSuccess(result, 'github-oidc');
    assert.match(result.stdout, /Identity: github-oidc \(client-id and tenant-id are set/);
    assert.equal(emulator.count('github-oidc'), 1);
    assert.equal(emulator.count('entra'), emulator.requests.filter((r) => r.service === 'entra').length);
    assert.equal(emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length, 1, 'one Entra token request');
    assert.equal(emulator.count('az'), 0);
    const [call] = openaiCalls();
    assert.ok(call);
    assert.equal(call.path, '/openai/v1/chat/completions');
    assert.match(String(call.headers.authorization), /^Bearer ey/);
    assert.equal(call.headers['api-key'], undefined);
    const body = call.body as { model: string; messages: Array<{ role: string; content: string }> };
    assert.equal(body.model, 'gpt-5.1');
    assert.deepEqual(body.messages, [{ role: 'user', content: 'Say hello.' }]);
    // The GitHub ID token was requested for the federation audience.
    const oidc = emulator.requests.find((r) => r.service === 'github-oidc');
    assert.equal(oidc?.query.audience, 'api://AzureADTokenExchange');
  });

  test('auto without an OIDC token uses the azure/login session through DefaultAzureCredential (azure-cli)', async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '' }, oidc: false });
    assertSuccess(result, 'azure-cli');
    assert.match(result.stdout, /Identity: default-chain \(no client-id, no tenant-id, no GitHub OIDC token/);
    assert.equal(emulator.count('az'), 1, 'az spawned exactly once');
    assert.equal(emulator.count('github-oidc'), 0);
  });

  test('auth: azure-cli uses the CLI session only, spawning az once', async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'azure-cli' } });
    assertSuccess(result, 'azure-cli');
    assert.equal(emulator.count('az'), 1);
    assert.equal(emulator.count('github-oidc'), 0);
    assert.equal(emulator.count('imds'), 0);
  });

  test('auth: managed-identity with a system-assigned identity', async () => {
    emulator.config.managedIdentities.systemAssigned = {
      clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f',
      objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b',
    };
    emulator.config.openai.roleAssignments.push('9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b');
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'managed-identity', 'client-id': '' } });
    assertSuccess(result, 'managed-identity');
    assert.ok(emulator.count('imds') >= 1);
    assert.equal(emulator.count('github-oidc'), 0);
    assert.equal(emulator.count('az'), 0);
  });

  test('auth: managed-identity with client-id selects a user-assigned identity', async () => {
    const uami = { clientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', objectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' };
    emulator.config.managedIdentities.userAssigned.push(uami);
    emulator.config.openai.roleAssignments.push(uami.objectId);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'managed-identity', 'client-id': uami.clientId } });
    assertSuccess(result, 'managed-identity');
    const imds = emulator.requests.filter((r) => r.service === 'imds' && r.query.resource);
    assert.ok(
      imds.some((r) => r.query.client_id === uami.clientId),
      'IMDS was asked for the user-assigned identity',
    );
  });

  test('auto on a self-hosted Azure runner (no OIDC) finds the managed identity through the chain', async () => {
    emulator.config.managedIdentities.systemAssigned = {
      clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f',
      objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b',
    };
    emulator.config.openai.roleAssignments.push('9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b');
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '' }, oidc: false });
    assertSuccess(result, 'managed-identity');
    assert.equal(emulator.count('az'), 0);
  });

  test('auth: default-chain with an azure/login session reports the link that answered', async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'default-chain' } });
    assertSuccess(result, 'azure-cli');
    assert.equal(emulator.count('github-oidc'), 0, 'default-chain never federates GitHub OIDC itself');
  });

  test('a dated api-version calls the deployments route', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'api-version': '2024-10-21' } });
    assertSuccess(result, 'github-oidc');
    const [call] = openaiCalls();
    assert.equal(call?.path, '/openai/deployments/gpt-5.1/chat/completions');
    assert.equal(call?.query['api-version'], '2024-10-21');
  });

  test("the portal's full target URI supplies deployment and api-version", async () => {
    const inputs = {
      ...baseInputs(emulator),
      deployment: '',
      endpoint: `${emulator.httpUrl}/openai/deployments/gpt-5.1/chat/completions?api-version=2025-04-01-preview`,
    };
    const result = await runAction(emulator, { inputs });
    assertSuccess(result, 'github-oidc');
    const [call] = openaiCalls();
    assert.equal(call?.path, '/openai/deployments/gpt-5.1/chat/completions');
    assert.equal(call?.query['api-version'], '2025-04-01-preview');
  });

  test('endpoint, deployment, client-id and tenant-id fall back to the environment', async () => {
    const inputs = { prompt: 'Say hello.' };
    const env = {
      AZURE_OPENAI_ENDPOINT: emulator.httpUrl,
      AZURE_OPENAI_DEPLOYMENT: 'gpt-5.1',
      AZURE_CLIENT_ID: emulator.config.apps[0]!.clientId,
      AZURE_TENANT_ID: emulator.config.tenantId,
    };
    const result = await runAction(emulator, { inputs, env });
    assertSuccess(result, 'github-oidc');
  });

  test('a stray API key in the environment is masked, ignored and never sent', async () => {
    const key = 'f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8';
    const result = await runAction(emulator, {
      inputs: baseInputs(emulator),
      env: { AZURE_OPENAI_API_KEY: key, OPENAI_BASE_URL: 'https://elsewhere.invalid/v1' },
    });
    assertSuccess(result, 'github-oidc');
    assert.ok(result.stdout.includes(`::add-mask::${key}`), 'the key is masked');
    assert.equal(result.stdout.split(key).length - 1, 1, 'the key appears only in the mask command');
    assert.ok(result.warnings.some((w) => w.includes('AZURE_OPENAI_API_KEY, OPENAI_BASE_URL') && w.includes('never sends an API key')));
    assert.ok(openaiCalls().every((r) => r.headers['api-key'] === undefined));
  });

  test('the access token and the ID token are masked and appear nowhere else', async () => {
    const result = await runAction(emulator, { inputs: baseInputs(emulator), env: { RUNNER_DEBUG: '1' } });
    assertSuccess(result, 'github-oidc');
    const bearer = String(openaiCalls()[0]?.headers.authorization).replace(/^Bearer /, '');
    assert.ok(bearer.length > 100);
    assert.ok(result.stdout.includes(`::add-mask::${bearer}`));
    const everything = [
      result.stdout.replaceAll(`::add-mask::${bearer}`, ''),
      result.stderr,
      result.summary,
      ...Object.values(result.files),
    ].join('\n');
    assert.ok(!everything.includes(bearer), 'access token leaked');
  });

  test('system prompt from a file, user prompt inline, and the job summary', async () => {
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), 'system-prompt-file': 'emulator/README.md', 'max-tokens': '200', temperature: '0.2' },
      copy: { 'emulator/README.md': join(ROOT, 'emulator', 'README.md') },
    });
    assertSuccess(result, 'github-oidc');
    const body = openaiCalls()[0]?.body as { messages: Array<{ role: string }>; max_completion_tokens: number; temperature: number };
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.equal(body.max_completion_tokens, 200);
    assert.equal(body.temperature, 0.2);
    assert.match(result.summary, /\| Deployment \| `gpt-5.1` \|/);
    assert.match(result.summary, /\| Model \| `gpt-5.1-2025-11-13` \|/);
    assert.match(result.summary, /\| Auth method \| `github-oidc` \|/);
    assert.match(result.summary, /<details><summary>Prompt<\/summary>/);
  });

  test('summary: false writes no job summary', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), summary: 'false' } });
    assertSuccess(result, 'github-oidc');
    assert.equal(result.summary, '');
  });

  test('a job summary that cannot be written is a warning: the step succeeds with its outputs', async () => {
    const result = await runAction(emulator, { inputs: baseInputs(emulator), env: { GITHUB_STEP_SUMMARY: undefined } });
    assertSuccess(result, 'github-oidc');
    assert.match(
      result.warnings.join('\n'),
      /^The job summary was not written: Unable to find environment variable for \$GITHUB_STEP_SUMMARY/m,
    );
  });

  test('one token per run: a retried call reuses the token', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 503 }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), 'max-retries': '2' } });
    assertSuccess(result, 'github-oidc');
    assert.equal(openaiCalls().length, 2);
    assert.equal(emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length, 1);
    assert.equal(emulator.count('github-oidc'), 1);
    assert.match(result.stdout, /Attempt 1 failed \(HTTP 503\); retrying/);
  });
});
