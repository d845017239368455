/**
 * The failover chain with a stand-in for callDeployment: the order of the
 * entries, one deadline for all, a token per scope asked for once, what is
 * logged, and what is thrown when no entry answers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallOptions, ModelRequest } from '../../../src/call/call-deployment.ts';
import { CallError, type ModelAnswer } from '../../../src/call/call-outcome.ts';
import { FailoverError } from '../../../src/call/failover-outcome.ts';
import { callWithFailover, type FailoverOptions, type FailoverTarget, failoverTargets } from '../../../src/call/failover.ts';
import { callRoutes } from '../../../src/call/call-routes.ts';
import { overallDeadlineMs } from '../../../src/call/retry.ts';
import type { Config } from '../../../src/config.ts';
import { parseEndpoint } from '../../../src/endpoint/endpoint.ts';

const COGNITIVE = 'https://cognitiveservices.azure.com/.default';
const AI = 'https://ai.azure.com/.default';

const RESULT: ModelAnswer = {
  text: 'hi',
  finishReason: 'stop',
  promptTokens: 1,
  completionTokens: 1,
  totalTokens: 2,
  cachedTokens: 0,
  reasoningTokens: 0,
  model: 'm',
  requestId: 'r',
  latencyMs: 5,
  attempts: 1,
};

const target = (deployment: string, endpoint = 'https://res1.openai.azure.com', scope = COGNITIVE): FailoverTarget => ({
  endpoint: parseEndpoint(endpoint),
  deployment,
  apiVersion: 'v1',
  scope,
  routes: callRoutes(parseEndpoint(endpoint), deployment, 'v1', 'chat'),
  alternateScope: scope === COGNITIVE ? AI : COGNITIVE,
});

function failure(status: number | undefined, more: { body?: unknown; retryAfterMs?: number; code?: string } = {}): CallError {
  return new CallError(new Error(`failed ${status}`), {
    failure: status === undefined ? { code: more.code ?? 'ECONNREFUSED' } : { status },
    facts: { url: 'u', host: 'h', deployment: 'd', timeoutMs: 1000 },
    attempts: 1,
    ...(more.body !== undefined ? { body: JSON.stringify(more.body) } : {}),
    ...(more.retryAfterMs !== undefined ? { retryAfterMs: more.retryAfterMs } : {}),
  });
}

const QUOTA = () => failure(429, { retryAfterMs: 3_600_000 });
const MISSING = () => failure(404, { body: { error: { code: 'DeploymentNotFound', message: 'x' } } });

/** A chain whose calls answer in turn from `outcomes` (an error is thrown, a result returned); records each call. */
function chain(outcomes: Array<CallError | Error | ModelAnswer>, overrides: Partial<FailoverOptions> = {}) {
  const calls: Array<{ request: ModelRequest; options: CallOptions; token: string }> = [];
  const lines: string[] = [];
  const scopesAsked: string[] = [];
  let clock = 1_000_000;
  const options: FailoverOptions = {
    firstToken: { scope: COGNITIVE, token: async () => 'first-token', tokenFacts: () => ({ scope: COGNITIVE }) },
    tokenFor: async (scope) => {
      scopesAsked.push(scope);
      return { token: async () => `token-for-${scope}`, tokenFacts: () => ({ scope }) };
    },
    timeoutMs: 1000,
    maxRetries: 2,
    maxRetryWaitMs: 5000,
    deadlineMs: overallDeadlineMs(1000, 2, 5000),
    log: (line) => lines.push(line),
    debug: () => undefined,
    now: () => clock,
    call: async (request, callOptions) => {
      calls.push({ request, options: callOptions, token: await callOptions.token() });
      clock += 100;
      const outcome = outcomes.shift();
      if (!outcome) throw new Error('no outcome left');
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    ...overrides,
  };
  return {
    calls,
    lines,
    scopesAsked,
    options,
    advance: (ms: number) => (clock += ms),
    run: (targets: FailoverTarget[]) => callWithFailover({ messages: [{ role: 'user', content: 'hi' }], stream: true }, targets, options),
  };
}

describe('callWithFailover', () => {
  test('the first entry that answers serves; the ones before are listed with why', async () => {
    const c = chain([QUOTA(), MISSING(), RESULT]);
    const answered = await c.run([target('a'), target('b'), target('c', 'https://res2.openai.azure.com/openai/v1'), target('d')]);
    assert.deepEqual(answered.served, { deployment: 'c', endpoint: 'https://res2.openai.azure.com', host: 'res2.openai.azure.com' });
    assert.deepEqual(answered.tried, [
      {
        deployment: 'a',
        host: 'res1.openai.azure.com',
        outcome: 'failed',
        reason: '429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait',
      },
      { deployment: 'b', host: 'res1.openai.azure.com', outcome: 'failed', reason: '404 DeploymentNotFound' },
      { deployment: 'c', host: 'res2.openai.azure.com', outcome: 'answered' },
    ]);
    assert.deepEqual(
      c.calls.map(({ request }) => [request.deployment, request.route.url]),
      [
        ['a', 'https://res1.openai.azure.com/openai/v1/chat/completions'],
        ['b', 'https://res1.openai.azure.com/openai/v1/chat/completions'],
        ['c', 'https://res2.openai.azure.com/openai/v1/chat/completions'],
      ],
    );
    assert.equal(answered.result.latencyMs, 300, 'the wall time of the chain, failed entries included');
    assert.deepEqual(c.lines, [
      'Calling POST https://res1.openai.azure.com/openai/v1/chat/completions (deployment a).',
      'Failing over to deployment b on res1.openai.azure.com (entry 2 of 4): deployment a on res1.openai.azure.com failed (429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait).',
      'Calling POST https://res1.openai.azure.com/openai/v1/chat/completions (deployment b).',
      'Failing over to deployment c on res2.openai.azure.com (entry 3 of 4): deployment b on res1.openai.azure.com failed (404 DeploymentNotFound).',
      'Calling POST https://res2.openai.azure.com/openai/v1/chat/completions (deployment c).',
    ]);
  });

  test('one deadline for the chain: every entry gets the same absolute deadline, a single call’s', async () => {
    const c = chain([QUOTA(), RESULT]);
    await c.run([target('a'), target('b')]);
    const deadlines = c.calls.map(({ options }) => options.deadlineAt);
    assert.deepEqual(deadlines, [1_000_000 + overallDeadlineMs(1000, 2, 5000), 1_000_000 + overallDeadlineMs(1000, 2, 5000)]);
  });

  test('past the deadline the next entry is not called, and the error says so', async () => {
    let calls = 0;
    const late = chain([], {
      call: async () => {
        calls += 1;
        late.advance(overallDeadlineMs(1000, 2, 5000));
        throw QUOTA();
      },
    });
    await assert.rejects(late.run([target('a'), target('b')]), (error: unknown) => {
      assert.ok(error instanceof FailoverError);
      assert.equal(error.stopped, false);
      assert.deepEqual(
        error.tried.map((t) => [t.deployment, t.outcome, t.reason]),
        [
          ['a', 'failed', '429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait'],
          ['b', 'not tried', "the run's deadline had passed"],
        ],
      );
      return true;
    });
    assert.equal(calls, 1);
  });

  test('the same scope: the first token for every entry, no token asked for', async () => {
    const c = chain([QUOTA(), RESULT]);
    await c.run([target('a'), target('b', 'https://res2.openai.azure.com')]);
    assert.deepEqual(
      c.calls.map((call) => call.token),
      ['first-token', 'first-token'],
    );
    assert.deepEqual(c.scopesAsked, []);
  });

  test('a token per scope, each asked for once: the audience switch of every entry shares the other scope’s token', async () => {
    const c = chain([QUOTA(), QUOTA(), RESULT]);
    await c.run([target('a'), target('b', 'https://res1.openai.azure.com', AI), target('c', 'https://res1.openai.azure.com', AI)]);
    assert.deepEqual(
      c.calls.map((call) => call.token),
      ['first-token', `token-for-${AI}`, `token-for-${AI}`],
    );
    assert.deepEqual(c.scopesAsked, [AI]);
    const switched = await c.calls[0]?.options.audienceSwitch?.obtain();
    assert.equal(await switched?.token(), `token-for-${AI}`, 'the switch of the first entry reuses the token already fetched');
    assert.deepEqual(c.scopesAsked, [AI]);
  });

  test('every entry failing: one FailoverError, diagnosing the first entry’s failure', async () => {
    const first = QUOTA();
    const c = chain([first, MISSING(), failure(undefined, { code: 'ENOTFOUND' })]);
    await assert.rejects(c.run([target('a'), target('b'), target('c')]), (error: unknown) => {
      assert.ok(error instanceof FailoverError);
      assert.equal(error.diagnosed, first);
      assert.equal(error.stopped, false);
      assert.deepEqual(
        error.tried.map((t) => t.reason),
        [
          '429 rate limited: asked to retry after about 60 minutes, more than max-retry-wait',
          '404 DeploymentNotFound',
          'could not resolve the host (ENOTFOUND)',
        ],
      );
      return true;
    });
  });

  test('a final failure stops the chain: the rest are not tried, and that failure is diagnosed', async () => {
    const denied = failure(401, { body: { error: { code: 'PermissionDenied', message: 'lacks' } } });
    const c = chain([QUOTA(), denied]);
    await assert.rejects(c.run([target('a'), target('b'), target('c')]), (error: unknown) => {
      assert.ok(error instanceof FailoverError);
      assert.equal(error.diagnosed, denied);
      assert.equal(error.stopped, true);
      assert.deepEqual(
        error.tried.map((t) => [t.deployment, t.outcome]),
        [
          ['a', 'failed'],
          ['b', 'failed'],
          ['c', 'not tried'],
        ],
      );
      assert.equal(error.tried[2]?.reason, 'HTTP 401 PermissionDenied is not failed over');
      return true;
    });
    assert.equal(c.calls.length, 2);
  });

  test('without fallbacks the call’s own error and result come through unchanged', async () => {
    const quota = QUOTA();
    await assert.rejects(chain([quota]).run([target('a')]), (error: unknown) => error === quota);
    const answered = await chain([RESULT]).run([target('a')]);
    assert.equal(answered.result, RESULT);
    assert.deepEqual(answered.tried, [{ deployment: 'a', host: 'res1.openai.azure.com', outcome: 'answered' }]);
  });

  test('an error that is no failed call (an identity failure) is thrown as it is', async () => {
    const identity = new Error('no token');
    await assert.rejects(chain([identity]).run([target('a'), target('b')]), (error: unknown) => error === identity);
  });

  test('a dated api-version before streamed usage is called without streaming', async () => {
    const c = chain([QUOTA(), RESULT]);
    await c.run([target('a'), { ...target('b'), apiVersion: '2024-06-01' }]);
    assert.deepEqual(
      c.calls.map(({ request }) => request.stream),
      [true, false],
    );
  });
});

describe('failoverTargets', () => {
  const config = (fallbacks: Config['fallbacks'], scopeFromInput = false): Config =>
    ({
      endpoint: parseEndpoint('https://res1.openai.azure.com'),
      deployment: 'a',
      apiVersion: 'v1',
      identity: { scope: scopeFromInput ? AI : COGNITIVE, scopeFromInput },
      ...(fallbacks ? { fallbacks } : {}),
    }) as Config;

  test('the primary, then the fallbacks; each with its cloud’s scope and the other Azure AI audience', () => {
    const targets = failoverTargets(config([{ endpoint: parseEndpoint('res2'), deployment: 'b', apiVersion: '2024-10-21', line: 1 }]));
    assert.deepEqual(
      targets.map((t) => [t.endpoint.host, t.deployment, t.apiVersion, t.scope, t.alternateScope]),
      [
        ['res1.openai.azure.com', 'a', 'v1', COGNITIVE, AI],
        ['res2.openai.azure.com', 'b', '2024-10-21', COGNITIVE, AI],
      ],
    );
  });

  test('the other audience only for Azure’s own AI hosts and loopback, never a gateway or a custom endpoint', () => {
    const hosts = [
      ['https://r.cognitiveservices.azure.com', AI],
      ['https://r.services.ai.azure.com', AI],
      ['https://r.openai.azure.us', 'https://ai.azure.us/.default'],
      ['http://127.0.0.1:8080', AI],
      ['http://[::1]:8080', AI],
      ['https://gw.azure-api.net', undefined],
      ['https://gw.azure-api.us', undefined],
      ['https://llm.example.com', undefined],
      ['https://r.openai.azure.com.evil.example', undefined],
    ] as const;
    for (const [origin, alternate] of hosts) {
      const endpoint = parseEndpoint(origin);
      const [, fallback] = failoverTargets(config([{ endpoint, deployment: 'b', apiVersion: 'v1', line: 1 }]));
      assert.equal(fallback?.alternateScope, alternate, origin);
    }
  });

  test('a scope input is every entry’s, never switched', () => {
    const targets = failoverTargets(config([{ endpoint: parseEndpoint('res2'), deployment: 'b', apiVersion: 'v1', line: 1 }], true));
    assert.deepEqual(
      targets.map((t) => [t.scope, t.alternateScope]),
      [
        [AI, undefined],
        [AI, undefined],
      ],
    );
  });
});

describe('callWithFailover: service tiers and cache keys', () => {
  test('a flex capacity 429 fails over to the same deployment on the default tier; each call carries its tier and key', async () => {
    const flexRefused = failure(429, { body: { error: { code: '429', message: 'Too Many Requests' } } });
    const c = chain([flexRefused, RESULT]);
    const answered = await callWithFailover(
      { messages: [{ role: 'user', content: 'hi' }], promptCache: { scope: 'o/r\nci\njob\nstep' } },
      [
        { ...target('gpt-5-mini'), serviceTier: 'flex' },
        { ...target('gpt-5-mini'), serviceTier: 'default' },
      ],
      c.options,
    );
    assert.deepEqual(
      answered.tried.map(({ outcome, reason }) => [outcome, reason]),
      [
        ['failed', '429 flex capacity short'],
        ['answered', undefined],
      ],
    );
    assert.equal(c.calls[0]?.request.serviceTier, 'flex');
    assert.equal(c.calls[1]?.request.serviceTier, undefined, 'default is the deployment’s standard: service_tier is not sent');
    const keys = c.calls.map(({ request }) => request.promptCacheKey);
    assert.match(keys[0] ?? '', /^aok-[0-9a-f]{32}$/);
    assert.equal(keys[1], keys[0], 'the same deployment shares its cache key across tiers');
    // Both tiers are named when they differ, even the default one.
    assert.ok(
      c.lines.some((line) =>
        line.startsWith(
          'Failing over to deployment gpt-5-mini on res1.openai.azure.com, service tier default (entry 2 of 2): deployment gpt-5-mini on res1.openai.azure.com, service tier flex failed (429 flex capacity short).',
        ),
      ),
      c.lines.join('\n'),
    );
    assert.ok(c.lines.some((line) => line.includes('(deployment gpt-5-mini, service tier flex)')));
  });

  test('no cache key on a dated api-version, nor when turned off', async () => {
    const c = chain([RESULT, RESULT]);
    await callWithFailover(
      { messages: [{ role: 'user', content: 'hi' }], promptCache: { key: 'k' } },
      [{ ...target('a'), apiVersion: '2024-10-21' }],
      c.options,
    );
    await callWithFailover({ messages: [{ role: 'user', content: 'hi' }], promptCache: 'off' }, [target('a')], c.options);
    assert.deepEqual(
      c.calls.map(({ request }) => request.promptCacheKey),
      [undefined, undefined],
    );
  });
});
