/**
 * The attempt loop waits what a 429 states, wherever it states it, and makes
 * no attempt a stated wait beyond max-retry-wait would refuse. A loopback
 * server answers with Azure's recorded quota wording (the wait only in the
 * message, no retry-after: Azure/azure-rest-api-specs#26884, openai/openai-python#937),
 * then a plain completion.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { callDeployment, type CallOptions } from '../../../src/call/call-deployment.ts';
import { CallError } from '../../../src/call/call-outcome.ts';
import { overallDeadlineMs } from '../../../src/call/retry.ts';
import { chatRoute, parseEndpoint } from '../../../src/endpoint/endpoint.ts';

const quota = (seconds: number) =>
  JSON.stringify({
    error: {
      code: '429',
      message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    },
  });
const COMPLETION = JSON.stringify({
  model: 'gpt-5.1',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
});

let server: Server;
let url: string;
/** What the server answers, in order; then the completion. */
let answers: Array<{ status: number; headers: Record<string, string>; body: string }> = [];
let requests = 0;

before(async () => {
  server = createServer((_req, res) => {
    requests++;
    const next = answers.shift() ?? { status: 200, headers: {}, body: COMPLETION };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  answers = [];
  requests = 0;
});

function options(): CallOptions & { sleeps: number[]; lines: string[] } {
  const sleeps: number[] = [];
  const lines: string[] = [];
  return {
    token: async () => 'token',
    timeoutMs: 5000,
    maxRetries: 3,
    maxRetryWaitMs: 60_000,
    deadlineMs: overallDeadlineMs(5000, 3, 60_000),
    log: (line) => lines.push(line),
    debug: () => undefined,
    sleep: async (ms) => void sleeps.push(ms),
    sleeps,
    lines,
  };
}

const request = () => ({
  route: chatRoute(parseEndpoint(url), 'gpt-5.1', 'v1'),
  deployment: 'gpt-5.1',
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
  stream: false,
});

describe('callDeployment: the wait a 429 states', () => {
  test('the wait only in the message: one wait of 22 s, then the answer', async () => {
    answers = [{ status: 429, headers: {}, body: quota(22) }];
    const opts = options();
    const result = await callDeployment(request(), opts);
    assert.equal(result.text, 'Hello.');
    assert.deepEqual(opts.sleeps, [22_000]);
    assert.equal(requests, 2);
    assert.match(opts.lines.join('\n'), /retrying in 22\.0 s, as the message asks/);
  });

  test('the wait only in x-rate-limit-reset-tokens: waited out', async () => {
    answers = [{ status: 429, headers: { 'x-rate-limit-reset-tokens': '55' }, body: '{"error":{"code":"429","message":"Too many."}}' }];
    const opts = options();
    await callDeployment(request(), opts);
    assert.deepEqual(opts.sleeps, [55_000]);
  });

  test('a daily quota (86400 seconds): one request, no wait, no pointless attempts', async () => {
    answers = [{ status: 429, headers: {}, body: quota(86_400) }];
    const opts = options();
    await assert.rejects(callDeployment(request(), opts), (error: unknown) => {
      assert.ok(error instanceof CallError);
      assert.equal(error.retryAfterMs, 86_400_000);
      assert.equal(error.attempts, 1);
      return true;
    });
    assert.equal(requests, 1);
    assert.deepEqual(opts.sleeps, []);
  });

  test('no stated wait at all: the backoff, as before', async () => {
    answers = [{ status: 429, headers: {}, body: '{"error":{"code":"429","message":"Too many requests."}}' }];
    const opts = options();
    await callDeployment(request(), opts);
    assert.equal(opts.sleeps.length, 1);
    assert.ok((opts.sleeps[0] ?? 0) <= 500, `${opts.sleeps[0]} ms`);
  });
});
