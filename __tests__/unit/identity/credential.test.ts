/** buildCredential: which @azure/identity class each path gets (no token is requested here). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as identity from '@azure/identity';
import type { IdentityConfig } from '../../../src/config.ts';
import { buildCredential } from '../../../src/identity/credential.ts';

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
    processTimeoutMs: 1000,
  });
  assert.ok(built.credential instanceof identity.ClientAssertionCredential);
  assert.equal(built.resolvedMethod(), 'github-oidc');
  assert.deepEqual(audiences, ['api://AzureADTokenExchange'], 'prefetched once, with the configured audience');
  assert.equal(await built.assertion?.get(), 'header.payload.signature');
});

test('azure-cli and managed-identity build their own classes', async () => {
  const deps = { fetchIdToken: () => Promise.reject(new Error('not used')), debug: () => undefined, processTimeoutMs: 1000 };
  assert.ok((await buildCredential('azure-cli', config, deps)).credential instanceof identity.AzureCliCredential);
  assert.ok((await buildCredential('managed-identity', config, deps)).credential instanceof identity.ManagedIdentityCredential);
});
