/** One Entra token per run: one credential call for many gets, masked before use, renewed near expiry. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { createAccessTokenCache, TokenTimeoutError } from '../../../src/identity/access-token.ts';
import { fakeJwt } from './fake-jwt.ts';

const SCOPE = 'https://cognitiveservices.azure.com/.default';
const T0 = 1_750_000_000_000;
const HOUR = 3600 * 1000;

/** A credential that hands out numbered tokens valid for `lifetimeMs`, resolving when the test says so. */
function fakeCredential(clock: { nowMs: number }, lifetimeMs = HOUR) {
  const calls: Array<{ scopes: string | string[]; options?: GetTokenOptions }> = [];
  const credential: TokenCredential & { calls: typeof calls } = {
    calls,
    getToken(scopes, options) {
      calls.push({ scopes, ...(options ? { options } : {}) });
      const n = calls.length;
      const token = fakeJwt({ aud: 'https://cognitiveservices.azure.com', oid: `oid-${n}`, appid: 'app-id', tid: 'tenant' }, `sig${n}`);
      return new Promise<AccessToken>((resolve) => setImmediate(() => resolve({ token, expiresOnTimestamp: clock.nowMs + lifetimeMs })));
    },
  };
  return credential;
}

describe('createAccessTokenCache', () => {
  test('one credential call for many gets', async () => {
    const clock = { nowMs: T0 };
    const credential = fakeCredential(clock);
    const masked: string[] = [];
    const cache = createAccessTokenCache({
      credential,
      scope: SCOPE,
      limitMs: 60_000,
      mask: (s) => masked.push(s),
      now: () => clock.nowMs,
    });
    const first = await cache.get();
    for (let i = 0; i < 10; i++) assert.equal(await cache.get(), first);
    assert.equal(credential.calls.length, 1);
    assert.equal(cache.requests, 1);
    assert.deepEqual(credential.calls[0]?.scopes, SCOPE);
    assert.deepEqual(masked, [first]);
  });

  test('concurrent gets share one request', async () => {
    const clock = { nowMs: T0 };
    const credential = fakeCredential(clock);
    const cache = createAccessTokenCache({ credential, scope: SCOPE, limitMs: 60_000, mask: () => {}, now: () => clock.nowMs });
    const tokens = await Promise.all([cache.get(), cache.get(), cache.get(), cache.get(), cache.get()]);
    assert.equal(credential.calls.length, 1);
    assert.equal(new Set(tokens).size, 1);
  });

  test('the token is masked before get resolves', async () => {
    const clock = { nowMs: T0 };
    const credential = fakeCredential(clock);
    const masked: string[] = [];
    const cache = createAccessTokenCache({
      credential,
      scope: SCOPE,
      limitMs: 60_000,
      mask: (s) => masked.push(s),
      now: () => clock.nowMs,
    });
    const token = await cache.get().then((value) => {
      assert.deepEqual(masked, [value], 'masked by the time the caller sees it');
      return value;
    });
    assert.ok(token.length > 20);
  });

  test('claims of the token are exposed for diagnostics', async () => {
    const clock = { nowMs: T0 };
    const cache = createAccessTokenCache({
      credential: fakeCredential(clock),
      scope: SCOPE,
      limitMs: 60_000,
      mask: () => {},
      now: () => clock.nowMs,
    });
    const claims = () => cache.claims; // read afresh: the getter changes under TypeScript's narrowing
    assert.equal(claims(), undefined);
    await cache.get();
    assert.equal(claims()?.oid, 'oid-1');
    assert.equal(claims()?.appid, 'app-id');
  });

  const renewal: Array<{ name: string; laterMs: number; expectedRequests: number }> = [
    { name: 'kept 30 minutes into an hour-long token', laterMs: 30 * 60 * 1000, expectedRequests: 1 },
    { name: 'kept with 2 min 1 s left', laterMs: HOUR - 121_000, expectedRequests: 1 },
    { name: 'renewed with exactly 2 min left', laterMs: HOUR - 120_000, expectedRequests: 2 },
    { name: 'renewed with 1 min left', laterMs: HOUR - 60_000, expectedRequests: 2 },
    { name: 'renewed after expiry', laterMs: 2 * HOUR, expectedRequests: 2 },
  ];
  for (const { name, laterMs, expectedRequests } of renewal) {
    test(`renewal: ${name}`, async () => {
      const clock = { nowMs: T0 };
      const credential = fakeCredential(clock);
      const masked: string[] = [];
      const cache = createAccessTokenCache({
        credential,
        scope: SCOPE,
        limitMs: 60_000,
        mask: (s) => masked.push(s),
        now: () => clock.nowMs,
      });
      const first = await cache.get();
      clock.nowMs += laterMs;
      const second = await cache.get();
      assert.equal(credential.calls.length, expectedRequests);
      assert.equal(cache.requests, expectedRequests);
      assert.equal(masked.length, expectedRequests, 'every new token is masked');
      if (expectedRequests === 1) assert.equal(second, first);
      else {
        assert.notEqual(second, first);
        assert.equal(cache.claims?.oid, 'oid-2');
      }
    });
  }

  test('a failed request is not cached and the next get retries', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken() {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error('AADSTS700024: Client assertion is not within its valid time range.'));
        return Promise.resolve({ token: fakeJwt({ oid: 'o' }), expiresOnTimestamp: T0 + HOUR });
      },
    };
    const masked: string[] = [];
    const cache = createAccessTokenCache({ credential, scope: SCOPE, limitMs: 60_000, mask: (s) => masked.push(s), now: () => T0 });
    await assert.rejects(cache.get(), /AADSTS700024/);
    assert.deepEqual(masked, []);
    await cache.get();
    assert.equal(calls, 2);
    assert.equal(masked.length, 1);
  });

  test('a credential that returns null is an error naming the scope', async () => {
    const credential: TokenCredential = { getToken: () => Promise.resolve(null) };
    const cache = createAccessTokenCache({ credential, scope: SCOPE, limitMs: 60_000, mask: () => {}, now: () => T0 });
    await assert.rejects(cache.get(), new RegExp(`returned no token for scope ${SCOPE.replace(/[./]/g, '\\$&')}`));
  });

  test('an opaque (non-JWT) token works; claims are simply unknown', async () => {
    const credential: TokenCredential = { getToken: () => Promise.resolve({ token: 'opaque-token-value', expiresOnTimestamp: T0 + HOUR }) };
    const masked: string[] = [];
    const cache = createAccessTokenCache({ credential, scope: SCOPE, limitMs: 60_000, mask: (s) => masked.push(s), now: () => T0 });
    assert.equal(await cache.get(), 'opaque-token-value');
    assert.deepEqual(masked, ['opaque-token-value']);
    assert.equal(cache.claims, undefined);
  });

  test('a credential that never answers fails after limitMs, its request aborted', async () => {
    let signal: { aborted: boolean } | undefined;
    const silent: TokenCredential = {
      getToken(_scopes, options) {
        signal = options?.abortSignal;
        return new Promise<AccessToken>(() => undefined);
      },
    };
    const cache = createAccessTokenCache({ credential: silent, scope: SCOPE, limitMs: 50, mask: () => {} });
    const started = Date.now();
    await assert.rejects(cache.get(), (error: unknown) => error instanceof TokenTimeoutError && error.message === 'no token within 0.05 s');
    assert.ok(Date.now() - started < 2000);
    assert.equal(signal?.aborted, true, 'the credential was told to stop');
  });
});
