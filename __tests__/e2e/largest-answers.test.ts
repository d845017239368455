/**
 * The largest legal answers, end to end through the bundle under a 512 MiB
 * heap (`--max-old-space-size=512`): 16 Mi newlines, one line of 16 Mi
 * characters, 8 Mi tiny lines and 16 Mi invisible characters, each streamed
 * within every cap of the client, and the largest whole Responses body,
 * posted with `comment: pr`. Each run succeeds after one model call, stays
 * under 512 MiB of peak RSS, and publishes every field within its own cap:
 * the response output, the job summary and the comment; response-file holds
 * the whole answer. Work is bounded by what each pass reads (the comment's
 * hygiene a prefix of twice the comment's size, the summary its own size),
 * which the unit tests of those passes prove; no wall-clock bound is asserted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { GITHUB_TOKEN, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { ANSWER_MAX_BYTES, STREAM_TEXT_MAX_CHARS } from '../../src/bounded-body.ts';
import { MAX_COMMENT_CHARACTERS, RESPONSE_OUTPUT_LIMIT_CHARS, SUMMARY_LIMIT_BYTES } from '../../src/github-limits.ts';
import { emulator, useEmulator } from './harness.ts';

const RSS_BOUND_KIB = 512 * 1024;
const PROBE = join(import.meta.dirname, 'fixtures', 'max-rss.mjs');
/** Room in the 32 MiB whole-body cap for the Responses object around the text. */
const RESPONSE_OBJECT_ROOM_BYTES = 64 * 1024;

useEmulator({}, (started) => started.azLogout());

const dir = mkdtempSync(join(tmpdir(), 'aoai-largest-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  name: string;
  answer: () => string;
  inputs: Record<string, string>;
}

const cases: Case[] = [
  { name: '16 Mi newlines, streamed (chat)', answer: () => '\n'.repeat(STREAM_TEXT_MAX_CHARS), inputs: { stream: 'true' } },
  { name: 'one line of 16 Mi characters, streamed (chat)', answer: () => 'a'.repeat(STREAM_TEXT_MAX_CHARS), inputs: { stream: 'true' } },
  { name: '8 Mi tiny lines, streamed (chat)', answer: () => 'a\n'.repeat(STREAM_TEXT_MAX_CHARS / 2), inputs: { stream: 'true' } },
  {
    name: '16 Mi zero-width spaces, streamed (chat)',
    answer: () => `@octocat ${'\u200b'.repeat(STREAM_TEXT_MAX_CHARS - 20)}`,
    inputs: { stream: 'true' },
  },
  {
    // Each newline is two bytes of JSON: the most a whole Responses body within its cap can hold.
    name: 'newlines filling a whole Responses body',
    answer: () => '\n'.repeat((ANSWER_MAX_BYTES - RESPONSE_OBJECT_ROOM_BYTES) / 2),
    inputs: { stream: 'false', api: 'responses' },
  },
];

describe('the largest legal answers', { concurrency: 1 }, () => {
  for (const c of cases) {
    test(`${c.name}: published within every cap, in one call, under a 512 MiB heap and 512 MiB of RSS`, async () => {
      const answer = c.answer();
      emulator.injectFaults('openai', [{ kind: 'reply', content: answer }]);
      const rssFile = join(dir, `rss-${cases.indexOf(c)}`);
      const result = await runAction(emulator, {
        inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, comment: 'pr', ...c.inputs },
        event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) },
        env: { MAX_RSS_FILE: rssFile },
        nodeArgs: ['--max-old-space-size=512', '--import', PROBE],
      });
      const rssKib = Number(readFileSync(rssFile, 'utf8'));
      console.log(`largest answer, ${c.name}: ${result.durationMs} ms, peak RSS ${Math.round(rssKib / 1024)} MiB`);
      assert.equal(result.code, 0, `${result.errors.join('\n')}\n${result.stderr.slice(0, 4000)}`);
      assert.ok(rssKib < RSS_BOUND_KIB, `peak RSS ${rssKib} KiB`);
      assert.equal(emulator.count('openai'), 1, 'one model call');

      assert.equal(result.files['response-file'], answer, 'response-file holds the whole answer');
      assert.ok((result.outputs.response ?? '').length <= RESPONSE_OUTPUT_LIMIT_CHARS, 'the response output within its cap');
      assert.ok(Buffer.byteLength(result.summary) <= SUMMARY_LIMIT_BYTES, `summary of ${Buffer.byteLength(result.summary)} bytes`);
      const comments = emulator.requests.filter(
        (r) => r.service === 'github-api' && r.path.endsWith(`/issues/${NORMAL_PR}/comments`) && r.method === 'POST',
      );
      assert.equal(comments.length, 1, 'one comment posted');
      const body = String((comments[0]?.body as { body?: unknown }).body);
      // UTF-16 units: at least the characters GitHub counts.
      assert.ok(body.length <= MAX_COMMENT_CHARACTERS, `a comment of ${body.length} characters`);
      assert.match(body, /longer than a comment can hold \(65,536 characters\) and was cut here/);
      assert.doesNotMatch(body, /@octocat/, 'no mention pings');
    });
  }
});
