/**
 * The identity a job has after azure/login, end to end: the CLI profile it
 * leaves (azureProfile.json, BOM first) names a service principal, which
 * this action federates as itself when the job can mint an ID token (no az
 * spawn), falling back to the CLI session when that app trusts no ID token
 * of this job; and when the CLI's stored ID token has expired, the failure
 * names the expiry and both fixes, in the CLI's own words.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator({}, (started) => started.azLogout());

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', ...extra };
}

function entraTokenRequests(): number {
  return emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length;
}

/** Exit code 1 and one error annotation, which it returns. */
function failure(result: RunResult): string {
  assert.equal(result.code, 1, `exit code 1 expected; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  assert.equal(result.errors.length, 1, `one error annotation expected, got:\n${result.errors.join('\n---\n')}`);
  assert.deepEqual(result.outputs, {}, 'no outputs on failure');
  return result.errors[0]!;
}

describe('after azure/login', () => {
  test('the emulated profile is what the CLI writes: a BOM, then the default account naming the service principal', () => {
    emulator.azLogin();
    const text = readFileSync(join(emulator.azureConfigDir, 'azureProfile.json'), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    const profile = JSON.parse(text.slice(1)) as {
      subscriptions: Array<{ isDefault: boolean; tenantId: string; user: { name: string; type: string } }>;
    };
    assert.deepEqual(profile.subscriptions[0]?.user, { name: emulator.config.apps[0]!.clientId, type: 'servicePrincipal' });
    assert.equal(profile.subscriptions[0]?.isDefault, true);
  });

  test("auto without ids, with an ID token: federates as the session's service principal, no az spawn", async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: inputs() });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'github-oidc');
    assert.match(
      result.stdout,
      /Identity: github-oidc \(no client-id or tenant-id, but the azure\/login session \(.*azureProfile\.json\) names service principal 0b9c7e21-4f3a-4d8e-a6b5-2c1d9e8f7a30 in tenant 6f1d3c2a-8b4e-4a7f-9c21-5e8d0b7a3f64/,
    );
    assert.match(result.stdout, /with github-oidc, as the service principal of the azure\/login session\./);
    assert.equal(emulator.count('az'), 0, 'no az spawn');
    assert.equal(emulator.count('github-oidc'), 1);
    assert.equal(entraTokenRequests(), 1);
  });

  test('auto without ids, an expired CLI session and an ID token: the fresh federation does not meet the expiry', async () => {
    emulator.azLogin({ expired: true, loggedInSecondsAgo: 20 * 60 });
    const result = await runAction(emulator, { inputs: inputs() });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'github-oidc');
    assert.equal(emulator.count('az'), 0);
  });

  test('the same profile without an ID token: the CLI session, one az spawn', async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: inputs(), oidc: false });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
    assert.match(result.stdout, /Identity: default-chain \(no client-id, no tenant-id, no GitHub OIDC token/);
    assert.equal(emulator.count('az'), 1);
    assert.equal(emulator.count('github-oidc'), 0);
  });

  test('a session from a secret login (the app trusts no ID token of this job): falls back to the CLI session, said in the log', async () => {
    emulator.config.apps[0]!.federatedCredentials = [];
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: inputs() });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
    assert.match(
      result.stdout,
      /Entra has no federated credential for this job on the azure\/login session's application \(AADSTS700213: No matching federated identity record found .*\), so azure\/login signed in with a secret or certificate; using its Azure CLI session instead\./,
    );
    assert.equal(entraTokenRequests(), 1, 'one federation attempt');
    assert.equal(emulator.count('az'), 1, 'then one az spawn');
    assert.match(result.summary, /\| Auth method \| `azure-cli` \|/);
  });

  test('a refusal other than "no matching credential" is not hidden by the fallback', async () => {
    emulator.azLogin();
    emulator.injectFaults('entra', [{ kind: 'aadsts', code: 7000215 }]);
    const result = await runAction(emulator, { inputs: inputs() });
    const message = failure(result);
    assert.match(message, /AADSTS7000215/);
    assert.equal(emulator.count('az'), 0);
  });

  test('a fallback whose CLI session has expired is diagnosed as the CLI session', async () => {
    emulator.config.apps[0]!.federatedCredentials = [];
    emulator.azLogin({ expired: true, loggedInSecondsAgo: 12 * 60 });
    const result = await runAction(emulator, { inputs: inputs() });
    const message = failure(result);
    assert.match(
      message,
      /The Azure CLI session azure\/login left can no longer get tokens: this step asked for one 12 minutes after azure\/login signed in/,
    );
    assert.equal(emulator.count('az'), 1);
  });

  test('a user (not a service principal) in the profile is never federated as', async () => {
    emulator.azLogin();
    const path = join(emulator.azureConfigDir, 'azureProfile.json');
    const profile = readFileSync(path, 'utf8').replace('"servicePrincipal"', '"user"');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, profile);
    const result = await runAction(emulator, { inputs: inputs() });
    assertSucceeded(result);
    assert.match(result.stdout, /Identity: default-chain/);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
    assert.equal(emulator.count('github-oidc'), 0);
  });

  test('explicit auth: azure-cli keeps its meaning: the CLI session, even with an ID token', async () => {
    emulator.azLogin();
    const result = await runAction(emulator, { inputs: inputs({ auth: 'azure-cli' }) });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
    assert.equal(emulator.count('github-oidc'), 0);
    assert.equal(emulator.count('az'), 1);
  });
});

describe("an expired azure/login session (AADSTS700024, the CLI's own words)", () => {
  const expiry =
    /this step asked for one 20 minutes after azure\/login signed in \(the CLI profile was written at \d\d:\d\d:\d\d UTC, Entra's clock read \d\d:\d\d:\d\d UTC\), and the GitHub ID token the CLI signed in with had expired \(AADSTS700024\)/;

  test('auth: azure-cli names the expiry, the minutes since azure/login and both fixes', async () => {
    emulator.azLogin({ expired: true, loggedInSecondsAgo: 20 * 60 });
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'azure-cli' } });
    const message = failure(result);
    assert.match(message, expiry);
    assert.match(
      message,
      /1\. Let this action federate itself with a fresh ID token: give the job `permissions: id-token: write` and change auth: azure-cli to auth: auto\. Nothing more is needed after azure\/login/,
    );
    assert.match(message, /2\. Run this step right after azure\/login/);
    assert.match(message, /Entra said: AADSTS700024: Client assertion is not within its valid time range\. Current time: /);
    assert.doesNotMatch(message, /Please run 'az login' from a command prompt/, "not the library's rewording");
    assert.equal(emulator.count('az'), 1, 'one az spawn');
  });

  test('auth: auto without an ID token (the chain\'s CLI link) names the expiry, not "no identity"', async () => {
    emulator.azLogin({ expired: true, loggedInSecondsAgo: 20 * 60 });
    const result = await runAction(emulator, { inputs: inputs(), oidc: false });
    const message = failure(result);
    assert.match(message, expiry);
    assert.doesNotMatch(message, /No Azure identity is available/);
    assert.match(
      message,
      /1\. Let this action federate itself with a fresh ID token: give the job `permissions: id-token: write`\. Nothing more is needed/,
    );
    assert.match(message, /2\. Run this step right after azure\/login/);
    assert.equal(emulator.count('az'), 1, 'one az spawn');
  });

  test('without a profile to date it, the minutes come from the assertion Entra quotes', async () => {
    emulator.azLogin({ expired: true, loggedInSecondsAgo: 9 * 60 });
    const { rmSync } = await import('node:fs');
    rmSync(join(emulator.azureConfigDir, 'azureProfile.json'));
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'azure-cli' } });
    const message = failure(result);
    assert.match(
      message,
      /this step asked for one 9 minutes after azure\/login signed in \(the ID token was valid from \d\d:\d\d:\d\d UTC, Entra's clock read/,
    );
  });
});
