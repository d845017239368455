/** Reading claims (never verifying, never printing the token). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Claims, claimText, decodeClaims, secondsLeft } from '../../../src/identity/jwt-claims.ts';
import { fakeJwt } from './fake-jwt.ts';

describe('decodeClaims', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:octo/app:ref:refs/heads/main',
    aud: 'api://AzureADTokenExchange',
    exp: 1_750_000_000,
  };
  const cases: Array<{ name: string; input: string; expected: Claims | undefined }> = [
    { name: 'a JWT', input: fakeJwt(claims), expected: claims },
    { name: 'a JWT with no signature part', input: fakeJwt(claims).split('.').slice(0, 2).join('.'), expected: claims },
    { name: 'unicode claims', input: fakeJwt({ name: 'Zoë ✓' }), expected: { name: 'Zoë ✓' } },
    { name: 'not a JWT', input: 'opaque-access-token', expected: undefined },
    { name: 'empty', input: '', expected: undefined },
    { name: 'an empty payload', input: 'a..c', expected: undefined },
    { name: 'a payload that is not JSON', input: `a.${Buffer.from('not json').toString('base64url')}.c`, expected: undefined },
    { name: 'a payload that is a JSON string', input: `a.${Buffer.from('"text"').toString('base64url')}.c`, expected: undefined },
    { name: 'a payload that is JSON null', input: `a.${Buffer.from('null').toString('base64url')}.c`, expected: undefined },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.deepEqual(decodeClaims(input), expected);
    });
  }
});

describe('claimText', () => {
  const claims: Claims = { sub: 'repo:octo/app:pull_request', aud: ['api://AzureADTokenExchange', 'other'], exp: 123, nested: { a: 1 } };
  const cases: Array<{ name: string; claims: Claims | undefined; claim: string; expected: string | undefined }> = [
    { name: 'a string claim', claims, claim: 'sub', expected: 'repo:octo/app:pull_request' },
    { name: 'an array claim is joined', claims, claim: 'aud', expected: 'api://AzureADTokenExchange, other' },
    { name: 'a number claim is not text', claims, claim: 'exp', expected: undefined },
    { name: 'an object claim is not text', claims, claim: 'nested', expected: undefined },
    { name: 'a missing claim', claims, claim: 'oid', expected: undefined },
    { name: 'no claims', claims: undefined, claim: 'sub', expected: undefined },
  ];
  for (const { name, claims: c, claim, expected } of cases) {
    test(name, () => {
      assert.equal(claimText(c, claim), expected);
    });
  }
});

describe('secondsLeft', () => {
  const cases: Array<{ name: string; claims: Claims | undefined; nowMs: number; expected: number | undefined }> = [
    { name: 'before expiry', claims: { exp: 1000 }, nowMs: 400_000, expected: 600 },
    { name: 'after expiry is negative', claims: { exp: 1000 }, nowMs: 1_030_000, expected: -30 },
    { name: 'fractions of a second', claims: { exp: 1000 }, nowMs: 999_500, expected: 0.5 },
    { name: 'no exp', claims: { sub: 'x' }, nowMs: 0, expected: undefined },
    { name: 'a string exp is ignored', claims: { exp: '1000' }, nowMs: 0, expected: undefined },
    { name: 'no claims', claims: undefined, nowMs: 0, expected: undefined },
  ];
  for (const { name, claims, nowMs, expected } of cases) {
    test(name, () => {
      assert.equal(secondsLeft(claims, nowMs), expected);
    });
  }
});
