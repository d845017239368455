/**
 * A big pull request, end to end: its 30 pages of files and 3 of commits are
 * fetched a few at a time (never more than 8 in flight), reassembled in
 * order, and the model gets the same prompt whichever way the count was
 * learnt; transient GitHub failures are retried and rate limits waited out
 * or failed at once, by name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GITHUB_TOKEN, HUGE_PR, HUGE_PR_COMMITS, HUGE_PR_FILES, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import type { RecordedRequest } from '../../emulator/index.ts';
import { baseInputs, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';
import { GITHUB_CONCURRENCY } from '../../src/github-context/github-client.ts';

// GitHub answering after a moment, so that requests sent together are in flight together.
useEmulator({ config: { githubApi: { latencyMs: 25 } } });

const PROMPT = 'PR "{{pr.title}}"\nFILES\n{{pr.files}}\nCOMMITS\n{{pr.commits}}\nDIFF\n{{pr.diff}}';
/** The metadata, the diff (refused), 30 pages of files and 3 of commits. */
const REQUESTS = 1 + 1 + HUGE_PR_FILES / 100 + 3;

function prEvent(): RunOptions['event'] {
  return { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, HUGE_PR) };
}

async function run(inputs: Record<string, string> = {}, options: RunOptions = { event: prEvent() }): Promise<RunResult> {
  return runAction(emulator, { ...options, inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, prompt: PROMPT, ...inputs } });
}

function githubCalls(): RecordedRequest[] {
  return emulator.requests.filter((r) => r.service === 'github-api');
}

function modelInput(): string {
  const call = emulator.requests.filter((r) => r.service === 'openai').at(-1);
  assert.ok(call, 'the deployment was called');
  return (call.body as { messages: Array<{ content: string }> }).messages.map((m) => m.content).join('\n---\n');
}

function fileLines(input: string): string[] {
  return input.slice(input.indexOf('FILES\n') + 6, input.indexOf('\nCOMMITS\n')).split('\n');
}

describe('a 3,000-file pull request', () => {
  test('its pages are fetched concurrently (at most 8 at once), in order, and the prompt is the one a page-by-page walk gives', async () => {
    const result = await run();
    assertSucceeded(result);
    const calls = githubCalls();
    assert.equal(calls.length, REQUESTS, calls.map((c) => `${c.path}?${new URLSearchParams(c.query).toString()}`).join('\n'));
    const most = Math.max(...calls.map((c) => c.concurrent));
    assert.ok(most > 1 && most <= 8, `at most ${most} GitHub requests in flight`);
    assert.match(result.stdout, new RegExp(`GitHub API: ${REQUESTS} requests to \\S+, at most [2-8] at once\\.`));
    const fixture = emulator.config.githubApi.repos['octo-org/octo-repo']!.pulls[String(HUGE_PR)]!;
    const input = modelInput();
    // Every file, in GitHub's order: no page lost, none twice, none out of place.
    assert.deepEqual(
      fileLines(input),
      fixture.files.map((f) => `${f.filename} (modified, +1 -1)`),
    );
    assert.match(input, new RegExp(`\\(${HUGE_PR_COMMITS - 250} more commits not listed: GitHub lists at most 250\\)`));
    assert.equal((input.match(/^[0-9a-f]{7} Generate ids, part \d+ \(hubot\)$/gm) ?? []).length, 250);

    // The same pull request named by the pull-request input on another event: no count from the payload,
    // so the first page's Link rel="last" plans the rest. The model gets the same prompt.
    emulator.reset();
    emulator.config.githubApi.latencyMs = 25;
    const named = await run({ 'pull-request': String(HUGE_PR) }, { env: { GITHUB_EVENT_NAME: 'workflow_dispatch' } });
    assertSucceeded(named);
    assert.equal(modelInput(), input);
    assert.equal(githubCalls().length, REQUESTS);
    assert.ok(Math.max(...githubCalls().map((c) => c.concurrent)) <= 8);
  });

  test('a 502 on the pull request and a reset connection on a page of files are retried: the run succeeds with every file', async () => {
    emulator.injectFaults('github-api', [
      { kind: 'status', status: 502, when: { path: `/pulls/${HUGE_PR}` } },
      { kind: 'reset', when: { path: `/pulls/${HUGE_PR}/files`, query: { page: '7' } } },
    ]);
    const result = await run();
    assertSucceeded(result);
    const calls = githubCalls();
    assert.equal(calls.length, REQUESTS + 2, 'two requests sent again');
    assert.equal(calls.filter((c) => c.status === 502).length, 1);
    assert.equal(calls.filter((c) => c.status === 0).length, 1, 'one connection reset');
    assert.equal(calls.filter((c) => c.path.endsWith('/files') && c.query.page === '7').length, 2);
    assert.match(
      result.stdout,
      /GitHub API: GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\} failed \(HTTP 502\); retrying in [\d.]+ s \(attempt 2 of 3\)/,
    );
    assert.match(
      result.stdout,
      /GitHub API: GET \/repos\/\{owner\}\/\{repo\}\/pulls\/\{pull_number\}\/files page 7 failed \((ECONNRESET|UND_ERR_SOCKET)\); retrying/,
    );
    assert.match(result.stdout, new RegExp(`GitHub API: ${REQUESTS + 2} requests .*; 2 retried \\(`));
    assert.equal(fileLines(modelInput()).length, HUGE_PR_FILES);
  });

  test('a secondary rate limit with a short retry-after is waited out, and the run succeeds', async () => {
    emulator.injectFaults('github-api', [
      { kind: 'status', status: 403, retryAfter: '1', when: { path: '/files', query: { page: '12' } } },
    ]);
    const result = await run();
    assertSucceeded(result);
    assert.equal(githubCalls().length, REQUESTS + 1);
    assert.equal(githubCalls().filter((c) => c.status === 403).length, 1);
    assert.match(result.stdout, /page 12 failed \(secondary rate limit \(HTTP 403\)\); retrying in 1\.0 s/);
    assert.equal(fileLines(modelInput()).length, HUGE_PR_FILES);
  });

  test('a secondary rate limit asking for an hour fails at once, naming it, before the model is called', async () => {
    emulator.injectFaults('github-api', [
      { kind: 'status', status: 429, retryAfter: '3600', when: { path: '/files', query: { page: '3' } } },
    ]);
    const result = await run();
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /Could not read pull request #45 of octo-org\/octo-repo: GitHub's secondary rate limit \(HTTP 429\): GitHub asks to wait about 60 minutes \(until \d\d:\d\d UTC\), more than max-retry-wait \(60 seconds\)\./,
    );
    assert.match(error, /GitHub said: You have exceeded a secondary rate limit/);
    assert.match(error, /re-run the job after \d\d:\d\d UTC, or raise max-retry-wait/);
    assert.equal(emulator.count('openai'), 0);
    assert.equal(githubCalls().filter((c) => c.status === 429).length, 1, 'not asked again');
    assert.equal(result.outputs.response, undefined);
  });

  test('a used-up primary rate limit (x-ratelimit-remaining: 0) fails at once, saying when it resets', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1800);
    emulator.injectFaults('github-api', [
      {
        kind: 'status',
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 12345678.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        when: { path: `/pulls/${HUGE_PR}` },
      },
    ]);
    const result = await run({ 'max-retry-wait': '30' });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /GitHub's primary rate limit \(HTTP 403\): GitHub asks to wait about (29|30) minutes \(until \d\d:\d\d UTC\), more than max-retry-wait \(30 seconds\)/,
    );
    assert.match(error, /used up its API requests for the hour/);
    assert.equal(emulator.count('openai'), 0);
  });

  test("the token's hourly requests run out mid-listing (GitHub's 403, remaining 0): the step fails at once, saying until when", async () => {
    emulator.config.githubApi.rateLimit = { limit: 1000, remaining: 10, windowSeconds: 42 * 60 };
    const result = await run();
    const resetAt = emulator.config.githubApi.rateLimit.resetAt ?? 0;
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    const until = new Date(resetAt * 1000 + 1000).toISOString().slice(11, 16);
    assert.match(
      error,
      new RegExp(
        `GitHub's primary rate limit \\(HTTP 403\\): GitHub asks to wait about 4[12] minutes \\(until ${until} UTC\\), more than max-retry-wait`,
      ),
    );
    assert.match(error, /GitHub said: API rate limit exceeded for installation ID/);
    assert.match(error, new RegExp(`re-run the job after ${until} UTC, or raise max-retry-wait`));
    const refused = githubCalls().filter((c) => c.status === 403);
    assert.ok(refused.length >= 1 && refused.length <= GITHUB_CONCURRENCY, `${refused.length} refused, none asked again`);
    assert.equal(githubCalls().length, 10 + refused.length);
    assert.equal(emulator.count('openai'), 0);
  });

  test('a primary rate limit that resets within max-retry-wait is waited out, and the run succeeds', async () => {
    emulator.config.githubApi.rateLimit = { limit: 1000, remaining: 3, windowSeconds: 3 };
    const result = await run();
    assertSucceeded(result);
    assert.ok(githubCalls().some((c) => c.status === 403));
    assert.match(result.stdout, /failed \(primary rate limit \(HTTP 403\)\); retrying in [\d.]+ s \(attempt 2 of 3\)/);
    assert.equal(fileLines(modelInput()).length, HUGE_PR_FILES);
  });
});
