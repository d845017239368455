/**
 * Scope negotiation end to end: a deployment that wants the other Azure AI
 * audience is reached with one more token from the same credential, counted;
 * an explicit scope input is never switched; a deployment refusing both
 * audiences fails naming both scopes. On the keyless path (GitHub OIDC to
 * Entra) and through azure/login's CLI session (the fake az).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AI_AUDIENCE, COGNITIVE_SERVICES_AUDIENCE } from '../../emulator/config.ts';
import { decodeJwt } from '../../emulator/jwt.ts';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

const COGNITIVE_SCOPE = 'https://cognitiveservices.azure.com/.default';
const AI_SCOPE = 'https://ai.azure.com/.default';

useEmulator({}, (started) => {
  started.azLogout();
  started.config.openai.deployments['wants-ai'] = { model: 'DeepSeek-V3-0324', audiences: [AI_AUDIENCE] };
  started.config.openai.deployments['wants-cognitive'] = { model: 'gpt-5.1-2025-11-13', audiences: [COGNITIVE_SERVICES_AUDIENCE] };
  started.config.openai.deployments['wants-neither'] = { model: 'gpt-5.1-2025-11-13', audiences: ['https://gateway.example.invalid'] };
});

/** Token requests of the identity path: Entra's token endpoint for github-oidc, az spawns for azure-cli. */
function tokenRequests(path: Path): number {
  return path === 'github-oidc'
    ? emulator.requests.filter((r) => r.service === 'entra' && r.method === 'POST' && r.path.endsWith('/oauth2/v2.0/token')).length
    : emulator.requests.filter((r) => r.service === 'az').length;
}

function modelCalls() {
  return emulator.requests.filter((r) => r.service === 'openai');
}

/** The `aud` of the bearer token each model request presented, in order. */
function presentedAudiences(): string[] {
  return modelCalls().map((call) => {
    const token = /^Bearer (\S+)$/.exec(String(call.headers.authorization))?.[1] ?? '';
    return String(decodeJwt(token)?.payload.aud);
  });
}

type Path = 'github-oidc' | 'azure-cli';

async function run(path: Path, inputs: Record<string, string>): Promise<RunResult> {
  if (path === 'azure-cli') {
    emulator.azLogin();
    return runAction(emulator, { inputs: { ...baseInputs(emulator), auth: 'azure-cli', 'client-id': '', 'tenant-id': '', ...inputs } });
  }
  return runAction(emulator, { inputs: { ...baseInputs(emulator), ...inputs } });
}

for (const path of ['github-oidc', 'azure-cli'] as const) {
  describe(`scope negotiation (${path})`, () => {
    test('a deployment that wants ai.azure.com: one switch, 2 token requests and 2 model requests, token-scope ai.azure.com', async () => {
      const result = await run(path, { deployment: 'wants-ai' });
      assertSucceeded(result);
      assert.equal(result.outputs['token-scope'], AI_SCOPE);
      assert.equal(result.outputs['auth-method'], path);
      assert.equal(tokenRequests(path), 2, 'one token per audience');
      assert.equal(modelCalls().length, 2);
      assert.deepEqual(presentedAudiences(), [COGNITIVE_SERVICES_AUDIENCE, AI_AUDIENCE]);
      assert.match(
        result.stdout,
        /Azure OpenAI refused the token for https:\/\/cognitiveservices\.azure\.com\/\.default \(401: audience is incorrect\); trying once more with a token for https:\/\/ai\.azure\.com\/\.default\./,
      );
      assert.match(result.stdout, /Got a Microsoft Entra token for https:\/\/ai\.azure\.com\/\.default/);
      if (path === 'github-oidc') assert.ok(emulator.count('github-oidc') <= 2, 'the GitHub ID token is reused');
      assert.deepEqual(result.errors, []);
    });

    test('a deployment that wants cognitiveservices: 1 token request and 1 model request, token-scope cognitiveservices', async () => {
      const result = await run(path, { deployment: 'wants-cognitive' });
      assertSucceeded(result);
      assert.equal(result.outputs['token-scope'], COGNITIVE_SCOPE);
      assert.equal(tokenRequests(path), 1);
      assert.equal(modelCalls().length, 1);
      assert.doesNotMatch(result.stdout, /trying once more/);
    });

    test('an explicit scope input with the wrong audience fails after 1 token request, naming the scope and the scope input', async () => {
      const result = await run(path, { deployment: 'wants-ai', scope: COGNITIVE_SCOPE });
      assert.equal(result.code, 1);
      assert.equal(tokenRequests(path), 1, 'never switched');
      assert.equal(modelCalls().length, 1, 'a 401 is not retried');
      assert.deepEqual(result.outputs, {}, 'no output after a failure');
      const message = result.errors.join('\n');
      assert.match(message, /Azure OpenAI rejected the access token \(401\)/);
      assert.match(message, /requested for scope https:\/\/cognitiveservices\.azure\.com\/\.default, set by the scope input/);
      assert.match(message, /its audience is https:\/\/cognitiveservices\.azure\.com\)/);
      assert.match(message, /set scope to https:\/\/ai\.azure\.com\/\.default, or remove the scope input/);
      assert.match(message, /Azure OpenAI said: Unauthorized\. Access token is missing, invalid, audience is incorrect/);
    });

    test('a deployment that refuses both audiences fails after 2 token requests and 2 model requests, naming both scopes', async () => {
      const result = await run(path, { deployment: 'wants-neither', 'max-retries': '3' });
      assert.equal(result.code, 1);
      assert.equal(tokenRequests(path), 2);
      assert.equal(modelCalls().length, 2, 'one switch, and no retry of a 401');
      assert.deepEqual(presentedAudiences(), [COGNITIVE_SERVICES_AUDIENCE, AI_AUDIENCE]);
      const message = result.errors.join('\n');
      assert.match(
        message,
        /Both Azure AI audiences were tried: a token for scope https:\/\/cognitiveservices\.azure\.com\/\.default, then one for scope https:\/\/ai\.azure\.com\/\.default/,
      );
      assert.match(message, /refused both/);
      assert.match(message, /scope input/);
    });
  });
}

test('the default deployment (resource audience) is served by the first token: no switch', async () => {
  const result = await run('github-oidc', {});
  assertSucceeded(result);
  assert.equal(result.outputs['token-scope'], COGNITIVE_SCOPE);
  assert.equal(tokenRequests('github-oidc'), 1);
  assert.equal(modelCalls().length, 1);
});

test('a managed identity switches too: IMDS is asked for the other resource once', async () => {
  const identity = { clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f', objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b' };
  emulator.config.managedIdentities.systemAssigned = identity;
  emulator.config.openai.roleAssignments.push(identity.objectId);
  const result = await runAction(emulator, {
    inputs: { ...baseInputs(emulator), auth: 'managed-identity', 'client-id': '', deployment: 'wants-ai' },
  });
  assertSucceeded(result);
  assert.equal(result.outputs['token-scope'], AI_SCOPE);
  const resources = emulator.requests.filter((r) => r.service === 'imds' && r.query.resource).map((r) => r.query.resource);
  assert.deepEqual(resources, ['https://cognitiveservices.azure.com', 'https://ai.azure.com']);
  assert.deepEqual(presentedAudiences(), [COGNITIVE_SERVICES_AUDIENCE, AI_AUDIENCE]);
});
