/** The GitHub ID token used as client assertion: reused while more than a minute is left, refetched after. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GithubIdTokenAssertion } from '../../../src/identity/github-id-token.ts';
import { fakeJwt } from './fake-jwt.ts';

const ISSUED_S = 1_750_000_000;
const LIFETIME_S = 300; // GitHub ID tokens live about five minutes.

/** A fake runner endpoint: each call mints a new ID token issued "now" and counts the requests. */
function runner(clock: { nowMs: number }, extraClaims: Record<string, unknown> = {}) {
  const audiences: string[] = [];
  const fetch = (audience: string): Promise<string> => {
    audiences.push(audience);
    const iat = Math.floor(clock.nowMs / 1000);
    return Promise.resolve(
      fakeJwt({
        iss: 'https://token.actions.githubusercontent.com',
        sub: 'repo:octo/app:ref:refs/heads/main',
        aud: audience,
        iat,
        exp: iat + LIFETIME_S,
        n: audiences.length,
        ...extraClaims,
      }),
    );
  };
  return { fetch, audiences };
}

describe('GithubIdTokenAssertion', () => {
  const cases: Array<{ name: string; secondsLater: number; expectedRequests: number }> = [
    { name: 'reused at once', secondsLater: 0, expectedRequests: 1 },
    { name: 'reused with 4 minutes left', secondsLater: 60, expectedRequests: 1 },
    { name: 'reused with 61 s left', secondsLater: LIFETIME_S - 61, expectedRequests: 1 },
    { name: 'refetched with exactly 60 s left', secondsLater: LIFETIME_S - 60, expectedRequests: 2 },
    { name: 'refetched with 30 s left', secondsLater: LIFETIME_S - 30, expectedRequests: 2 },
    { name: 'refetched after expiry (a job running for hours)', secondsLater: 3 * 3600, expectedRequests: 2 },
  ];
  for (const { name, secondsLater, expectedRequests } of cases) {
    test(name, async () => {
      const clock = { nowMs: ISSUED_S * 1000 };
      const { fetch, audiences } = runner(clock);
      const assertion = new GithubIdTokenAssertion({ fetch, audience: 'api://AzureADTokenExchange', now: () => clock.nowMs });
      const first = await assertion.get();
      clock.nowMs += secondsLater * 1000;
      const second = await assertion.get();
      assert.equal(assertion.requests, expectedRequests);
      assert.equal(audiences.length, expectedRequests);
      if (expectedRequests === 1) assert.equal(second, first);
      else assert.notEqual(second, first);
    });
  }

  test('asks for the configured audience and exposes the claims of the last token', async () => {
    const clock = { nowMs: ISSUED_S * 1000 };
    const { fetch, audiences } = runner(clock);
    const assertion = new GithubIdTokenAssertion({ fetch, audience: 'api://custom-audience', now: () => clock.nowMs });
    const claims = () => assertion.claims; // read afresh: the getter changes under TypeScript's narrowing
    assert.equal(claims(), undefined);
    await assertion.get();
    assert.deepEqual(audiences, ['api://custom-audience']);
    assert.equal(claims()?.sub, 'repo:octo/app:ref:refs/heads/main');
    assert.equal(claims()?.aud, 'api://custom-audience');
    assert.equal(claims()?.n, 1);
    clock.nowMs += LIFETIME_S * 1000;
    await assertion.get();
    assert.equal(claims()?.n, 2, 'claims follow the refetched token');
  });

  test('a long run: one request per token lifetime, not per call', async () => {
    const clock = { nowMs: ISSUED_S * 1000 };
    const { fetch } = runner(clock);
    const assertion = new GithubIdTokenAssertion({ fetch, audience: 'api://AzureADTokenExchange', now: () => clock.nowMs });
    // A call every 30 s for an hour: each token serves (300 - 60) / 30 = 8 calls.
    for (let i = 0; i < 120; i++) {
      await assertion.get();
      clock.nowMs += 30_000;
    }
    assert.equal(assertion.requests, 15);
  });

  test('a token without exp is reused', async () => {
    const clock = { nowMs: ISSUED_S * 1000 };
    let calls = 0;
    const assertion = new GithubIdTokenAssertion({
      fetch: () => {
        calls += 1;
        return Promise.resolve(fakeJwt({ sub: 'x' }));
      },
      audience: 'a',
      now: () => clock.nowMs,
    });
    await assertion.get();
    clock.nowMs += 10 * 3600 * 1000;
    await assertion.get();
    assert.equal(calls, 1);
  });

  test('a failed fetch is not cached: the next get asks again', async () => {
    let calls = 0;
    const assertion = new GithubIdTokenAssertion({
      fetch: () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('runner said 500')) : Promise.resolve(fakeJwt({ exp: ISSUED_S + LIFETIME_S }));
      },
      audience: 'a',
      now: () => ISSUED_S * 1000,
    });
    await assert.rejects(assertion.get(), /runner said 500/);
    assert.match(await assertion.get(), /^ey/);
    assert.equal(assertion.requests, 2);
  });
});

describe('GithubIdTokenAssertion prefetch', () => {
  test('a prefetch is the one request: the get() that follows, and one made while it travels, share it', async () => {
    const clock = { nowMs: ISSUED_S * 1000 };
    const { fetch, audiences } = runner(clock);
    const assertion = new GithubIdTokenAssertion({ fetch, audience: 'api://AzureADTokenExchange', now: () => clock.nowMs });
    assertion.prefetch();
    assert.equal(audiences.length, 1, 'the request is sent by prefetch(), before anyone asks');
    assertion.prefetch(); // a second prefetch adds nothing
    const [first, second] = await Promise.all([assertion.get(), assertion.get()]);
    assert.equal(first, second);
    assert.equal(await assertion.get(), first);
    assert.equal(audiences.length, 1);
    assert.equal(assertion.requests, 1);
  });

  test('a refused prefetch is reported once, by the get() that takes it, and not sent again for it', async () => {
    let calls = 0;
    const assertion = new GithubIdTokenAssertion({
      fetch: () => {
        calls += 1;
        return Promise.reject(new Error(`refused ${calls}`));
      },
      audience: 'api://AzureADTokenExchange',
    });
    assertion.prefetch();
    assert.equal(calls, 1, 'the request is sent by prefetch(), before anyone asks');
    await new Promise((resolve) => setImmediate(resolve)); // the failure settles before anyone asks
    await assert.rejects(assertion.get(), /refused 1/);
    assert.equal(calls, 1);
    // A later get() (the credential asking again) is a new request.
    await assert.rejects(assertion.get(), /refused 2/);
    assert.equal(calls, 2);
  });
});
