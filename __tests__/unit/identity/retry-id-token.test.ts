/** No answer, 408, 429, 500 and 502-504 get two more tries; other statuses, an answer past its cap and a job without ID tokens do not. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BodyTooLargeError } from '../../../src/bounded-body.ts';
import { MissingIdTokenError } from '../../../src/identity/identity-error.ts';
import { idTokenErrorStatus, retryingIdTokenFetcher } from '../../../src/identity/retry-id-token.ts';
import { IdTokenConnectionError } from '../../../src/identity/runner-id-token.ts';

/** The error text runner-id-token.ts builds around a failed token request; without a code, the request got no answer. */
const coreError = (code: number | undefined, message: string) =>
  code === undefined
    ? new IdTokenConnectionError(message, new Error(message))
    : new Error(`Failed to get ID Token. Error Code : ${code}\nError Message: ${message}`);

function scripted(failures: Error[]) {
  const calls: string[] = [];
  const fetch = async (audience: string) => {
    calls.push(audience);
    const next = failures.shift();
    if (next) throw next;
    return 'id-token';
  };
  return { fetch, calls };
}

describe('retryingIdTokenFetcher', () => {
  const sleeps: number[] = [];
  const options = { log: () => undefined, sleep: async (ms: number) => void sleeps.push(ms), random: () => 0 };

  test('reads the status from the error text', () => {
    assert.equal(idTokenErrorStatus(coreError(500, 'x')), 500);
    assert.equal(idTokenErrorStatus(coreError(undefined, 'socket hang up')), undefined);
  });

  const transient: Array<[string, Error]> = [
    ['a reset connection', coreError(undefined, 'socket hang up')],
    ['HTTP 500', coreError(500, 'Internal Server Error')],
    ['HTTP 429', coreError(429, 'Too Many Requests')],
    ['HTTP 503', coreError(503, 'Service Unavailable')],
    ['HTTP 504', coreError(504, 'Gateway Timeout')],
  ];
  for (const [name, error] of transient) {
    test(`${name} is retried, then the token returned`, async () => {
      const { fetch, calls } = scripted([error]);
      assert.equal(await retryingIdTokenFetcher(fetch, options)('api://AzureADTokenExchange'), 'id-token');
      assert.deepEqual(calls, ['api://AzureADTokenExchange', 'api://AzureADTokenExchange']);
    });
  }

  const permanent: Array<[string, Error]> = [
    ['HTTP 401 (bad request token)', coreError(401, 'Unauthorized')],
    ['HTTP 403', coreError(403, 'Forbidden')],
    ['an answer past its cap', new Error('Failed to get ID Token.', { cause: new BodyTooLargeError(2 ** 20, 'the service') })],
    ['a job without ID tokens', new MissingIdTokenError()],
    ['HTTP 501', coreError(501, 'Not Implemented')],
    ['a redirect', coreError(302, 'a redirect to elsewhere.example, not followed')],
    ['an answer without an ID token', coreError(200, 'the answer holds no ID token')],
    ['a bad ACTIONS_ID_TOKEN_REQUEST_URL', new Error('Failed to get ID Token. Error Message: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL')],
  ];
  for (const [name, error] of permanent) {
    test(`${name} is not retried`, async () => {
      const { fetch, calls } = scripted([error]);
      await assert.rejects(retryingIdTokenFetcher(fetch, options)('aud'), error);
      assert.equal(calls.length, 1);
    });
  }

  test('bounded: three attempts in all, waits growing, no wait after the last', async () => {
    sleeps.length = 0;
    const { fetch, calls } = scripted([coreError(500, 'a'), coreError(500, 'b'), coreError(500, 'c'), coreError(500, 'd')]);
    await assert.rejects(retryingIdTokenFetcher(fetch, options)('aud'), /Error Message: c/);
    assert.equal(calls.length, 3);
    assert.deepEqual(sleeps, [500, 1000]);
  });
});
