/** Which identity path a run takes, and the reason it logs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuthMode, IdentityConfig } from '../../../src/config.ts';
import { canMintGithubIdToken, chooseIdentity, type IdentityMethod } from '../../../src/identity/choose.ts';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://pipelines.actions.githubusercontent.com/abc?api-version=2.0',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token',
};

function identity(mode: AuthMode, ids: { clientId?: string; tenantId?: string } = {}): IdentityConfig {
  return {
    mode,
    scope: 'https://cognitiveservices.azure.com/.default',
    scopeFromInput: false,
    authorityHost: 'https://login.microsoftonline.com',
    instanceDiscovery: true,
    oidcAudience: 'api://AzureADTokenExchange',
    ...ids,
  };
}

describe('canMintGithubIdToken', () => {
  const cases: Array<{ name: string; env: Record<string, string | undefined>; expected: boolean }> = [
    { name: 'both variables', env: OIDC_ENV, expected: true },
    { name: 'no variables', env: {}, expected: false },
    { name: 'only the URL', env: { ACTIONS_ID_TOKEN_REQUEST_URL: OIDC_ENV.ACTIONS_ID_TOKEN_REQUEST_URL }, expected: false },
    { name: 'only the token', env: { ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }, expected: false },
    { name: 'empty values', env: { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' }, expected: false },
  ];
  for (const { name, env, expected } of cases) {
    test(name, () => {
      assert.equal(canMintGithubIdToken(env), expected);
    });
  }
});

describe('chooseIdentity', () => {
  const both = { clientId: CLIENT, tenantId: TENANT };
  const cases: Array<{
    name: string;
    config: IdentityConfig;
    env: Record<string, string | undefined>;
    method: IdentityMethod;
    reason: RegExp;
  }> = [
    {
      name: 'auto with both ids and an OIDC token federates',
      config: identity('auto', both),
      env: OIDC_ENV,
      method: 'github-oidc',
      reason: /client-id and tenant-id are set and the job can mint a GitHub OIDC token/,
    },
    {
      name: 'auto without ids uses the default chain',
      config: identity('auto'),
      env: OIDC_ENV,
      method: 'default-chain',
      reason: /^no client-id, no tenant-id; trying DefaultAzureCredential/,
    },
    {
      name: 'auto without tenant-id',
      config: identity('auto', { clientId: CLIENT }),
      env: OIDC_ENV,
      method: 'default-chain',
      reason: /^no tenant-id; trying DefaultAzureCredential/,
    },
    {
      name: 'auto without client-id',
      config: identity('auto', { tenantId: TENANT }),
      env: OIDC_ENV,
      method: 'default-chain',
      reason: /^no client-id; trying/,
    },
    {
      name: 'auto with ids but no OIDC token (no permission, or a fork) uses the default chain',
      config: identity('auto', both),
      env: {},
      method: 'default-chain',
      reason:
        /^no GitHub OIDC token \(the job lacks permissions: id-token: write, or this is a pull request from a fork\); trying DefaultAzureCredential \(an azure\/login session, a workload identity or a managed identity\)$/,
    },
    {
      name: 'auto with nothing names all three gaps',
      config: identity('auto'),
      env: {},
      method: 'default-chain',
      reason: /^no client-id, no tenant-id, no GitHub OIDC token/,
    },
    { name: 'explicit github-oidc', config: identity('github-oidc', both), env: {}, method: 'github-oidc', reason: /^auth: github-oidc$/ },
    {
      name: 'explicit azure-cli even with OIDC available',
      config: identity('azure-cli', both),
      env: OIDC_ENV,
      method: 'azure-cli',
      reason: /^auth: azure-cli$/,
    },
    {
      name: 'explicit managed-identity',
      config: identity('managed-identity', { clientId: CLIENT }),
      env: OIDC_ENV,
      method: 'managed-identity',
      reason: /^auth: managed-identity$/,
    },
    {
      name: 'explicit default-chain even with OIDC available',
      config: identity('default-chain', both),
      env: OIDC_ENV,
      method: 'default-chain',
      reason: /^auth: default-chain$/,
    },
  ];
  for (const { name, config, env, method, reason } of cases) {
    test(name, async () => {
      const choice = await chooseIdentity(config, canMintGithubIdToken(env), async () => undefined);
      assert.equal(choice.method, method);
      assert.match(choice.reason, reason);
    });
  }

  test('the reason never contains the runner token', async () => {
    for (const mode of ['auto', 'github-oidc', 'azure-cli', 'managed-identity', 'default-chain'] as const) {
      const choice = await chooseIdentity(identity(mode, both), canMintGithubIdToken(OIDC_ENV), async () => undefined);
      assert.doesNotMatch(choice.reason, /runner-token/);
    }
  });

  test('the session is read only on the paths that may meet it, once', async () => {
    const reads = (mode: AuthMode, ids: { clientId?: string; tenantId?: string }) => {
      let count = 0;
      const readSession = async () => {
        count += 1;
        return undefined;
      };
      return chooseIdentity(identity(mode, ids), true, readSession).then(() => count);
    };
    assert.equal(await reads('auto', both), 0, 'federating by the inputs');
    assert.equal(await reads('github-oidc', {}), 0);
    assert.equal(await reads('managed-identity', {}), 0);
    assert.equal(await reads('auto', {}), 1);
    assert.equal(await reads('azure-cli', {}), 1);
    assert.equal(await reads('default-chain', {}), 1);
  });
});

describe('chooseIdentity after azure/login (its CLI profile read)', () => {
  const session = { clientId: CLIENT, tenantId: TENANT, path: '/home/runner/.azure/azureProfile.json' };
  const cases: Array<{
    name: string;
    config: IdentityConfig;
    env: Record<string, string | undefined>;
    session?: typeof session | { path: string };
    method: IdentityMethod;
    sessionIds: boolean;
  }> = [
    {
      name: 'auto, no ids, an ID token and a service principal session: federate with its ids',
      config: identity('auto'),
      env: OIDC_ENV,
      session,
      method: 'github-oidc',
      sessionIds: true,
    },
    {
      name: 'no ID token: the default chain (the CLI session)',
      config: identity('auto'),
      env: {},
      session,
      method: 'default-chain',
      sessionIds: false,
    },
    {
      name: 'a session without a service principal (a user): the default chain',
      config: identity('auto'),
      env: OIDC_ENV,
      session: { path: session.path },
      method: 'default-chain',
      sessionIds: false,
    },
    {
      name: 'one id given: the inputs win, no session ids mixed in',
      config: identity('auto', { clientId: CLIENT }),
      env: OIDC_ENV,
      session,
      method: 'default-chain',
      sessionIds: false,
    },
    {
      name: 'explicit azure-cli keeps its meaning',
      config: identity('azure-cli'),
      env: OIDC_ENV,
      session,
      method: 'azure-cli',
      sessionIds: false,
    },
    {
      name: 'explicit default-chain keeps its meaning',
      config: identity('default-chain'),
      env: OIDC_ENV,
      session,
      method: 'default-chain',
      sessionIds: false,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const session = c.session && { userType: 'servicePrincipal', ...c.session };
      const choice = await chooseIdentity(c.config, canMintGithubIdToken(c.env), async () => session);
      assert.equal(choice.method, c.method);
      assert.equal(choice.sessionIds !== undefined, c.sessionIds);
      if (c.sessionIds) {
        assert.deepEqual(choice.sessionIds, { clientId: CLIENT, tenantId: TENANT });
        assert.match(
          choice.reason,
          /the azure\/login session \(\/home\/runner\/\.azure\/azureProfile\.json\) names service principal 11111111-2222-3333-4444-555555555555 in tenant aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/,
        );
      }
    });
  }
});
