/** Federating as an azure/login session's principal, with its CLI session as the way back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenCredential } from '@azure/identity';
import { SessionFederation } from '../../../src/identity/session-fallback.ts';

const TOKEN = { token: 'cli-token', expiresOnTimestamp: 1, tokenType: 'Bearer' as const };

function refusing(message: string): TokenCredential {
  return { getToken: () => Promise.reject(new Error(message)) };
}

function cli(counter: { made: number }): () => Promise<TokenCredential> {
  return () => {
    counter.made += 1;
    return Promise.resolve({ getToken: () => Promise.resolve(TOKEN) });
  };
}

for (const code of [70021, 700211, 700212, 700213, 700016]) {
  test(`AADSTS${code} (no federated credential for this job) falls back to the CLI session, once, and says so`, async () => {
    const made = { made: 0 };
    const log: string[] = [];
    const federation = new SessionFederation(
      refusing(`AADSTS${code}: No matching federated identity record found. Trace ID: t`),
      cli(made),
      (m) => log.push(m),
    );
    assert.equal(federation.method, 'github-oidc');
    assert.deepEqual(await federation.getToken('s'), TOKEN);
    assert.deepEqual(await federation.getToken('s'), TOKEN);
    assert.equal(made.made, 1);
    assert.equal(federation.method, 'azure-cli');
    assert.equal(log.length, 1);
    assert.match(
      log[0]!,
      new RegExp(
        `\\(AADSTS${code}: No matching federated identity record found\\.\\), so azure/login signed in with a secret or certificate; using its Azure CLI session instead\\.$`,
      ),
    );
  });
}

test('any other refusal is reported as it is, never replaced by the CLI session', async () => {
  const made = { made: 0 };
  const federation = new SessionFederation(refusing('AADSTS7000215: Invalid client secret provided.'), cli(made), () => undefined);
  await assert.rejects(federation.getToken('s'), /AADSTS7000215/);
  assert.equal(made.made, 0);
  assert.equal(federation.fellBack, undefined);
});
