/** buildCredential: which @azure/identity class each path gets (no token is requested here). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as identity from '@azure/identity';
import type { IdentityConfig } from '../../../src/config.ts';
import { AzureCliSessionCredential } from '../../../src/identity/cli-credential.ts';
import { buildCredential, replaceCliLink } from '../../../src/identity/credential.ts';

const config: IdentityConfig = {
  mode: 'auto',
  clientId: '00000000-0000-0000-0000-00000000000c',
  tenantId: '00000000-0000-0000-0000-00000000000t',
  scope: 'https://cognitiveservices.azure.com/.default',
  scopeFromInput: false,
  authorityHost: 'https://login.microsoftonline.com',
  instanceDiscovery: true,
  oidcAudience: 'api://AzureADTokenExchange',
};

test('github-oidc builds a ClientAssertionCredential and starts the GitHub ID token request', async () => {
  const audiences: string[] = [];
  const built = await buildCredential('github-oidc', config, {
    fetchIdToken: (audience) => {
      audiences.push(audience);
      return Promise.resolve('header.payload.signature');
    },
    debug: () => undefined,
    env: {},
    processTimeoutMs: 1000,
  });
  assert.ok(built.credential instanceof identity.ClientAssertionCredential);
  assert.equal(built.resolvedMethod(), 'github-oidc');
  assert.deepEqual(audiences, ['api://AzureADTokenExchange'], 'prefetched once, with the configured audience');
  assert.equal(await built.assertion?.get(), 'header.payload.signature');
});

test('azure-cli and managed-identity build their own classes', async () => {
  const deps = { fetchIdToken: () => Promise.reject(new Error('not used')), debug: () => undefined, env: {}, processTimeoutMs: 1000 };
  // Ours, not the library's AzureCliCredential: it keeps the CLI's stderr.
  assert.ok((await buildCredential('azure-cli', config, deps)).credential instanceof AzureCliSessionCredential);
  assert.ok((await buildCredential('managed-identity', config, deps)).credential instanceof identity.ManagedIdentityCredential);
});

test("the default chain's Azure CLI link is ours: the library still holds its links where replaceCliLink looks", async () => {
  const deps = { fetchIdToken: () => Promise.reject(new Error('not used')), debug: () => undefined, env: {}, processTimeoutMs: 1000 };
  const built = await buildCredential('default-chain', config, deps);
  const links = (built.credential as unknown as { _sources: unknown[] })._sources;
  assert.ok(Array.isArray(links), 'DefaultAzureCredential keeps its links in _sources');
  assert.equal(links.filter((link) => link instanceof identity.AzureCliCredential).length, 0);
  assert.equal(links.filter((link) => link instanceof AzureCliSessionCredential).length, 1);
});

test('replaceCliLink leaves a chain without that link, or without _sources, alone', () => {
  const ours = new AzureCliSessionCredential();
  const chain = { _sources: [new identity.EnvironmentCredential()], getToken: () => Promise.resolve(null) };
  assert.equal(replaceCliLink(chain, identity.AzureCliCredential, ours), false);
  assert.equal(chain._sources.length, 1);
  assert.equal(replaceCliLink({ getToken: () => Promise.resolve(null) }, identity.AzureCliCredential, ours), false);
});
