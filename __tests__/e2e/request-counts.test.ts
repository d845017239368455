/**
 * What one run costs in token requests and `az` spawns, counted by the
 * emulator: exactly one Entra token request on the keyless path, at most two
 * GitHub ID token requests, no `az` on the OIDC path and exactly one on the
 * azure/login path, retries included. These counts are what keeps a run close
 * to its floor (`npm run bench`); no timing is asserted here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction, type RunOptions } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

useEmulator();

interface Counts {
  entraTokens: number;
  githubIdTokens: number;
  azSpawns: number;
  chatCalls: number;
}

function counts(): Counts {
  const requests = emulator.requests;
  return {
    entraTokens: requests.filter((r) => r.service === 'entra' && r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token')).length,
    githubIdTokens: requests.filter((r) => r.service === 'github-oidc' && r.path === '/github/oidc/token').length,
    // The fake az makes exactly one request per spawn.
    azSpawns: requests.filter((r) => r.service === 'az').length,
    chatCalls: requests.filter((r) => r.service === 'openai').length,
  };
}

async function run(options: RunOptions, authMethod: string): Promise<Counts> {
  const result = await runAction(emulator, options);
  assert.equal(result.code, 0, `exit code 0 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.outputs['auth-method'], authMethod);
  return counts();
}

const noIds = { 'client-id': '', 'tenant-id': '' };

describe('request counts per run', () => {
  test('keyless (GitHub OIDC): 1 Entra token request, at most 2 GitHub ID token requests, no az', async () => {
    const c = await run({ inputs: baseInputs(emulator) }, 'github-oidc');
    assert.equal(c.entraTokens, 1);
    assert.ok(c.githubIdTokens >= 1 && c.githubIdTokens <= 2, `GitHub ID token requests: ${c.githubIdTokens}`);
    assert.equal(c.azSpawns, 0);
    assert.equal(c.chatCalls, 1);
  });

  test('keyless with two retried attempts: still 1 Entra token request and at most 2 GitHub ID token requests', async () => {
    emulator.injectFaults('openai', [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 429, retryAfterMs: 10 },
    ]);
    const c = await run({ inputs: { ...baseInputs(emulator), 'max-retries': '3' } }, 'github-oidc');
    assert.equal(c.chatCalls, 3);
    assert.equal(c.entraTokens, 1);
    assert.ok(c.githubIdTokens <= 2, `GitHub ID token requests: ${c.githubIdTokens}`);
    assert.equal(c.azSpawns, 0);
  });

  test('azure/login (auth: azure-cli): exactly 1 az spawn, no Entra or GitHub ID token request of its own', async () => {
    emulator.azLogin();
    const c = await run({ inputs: { ...baseInputs(emulator), ...noIds, auth: 'azure-cli' } }, 'azure-cli');
    assert.equal(c.azSpawns, 1);
    assert.equal(c.entraTokens, 0);
    assert.equal(c.githubIdTokens, 0);
    assert.equal(c.chatCalls, 1);
  });

  test('azure/login with a retried attempt: still exactly 1 az spawn', async () => {
    emulator.azLogin();
    emulator.injectFaults('openai', [{ kind: 'status', status: 503 }]);
    const c = await run({ inputs: { ...baseInputs(emulator), ...noIds, auth: 'azure-cli', 'max-retries': '2' } }, 'azure-cli');
    assert.equal(c.chatCalls, 2);
    assert.equal(c.azSpawns, 1);
  });

  test('auto without OIDC (DefaultAzureCredential finds the azure/login session): exactly 1 az spawn', async () => {
    emulator.azLogin();
    const c = await run({ inputs: { ...baseInputs(emulator), ...noIds }, oidc: false }, 'azure-cli');
    assert.equal(c.azSpawns, 1);
    assert.equal(c.entraTokens, 0);
    assert.equal(c.githubIdTokens, 0);
  });
});

test("the model call names the action and the SDK in its user agent, not the bundle's minified class name", async () => {
  const result = await runAction(emulator, { inputs: baseInputs(emulator) });
  assert.equal(result.code, 0, result.stderr);
  const calls = emulator.requests.filter((r) => r.service === 'openai');
  assert.ok(calls.length > 0);
  for (const call of calls) assert.match(String(call.headers['user-agent']), /^azure-openai-keyless-action OpenAI\/JS \d+\.\d+\.\d+$/);
});
