/**
 * Bounded bodies through the bundle: a 1 GiB answer (JSON, streamed, one
 * endless SSE line), a 1 GiB error body and a 1 GiB Entra token answer each
 * end the step with "answer too large", at once (no retry), in bounded time
 * and under 512 MiB of peak RSS. The emulator generates the bytes as they are
 * read and stops when the action hangs up, so the test stays small.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type Emulator, type Fault, type FaultService, startEmulator } from '../../emulator/index.ts';
import { baseInputs, runAction } from '../../emulator/runner.ts';

const GIB = 1024 * 1024 * 1024;
const RSS_BOUND_KIB = 512 * 1024;
const TIME_BOUND_MS = 30_000;
const PROBE = join(import.meta.dirname, 'fixtures', 'max-rss.mjs');

describe('bounded bodies: 1 GiB answers', { concurrency: 1 }, () => {
  let em: Emulator;
  const dir = mkdtempSync(join(tmpdir(), 'aoai-rss-'));
  before(async () => {
    em = await startEmulator();
  });
  after(async () => {
    await em.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => em.reset());

  const cases: Array<{
    name: string;
    service: FaultService;
    fault: Fault;
    inputs?: Record<string, string>;
    says: RegExp;
    attempts: () => number;
  }> = [
    {
      name: 'a JSON answer',
      service: 'openai',
      fault: { kind: 'huge-body', bytes: GIB },
      inputs: { stream: 'false' },
      says: /answer too large: more than 32 MiB \(Azure OpenAI's answer\)/,
      attempts: () => em.count('openai'),
    },
    {
      name: 'a streamed answer',
      service: 'openai',
      fault: { kind: 'huge-body', bytes: GIB, shape: 'sse' },
      inputs: { stream: 'true' },
      says: /answer too large: more than 16 MiB \(Azure OpenAI's streamed text\)/,
      attempts: () => em.count('openai'),
    },
    {
      name: 'one endless server-sent event line',
      service: 'openai',
      fault: { kind: 'huge-body', bytes: GIB, shape: 'sse-one-line' },
      inputs: { stream: 'true' },
      says: /answer too large: more than 0\.25 MiB \(Azure OpenAI's streamed answer, one server-sent event\)/,
      attempts: () => em.count('openai'),
    },
    {
      // The client reads a streamed request's 200 as events whatever its content type says: so is it capped.
      name: 'a JSON body answering a streamed request',
      service: 'openai',
      fault: { kind: 'huge-body', bytes: GIB },
      inputs: { stream: 'true' },
      says: /answer too large: more than 0\.25 MiB \(Azure OpenAI's streamed answer, one server-sent event\)/,
      attempts: () => em.count('openai'),
    },
    {
      name: 'an error body (500)',
      service: 'openai',
      fault: { kind: 'huge-body', bytes: GIB, status: 500 },
      says: /answer too large: more than 1 MiB \(Azure OpenAI's 500 answer\)/,
      attempts: () => em.count('openai'),
    },
    {
      name: 'an Entra token answer',
      service: 'entra',
      fault: { kind: 'huge-body', bytes: GIB },
      says: /answer too large: more than 1 MiB \(Microsoft Entra ID/,
      attempts: () => em.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length,
    },
  ];

  for (const c of cases) {
    test(`${c.name} of 1 GiB fails as too large, once, in bounded time and RSS`, async () => {
      em.injectFaults(c.service, [c.fault]);
      const rssFile = join(dir, `${c.service}-${c.fault.kind}-${Date.now()}`);
      const result = await runAction(em, {
        inputs: { ...baseInputs(em), ...(c.inputs ?? {}) },
        env: { MAX_RSS_FILE: rssFile },
        nodeArgs: ['--import', PROBE],
      });
      const rssKib = Number(readFileSync(rssFile, 'utf8'));
      console.log(`huge body, ${c.name}: ${result.durationMs} ms, peak RSS ${Math.round(rssKib / 1024)} MiB`);
      assert.equal(result.code, 1, result.stdout);
      assert.equal(result.errors.length, 1, result.errors.join('\n---\n'));
      assert.match(result.errors[0] ?? '', c.says);
      assert.equal(c.attempts(), 1, 'not retried');
      assert.ok(result.durationMs < TIME_BOUND_MS, `${result.durationMs} ms`);
      assert.ok(rssKib < RSS_BOUND_KIB, `peak RSS ${rssKib} KiB`);
    });
  }
});

describe('Entra: a reset while the token answer arrives', () => {
  let em: Emulator;
  before(async () => {
    em = await startEmulator();
  });
  after(async () => {
    await em.stop();
  });

  test('is retried like a reset before the headers, and the run succeeds', async () => {
    em.injectFaults('entra', [{ kind: 'reset-mid-body' }]);
    const result = await runAction(em, { inputs: baseInputs(em) });
    assert.equal(result.code, 0, result.stdout);
    assert.equal(em.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length, 2);
    assert.ok(result.durationMs < 15_000, `${result.durationMs} ms`);
  });
});
