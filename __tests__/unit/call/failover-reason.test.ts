/** Which failed calls fail over, and the few words that say why, for every kind of failure a call ends in. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttemptFailure } from '../../../src/call/attempt-failure.ts';
import { CallError } from '../../../src/call/call-outcome.ts';
import { failoverVerdict } from '../../../src/call/failover-reason.ts';
import { ProxyError } from '../../../src/proxy.ts';

const FACTS = {
  url: 'https://res.openai.azure.com/openai/v1/chat/completions',
  host: 'res.openai.azure.com',
  deployment: 'd',
  timeoutMs: 1000,
};

function callError(
  failure: AttemptFailure,
  more: { attempts?: number; body?: unknown; retryAfterMs?: number; deadlineMs?: number; cause?: unknown } = {},
) {
  const body = more.body === undefined ? undefined : typeof more.body === 'string' ? more.body : JSON.stringify(more.body);
  return new CallError(more.cause ?? new Error('failed'), {
    failure,
    facts: FACTS,
    attempts: more.attempts ?? 1,
    ...(body !== undefined ? { body } : {}),
    ...(more.retryAfterMs !== undefined ? { retryAfterMs: more.retryAfterMs } : {}),
    ...(more.deadlineMs !== undefined ? { deadlineMs: more.deadlineMs } : {}),
  });
}

describe('failoverVerdict: the next entry is tried', () => {
  const cases: Array<[string, CallError, string]> = [
    [
      'a 429 asking for longer than max-retry-wait',
      callError({ status: 429 }, { retryAfterMs: 3_600_000 }),
      '429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait',
    ],
    ['429s that outlast the retries', callError({ status: 429 }, { attempts: 4 }), '429 rate limited after 4 attempts'],
    [
      'a 429 at the deadline',
      callError({ status: 429 }, { attempts: 2, deadlineMs: 60_000 }),
      "429 rate limited after 2 attempts, at the run's deadline",
    ],
    [
      '404 DeploymentNotFound',
      callError({ status: 404 }, { body: { error: { code: 'DeploymentNotFound', message: 'gone' } } }),
      '404 DeploymentNotFound',
    ],
    ['a 503 after retries', callError({ status: 503 }, { attempts: 4 }), 'HTTP 503 after 4 attempts'],
    ['a 500 on the only attempt', callError({ status: 500 }), 'HTTP 500'],
    ['a 408', callError({ status: 408 }, { attempts: 2 }), 'HTTP 408 after 2 attempts'],
    ['a timeout', callError({ timedOut: true }, { attempts: 2 }), 'timed out after 2 attempts'],
    ['a stall', callError({ timedOut: true, stalled: true }), 'stalled'],
    ['an unresolvable host', callError({ code: 'ENOTFOUND' }), 'could not resolve the host (ENOTFOUND)'],
    ['a refused connection', callError({ code: 'ECONNREFUSED' }, { attempts: 4 }), 'could not connect (ECONNREFUSED) after 4 attempts'],
    ['a connection error without a code', callError({}), 'could not connect (connection error)'],
    [
      'a broken stream after retries (a service fault)',
      callError({ malformed: { label: 'error in the stream', message: 'x', retryable: true } }, { attempts: 3 }),
      'error in the stream after 3 attempts',
    ],
  ];
  for (const [name, error, reason] of cases) {
    test(name, () => assert.deepEqual(failoverVerdict(error), { next: true, reason }));
  }
});

describe('failoverVerdict: final, the rest are not tried', () => {
  const cases: Array<[string, CallError, string]> = [
    [
      'a 400',
      callError({ status: 400 }, { body: { error: { code: 'invalid_request_error', message: 'bad' } } }),
      'HTTP 400 invalid_request_error',
    ],
    [
      'the content filter',
      callError({ status: 400 }, { body: { error: { code: 'content_filter', message: 'filtered' } } }),
      'HTTP 400 content_filter',
    ],
    [
      'a 401 about the token',
      callError({ status: 401 }, { body: { statusCode: 401, message: 'Unauthorized. audience is incorrect' } }),
      'HTTP 401',
    ],
    [
      'a missing role',
      callError({ status: 401 }, { body: { error: { code: 'PermissionDenied', message: 'lacks' } } }),
      'HTTP 401 PermissionDenied',
    ],
    ['a 403', callError({ status: 403 }), 'HTTP 403'],
    [
      'a 404 that is no missing deployment (a wrong route)',
      callError({ status: 404 }, { body: { error: { code: '404', message: 'Resource not found' } } }),
      '404 no such route',
    ],
    ['a TLS failure (a proxy CA missing)', callError({ code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'TLS failure (SELF_SIGNED_CERT_IN_CHAIN)'],
    ['a proxy page instead of an answer', callError({ malformed: { label: 'not JSON', message: 'html', retryable: false } }), 'not JSON'],
  ];
  for (const [name, error, reason] of cases) {
    test(name, () => assert.deepEqual(failoverVerdict(error), { next: false, reason }));
  }

  test('a failed proxy, whatever the attempt saw', () => {
    const proxy = new ProxyError(
      { proxy: '127.0.0.1:3128', variable: 'HTTPS_PROXY' },
      'res.openai.azure.com',
      { code: 'ECONNREFUSED' },
      undefined,
    );
    assert.deepEqual(failoverVerdict(callError({ code: 'ECONNREFUSED' }, { cause: proxy })), { next: false, reason: 'the proxy failed' });
  });

  test("a service's code is quoted only when it is a plain code", () => {
    const hostile = callError({ status: 400 }, { body: { error: { code: 'x\n::error::injected', message: 'bad' } } });
    assert.equal(failoverVerdict(hostile).reason, 'HTTP 400');
    assert.equal(failoverVerdict(callError({ status: 400 }, { body: 'not json' })).reason, 'HTTP 400');
  });
});

describe('failoverVerdict: the flex tier', () => {
  test('a 429 to a flex request without the quota’s wording is flex capacity, and fails over', () => {
    const flex = callError({ status: 429 }, { body: { error: { code: '429', message: 'Too Many Requests' } } });
    assert.deepEqual(failoverVerdict(flex, 'flex'), { next: true, reason: '429 flex capacity short' });
    assert.equal(failoverVerdict(flex).reason, '429 rate limited', 'the same 429 on the default tier is a quota');
  });

  test('the quota’s own wording on a flex request is still a quota 429', () => {
    const quota = callError(
      { status: 429 },
      {
        body: {
          error: {
            code: '429',
            message: 'Requests to the ChatCompletions_Create Operation ... have exceeded token rate limit of your current pricing tier.',
          },
        },
      },
    );
    assert.match(failoverVerdict(quota, 'flex').reason, /^429 rate limited/);
  });
});
