/** The retry policy: what is transient, how long the service asked to wait, and the backoff bounds. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AttemptFailure, isRetryable } from '../../../src/call/attempt-failure.ts';
import { backoffDelayMs, serverRetryDelayMs } from '../../../src/call/retry.ts';

describe('isRetryable', () => {
  const cases: Array<{ name: string; input: AttemptFailure; expected: boolean }> = [
    { name: '400 bad request', input: { status: 400 }, expected: false },
    { name: '401 invalid token', input: { status: 401 }, expected: false },
    { name: '403 permission denied', input: { status: 403 }, expected: false },
    { name: '404 deployment not found', input: { status: 404 }, expected: false },
    { name: '422 unprocessable', input: { status: 422 }, expected: false },
    { name: '408 request timeout', input: { status: 408 }, expected: true },
    { name: '409 conflict', input: { status: 409 }, expected: true },
    { name: '429 rate limited', input: { status: 429 }, expected: true },
    { name: '500 internal error', input: { status: 500 }, expected: true },
    { name: '502 bad gateway', input: { status: 502 }, expected: true },
    { name: '503 unavailable', input: { status: 503 }, expected: true },
    { name: '504 gateway timeout', input: { status: 504 }, expected: true },
    { name: 'a timeout', input: { timedOut: true }, expected: true },
    { name: 'ECONNRESET', input: { code: 'ECONNRESET' }, expected: true },
    { name: 'ECONNREFUSED', input: { code: 'ECONNREFUSED' }, expected: true },
    { name: 'ETIMEDOUT', input: { code: 'ETIMEDOUT' }, expected: true },
    { name: 'EAI_AGAIN (transient DNS)', input: { code: 'EAI_AGAIN' }, expected: true },
    { name: 'UND_ERR_SOCKET', input: { code: 'UND_ERR_SOCKET' }, expected: true },
    { name: 'a connection error without a code', input: {}, expected: true },
    { name: 'ENOTFOUND (wrong host name)', input: { code: 'ENOTFOUND' }, expected: false },
    { name: 'CERT_HAS_EXPIRED', input: { code: 'CERT_HAS_EXPIRED' }, expected: false },
    { name: 'DEPTH_ZERO_SELF_SIGNED_CERT', input: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, expected: false },
    { name: 'SELF_SIGNED_CERT_IN_CHAIN', input: { code: 'SELF_SIGNED_CERT_IN_CHAIN' }, expected: false },
    { name: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', input: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }, expected: false },
    { name: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', input: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' }, expected: false },
    { name: 'ERR_TLS_CERT_ALTNAME_INVALID', input: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, expected: false },
    { name: 'a status wins over a code', input: { status: 401, code: 'ECONNRESET' }, expected: false },
    { name: 'a timeout wins over a status', input: { status: 400, timedOut: true }, expected: true },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.equal(isRetryable(input), expected);
    });
  }
});

describe('serverRetryDelayMs', () => {
  const NOW = Date.parse('2025-06-01T12:00:00Z');
  const cases: Array<{ name: string; input: Record<string, string> | undefined; expected: number | undefined }> = [
    { name: 'no headers', input: undefined, expected: undefined },
    { name: 'no retry headers', input: { 'content-type': 'application/json' }, expected: undefined },
    { name: 'retry-after-ms', input: { 'retry-after-ms': '1500' }, expected: 1500 },
    { name: 'retry-after-ms 0', input: { 'retry-after-ms': '0' }, expected: 0 },
    { name: 'retry-after-ms wins over retry-after', input: { 'retry-after-ms': '250', 'retry-after': '7' }, expected: 250 },
    { name: 'retry-after in seconds', input: { 'retry-after': '7' }, expected: 7000 },
    { name: 'retry-after in fractional seconds', input: { 'retry-after': '1.5' }, expected: 1500 },
    { name: 'retry-after as an HTTP date', input: { 'retry-after': 'Sun, 01 Jun 2025 12:00:30 GMT' }, expected: 30_000 },
    { name: 'retry-after as an HTTP date in the past', input: { 'retry-after': 'Sun, 01 Jun 2025 11:59:00 GMT' }, expected: 0 },
    { name: 'garbage retry-after-ms falls back to retry-after', input: { 'retry-after-ms': 'soon', 'retry-after': '2' }, expected: 2000 },
    { name: 'negative retry-after-ms falls back to retry-after', input: { 'retry-after-ms': '-5', 'retry-after': '3' }, expected: 3000 },
    { name: 'empty retry-after-ms falls back to retry-after', input: { 'retry-after-ms': '', 'retry-after': '4' }, expected: 4000 },
    { name: 'empty retry-after-ms alone', input: { 'retry-after-ms': ' ' }, expected: undefined },
    { name: 'garbage retry-after', input: { 'retry-after': 'whenever' }, expected: undefined },
    { name: 'negative retry-after', input: { 'retry-after': '-1' }, expected: undefined },
    { name: 'garbage that Date.parse would read as a date', input: { 'retry-after': 'soon 5' }, expected: undefined },
    { name: 'an ISO date is not an HTTP date', input: { 'retry-after': '2025-06-01T12:00:30Z' }, expected: undefined },
    { name: 'empty retry-after', input: { 'retry-after': '' }, expected: undefined },
  ];
  for (const { name, input, expected } of cases) {
    test(name, () => {
      assert.equal(serverRetryDelayMs(input && new Headers(input), NOW), expected);
    });
  }
});

describe('backoffDelayMs', () => {
  const cases: Array<{ name: string; retry: number; random: number; expected: number }> = [
    { name: 'retry 1, lowest draw', retry: 1, random: 0, expected: 250 },
    { name: 'retry 1, highest draw', retry: 1, random: 0.999_999, expected: 500 },
    { name: 'retry 2, lowest draw', retry: 2, random: 0, expected: 500 },
    { name: 'retry 2, middle draw', retry: 2, random: 0.5, expected: 750 },
    { name: 'retry 3, highest draw', retry: 3, random: 0.999_999, expected: 2000 },
    { name: 'retry 5 reaches the 8 s cap', retry: 5, random: 0.999_999, expected: 8000 },
    { name: 'retry 12 stays at the cap', retry: 12, random: 0.999_999, expected: 8000 },
    { name: 'retry 12, lowest draw is half the cap', retry: 12, random: 0, expected: 4000 },
  ];
  for (const { name, retry, random, expected } of cases) {
    test(name, () => {
      assert.equal(
        backoffDelayMs(retry, () => random),
        expected,
      );
    });
  }

  test('every draw lies within [ceiling/2, ceiling] and grows with the retry number', () => {
    let previousCeiling = 0;
    for (let retry = 1; retry <= 10; retry++) {
      const low = backoffDelayMs(retry, () => 0);
      const high = backoffDelayMs(retry, () => 0.999_999_9);
      const ceiling = Math.min(8000, 500 * 2 ** (retry - 1));
      assert.equal(low, ceiling / 2, `retry ${retry} low`);
      assert.equal(high, ceiling, `retry ${retry} high`);
      assert.ok(ceiling >= previousCeiling);
      previousCeiling = ceiling;
      for (const r of [0.1, 0.37, 0.73, 0.9]) {
        const delay = backoffDelayMs(retry, () => r);
        assert.ok(delay >= low && delay <= high, `retry ${retry} draw ${r}: ${delay}`);
      }
    }
  });

  test('uses Math.random by default and stays in bounds', () => {
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelayMs(3);
      assert.ok(delay >= 1000 && delay <= 2000, String(delay));
    }
  });
});
