/** How long after azure/login a CLI token request came, from sound sources only. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { minutesSinceLogin } from '../../../src/diagnose/entra-diagnosis.ts';

const TEXT =
  'AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-12-03T10:20:30.1234567Z, assertion valid from 2026-12-03T10:00:00.0000000Z, expiry time of assertion 2026-12-03T10:05:00.0000000Z.';

test("the CLI profile's write time against Entra's clock", () => {
  const minutes = minutesSinceLogin(TEXT, Date.parse('2026-12-03T10:08:00Z'));
  assert.deepEqual(minutes, { value: 13, source: "the CLI profile was written at 10:08:00 UTC, Entra's clock read 10:20:30 UTC" });
});

test('without a profile, the assertion Entra quotes', () => {
  assert.deepEqual(minutesSinceLogin(TEXT, undefined), {
    value: 21,
    source: "the ID token was valid from 10:00:00 UTC, Entra's clock read 10:20:30 UTC",
  });
});

test('a profile written after Entra answered (a later login) is not used', () => {
  assert.equal(minutesSinceLogin(TEXT, Date.parse('2026-12-03T11:00:00Z'))?.value, 21);
});

test('no times in the text: no minutes', () => {
  assert.equal(minutesSinceLogin('AADSTS700024: Client assertion is not within its valid time range.', Date.now()), undefined);
});

test("Entra's codes are read whole: AADSTS7002138 is not AADSTS700213", async () => {
  const { aadstsCode } = await import('../../../src/diagnose/error-text.ts');
  assert.equal(aadstsCode('Error: AADSTS7002138: No matching federated identity record found'), 7002138);
  assert.equal(aadstsCode('AADSTS700213: No matching federated identity record found'), 700213);
  assert.equal(aadstsCode('AADSTS70021: No matching'), 70021);
  assert.equal(aadstsCode('no code here'), undefined);
});
