/**
 * The 401 audience detection (Azure's bodies, look-alikes, hostile sizes) and
 * the one switch: at most once, only when allowed, facts naming both scopes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AudienceSwitch, isAudienceRefusal, presentedToken } from '../../../src/call/audience-switch.ts';

const AZURE_401 = JSON.stringify({
  statusCode: 401,
  message: 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
});

describe('isAudienceRefusal', () => {
  const cases: Array<{ name: string; status: number | undefined; body: string | undefined; expected: boolean }> = [
    { name: "Azure's 401 body", status: 401, body: AZURE_401, expected: true },
    {
      name: 'the Foundry variant naming both audiences',
      status: 401,
      body: JSON.stringify({
        statusCode: 401,
        message:
          'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com/ or https://ai.azure.com/), or have expired.',
      }),
      expected: true,
    },
    {
      name: 'the wording inside an error wrapper (a gateway)',
      status: 401,
      body: JSON.stringify({ error: { code: '401', message: 'Access token is missing, invalid, audience is incorrect.' } }),
      expected: true,
    },
    { name: 'the same body with another status', status: 403, body: AZURE_401, expected: false },
    { name: 'no status (a network error)', status: undefined, body: AZURE_401, expected: false },
    { name: 'no body', status: 401, body: undefined, expected: false },
    { name: 'a body that is not JSON', status: 401, body: 'audience is incorrect', expected: false },
    { name: 'JSON that is not an object', status: 401, body: '"audience is incorrect"', expected: false },
    {
      name: 'PermissionDenied is a missing role, whatever its text',
      status: 401,
      body: JSON.stringify({ error: { code: 'PermissionDenied', message: 'audience is incorrect' } }),
      expected: false,
    },
    {
      name: 'key auth disabled',
      status: 401,
      body: JSON.stringify({
        error: { code: 'AuthenticationTypeDisabled', message: 'Key based authentication is disabled for this resource.' },
      }),
      expected: false,
    },
    {
      name: 'a message without the wording',
      status: 401,
      body: JSON.stringify({ statusCode: 401, message: 'Unauthorized.' }),
      expected: false,
    },
    {
      name: 'the wording past the scanned start of a huge message (bounded)',
      status: 401,
      body: JSON.stringify({ statusCode: 401, message: `${'x'.repeat(100_000)} audience is incorrect` }),
      expected: false,
    },
    { name: 'a message that is not a string', status: 401, body: JSON.stringify({ message: ['audience is incorrect'] }), expected: false },
  ];
  for (const { name, status, body, expected } of cases) {
    test(name, () => {
      assert.equal(isAudienceRefusal(status, body), expected);
    });
  }
});

describe('presentedToken', () => {
  const first = {
    token: () => Promise.resolve('first-token'),
    tokenFacts: () => ({ scope: 'https://cognitiveservices.azure.com/.default', scopeFromInput: false }),
  };
  function alternate(): AudienceSwitch & { requests: number } {
    const other = {
      scope: 'https://ai.azure.com/.default',
      requests: 0,
      obtain: () => {
        other.requests += 1;
        return Promise.resolve({
          token: () => Promise.resolve('second-token'),
          tokenFacts: () => ({ scope: 'https://ai.azure.com/.default', claims: { aud: 'https://ai.azure.com' } }),
        });
      },
    };
    return other;
  }

  test('switches once on the first audience refusal, logging why before asking for the token', async () => {
    const other = alternate();
    const presented = presentedToken(first, other);
    const log: string[] = [];
    assert.equal(await presented.token(), 'first-token');
    assert.equal(await presented.switchAfter(401, AZURE_401, (line) => log.push(`${line} [requests so far: ${other.requests}]`)), true);
    assert.equal(other.requests, 1);
    assert.deepEqual(log, [
      'Azure OpenAI refused the token for https://cognitiveservices.azure.com/.default (401: audience is incorrect); trying once more with a token for https://ai.azure.com/.default. [requests so far: 0]',
    ]);
    assert.equal(await presented.token(), 'second-token');
    assert.deepEqual(presented.tokenFacts(), {
      scope: 'https://ai.azure.com/.default',
      claims: { aud: 'https://ai.azure.com' },
      refusedScope: 'https://cognitiveservices.azure.com/.default',
    });
    // The second refusal is final: no third token.
    assert.equal(await presented.switchAfter(401, AZURE_401, () => {}), false);
    assert.equal(other.requests, 1);
  });

  test('never switches without an alternate (a scope input, or a cloud without one)', async () => {
    const presented = presentedToken(first, undefined);
    assert.equal(await presented.switchAfter(401, AZURE_401, () => assert.fail('no log')), false);
    assert.equal(await presented.token(), 'first-token');
    assert.deepEqual(presented.tokenFacts(), first.tokenFacts());
  });

  test('other failures do not switch', async () => {
    const other = alternate();
    const presented = presentedToken(first, other);
    assert.equal(await presented.switchAfter(429, AZURE_401, () => {}), false);
    assert.equal(
      await presented.switchAfter(401, JSON.stringify({ error: { code: 'PermissionDenied', message: 'no role' } }), () => {}),
      false,
    );
    assert.equal(other.requests, 0);
    assert.equal(await presented.token(), 'first-token');
  });

  test('a failed request for the other token propagates (its IdentityError names the scope)', async () => {
    const presented = presentedToken(first, {
      scope: 'https://ai.azure.com/.default',
      obtain: () => Promise.reject(new Error('AADSTS500011: resource principal not found')),
    });
    await assert.rejects(
      presented.switchAfter(401, AZURE_401, () => {}),
      /AADSTS500011/,
    );
  });
});
