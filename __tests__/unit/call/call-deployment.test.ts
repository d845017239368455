/**
 * The attempt loop against the in-process emulator (and one trickling server):
 * no wait after the last attempt, the reasons of each failed attempt, stream
 * and non-stream answers alike, and the overall deadline.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../../emulator/index.ts';
import { callDeployment, type CallOptions, type ModelRequest } from '../../../src/call/call-deployment.ts';
import { CallError } from '../../../src/call/call-outcome.ts';
import { overallDeadlineMs } from '../../../src/call/retry.ts';
import { chatRoute, parseEndpoint } from '../../../src/endpoint/endpoint.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator.stop();
});
beforeEach(() => emulator.reset());

function request(url: string, stream: boolean): ModelRequest {
  return {
    route: chatRoute(parseEndpoint(url), 'gpt-5.1', 'v1'),
    deployment: 'gpt-5.1',
    messages: [{ role: 'user', content: 'Say hello.' }],
    stream,
  };
}

function options(overrides: Partial<CallOptions> = {}): CallOptions & { sleeps: number[]; lines: string[] } {
  const sleeps: number[] = [];
  const lines: string[] = [];
  const merged = {
    token: async () => emulator.mintAccessToken(),
    timeoutMs: 1000,
    maxRetries: 2,
    maxRetryWaitMs: 60_000,
    log: (line: string) => lines.push(line),
    debug: () => undefined,
    sleep: async (ms: number) => void sleeps.push(ms),
    sleeps,
    lines,
    ...overrides,
  };
  return { deadlineMs: overallDeadlineMs(merged.timeoutMs, merged.maxRetries, merged.maxRetryWaitMs), ...merged };
}

describe('callDeployment', () => {
  test('streamed and whole answers give the same result fields', async () => {
    const streamed = await callDeployment(request(emulator.httpUrl, true), options());
    const whole = await callDeployment(request(emulator.httpUrl, false), options());
    const strip = ({ requestId: _r, latencyMs: _l, ...rest }: typeof streamed) => rest;
    assert.deepEqual(strip(streamed), strip(whole));
    assert.equal(streamed.text, 'Emulated answer to: "Say hello."');
    assert.ok(streamed.totalTokens > 0);
    assert.match(streamed.requestId, /^[0-9a-f-]{36}$/);
    const bodies = emulator.requests.map((r) => r.body as { stream?: boolean; stream_options?: unknown });
    assert.deepEqual(
      bodies.map((b) => [b.stream, b.stream_options]),
      [
        [true, { include_usage: true }],
        [undefined, undefined],
      ],
    );
  });

  test('no wait after the last attempt: 3 attempts, 2 waits, and each reason kept', async () => {
    emulator.injectFaults('openai', [
      { kind: 'status', status: 503, retryAfterMs: 10 },
      { kind: 'status', status: 429, retryAfterMs: 20 },
      { kind: 'status', status: 500 },
    ]);
    const opts = options();
    await assert.rejects(callDeployment(request(emulator.httpUrl, true), opts), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.attempts, 3);
      assert.deepEqual(error.reasons, ['HTTP 503', 'HTTP 429', 'HTTP 500']);
      return true;
    });
    assert.deepEqual(opts.sleeps, [10, 20]);
    assert.equal(opts.lines.filter((l) => l.includes('retrying in')).length, 2);
    assert.equal(emulator.count('openai'), 3);
  });

  test('a success after retries reports the attempts and why they failed', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 5 }, { kind: 'reset' }]);
    const result = await callDeployment(request(emulator.httpUrl, true), options());
    assert.equal(result.attempts, 3);
    assert.equal(result.retryReasons?.[0], 'HTTP 429');
    assert.match(result.retryReasons?.[1] ?? '', /^connection reset|connection error/);
  });

  test('a retry-after beyond max-retry-wait fails at once, without waiting', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, retryAfter: '120' }]);
    const opts = options({ maxRetryWaitMs: 60_000 });
    await assert.rejects(callDeployment(request(emulator.httpUrl, true), opts), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.retryAfterMs, 120_000);
      return true;
    });
    assert.deepEqual(opts.sleeps, []);
  });

  test("a failed call carries what its diagnosis names: the URL, host, deployment, timeout and the token's facts", async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 401 }]);
    const claims = { oid: 'object-id', appid: 'app-id' };
    const opts = options({ tokenFacts: () => ({ scope: 'https://cognitiveservices.azure.com/.default', claims }) });
    const route = request(emulator.httpUrl, false).route;
    await assert.rejects(callDeployment(request(emulator.httpUrl, false), opts), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.deepEqual(error.facts, {
        url: route.url,
        host: '127.0.0.1',
        deployment: 'gpt-5.1',
        timeoutMs: 1000,
        token: { scope: 'https://cognitiveservices.azure.com/.default', claims },
      });
      return true;
    });
  });

  test('without token facts a failed call still names where it went', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 404 }]);
    await assert.rejects(callDeployment(request(emulator.httpUrl, false), options()), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.facts.token, undefined);
      assert.equal(error.facts.deployment, 'gpt-5.1');
      return true;
    });
  });
});

describe('an error event inside a 200 stream', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  before(async () => {
    // The first answer streams an error event (as Azure does when generation fails midway), the second a real answer.
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (requests === 1) {
        res.end('data: {"error":{"message":"The server had an error while processing your request.","code":"server_error"}}\n\n');
        return;
      }
      const chunk = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
      res.write(chunk({ model: 'm', choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: null }] }));
      res.write(chunk({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
      res.write(chunk({ model: 'm', choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
      res.end('data: [DONE]\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('is retried, and named in the reasons', async () => {
    const result = await callDeployment(request(url, true), options());
    assert.equal(result.text, 'ok');
    assert.equal(result.attempts, 2);
    assert.deepEqual(result.retryReasons, ['error in the stream']);
  });
});

describe('a deadline shared by a failover chain (deadlineAt)', () => {
  test('a retry that would pass the shared deadline is not made, though the call’s own deadline allows it', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 5000 }]);
    // A clock that stands still: only the wait asked for can pass the deadline.
    const opts = options({ now: () => 1_000_000, deadlineAt: 1_000_000 + 2000 });
    await assert.rejects(callDeployment(request(emulator.httpUrl, false), opts), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.status, 429);
      assert.equal(error.attempts, 1);
      assert.equal(error.deadlineMs !== undefined, true, 'stopped at the deadline');
      return true;
    });
    assert.deepEqual(opts.sleeps, [], 'no wait');
    assert.equal(emulator.count('openai'), 1);
  });

  test('a later shared deadline never extends the call’s own', async () => {
    emulator.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 50 }]);
    const result = await callDeployment(request(emulator.httpUrl, false), options({ deadlineAt: Date.now() + 3_600_000 }));
    assert.equal(result.attempts, 2);
  });
});

describe('the overall deadline', () => {
  let server: Server;
  let url: string;
  before(async () => {
    // An event stream that never ends: an SSE comment every 100 ms, so no pause reaches the attempt timeout.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => res.write(': still thinking\n\n'), 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('a stream that keeps trickling is cut at timeout × (max-retries + 1) + waits, and says so', async () => {
    const started = Date.now();
    await assert.rejects(callDeployment(request(url, true), options({ timeoutMs: 400, maxRetries: 0 })), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.failure.timedOut, true);
      assert.equal(error.deadlineMs, 400);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took >= 350 && took < 3000, `${took} ms`);
  });
});
