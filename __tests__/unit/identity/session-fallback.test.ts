/** Federating as an azure/login session's principal, with its CLI session as the way back. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenCredential } from '@azure/identity';
import { SESSION_ANSWERS, SessionFederation } from '../../../src/identity/session-fallback.ts';

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

test('the codes the session answers are a decision: no federated credential for this job, or no such application', () => {
  assert.deepEqual(
    [...SESSION_ANSWERS].sort((a, b) => a - b),
    [70021, 501661, 700016, 700211, 700212, 700213],
  );
});

for (const code of SESSION_ANSWERS) {
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

// Recorded wordings: Azure/login#515 (7002138), microsoft/Agents#202 (7002137).
for (const refusal of [
  "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:Contoso/App:environment:Production'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.",
  "AADSTS7002137: No matching federated identity record found for presented assertion subject 'x'. Please make sure the federated identity credential Subject is 'y'.",
]) {
  test(`a near miss (${refusal.slice(0, 13)}) is diagnosed, not hidden behind the session: the codes are read whole`, async () => {
    const made = { made: 0 };
    const federation = new SessionFederation(refusing(refusal), cli(made), () => undefined);
    await assert.rejects(federation.getToken('s'), (error: Error) => error.message === refusal);
    assert.equal(made.made, 0);
    assert.equal(federation.method, 'github-oidc');
  });
}
