/**
 * large-diff: split, end to end: a pull request ten times max-input-tokens
 * is asked in parts that each fit (every file in one, a file too big for a
 * part cut at hunks, a new file's one hunk at lines), never more than four
 * in flight (counted by the emulator), then one combining call; outputs,
 * summary and comment hold the one final answer. max-total-tokens covers
 * every call: lock files leave first, and a budget nothing fits calls nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bigPull, bigPullFiles } from '../../emulator/fixtures/github-pulls.ts';
import { FIXTURE_REPO, GITHUB_TOKEN, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { REVIEW_GUIDE } from '../../emulator/fixtures/review-guide.ts';
import { baseInputs, type RunResult, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

const BIG_PR = 61;
const MAX_INPUT_TOKENS = 3000;
const SYSTEM = 'You review pull requests for this repository. Point out bugs and risky changes, briefly.';

useEmulator({}, (started) => {
  started.config.githubApi.repos[FIXTURE_REPO]!.pulls[String(BIG_PR)] = bigPull(BIG_PR);
  started.config.openai.latencyMs = 150;
});

function run(inputs: Record<string, string>): Promise<RunResult> {
  return runAction(emulator, {
    inputs: {
      ...baseInputs(emulator),
      'system-prompt': SYSTEM,
      prompt: 'Pull request {{pr.title}}\n\nDiff:\n{{pr.diff}}',
      'max-input-tokens': String(MAX_INPUT_TOKENS),
      'large-diff': 'split',
      'github-token': GITHUB_TOKEN,
      ...inputs,
    },
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, BIG_PR) },
  });
}

/** The job summary's table of parts: each row's prompt and cached tokens. */
function partRows(summary: string): Array<{ prompt: number; cached: number }> {
  return summary
    .split('\n')
    .filter((line) => /^\| \d+ \| /.test(line))
    .map((line) => line.split(' | '))
    .map((cells) => ({ prompt: Number(cells[4]?.replace(/,/g, '')), cached: Number(cells[5]?.replace(/,/g, '')) }));
}

interface SentMessage {
  role: string;
  content: string;
}
const modelCalls = () => emulator.requests.filter((r) => r.service === 'openai');
const messagesOf = (call: { body: unknown }) => (call.body as { messages: SentMessage[] }).messages;

describe('large-diff: split', () => {
  test('ten times the budget: parts that each fit, every file seen, at most 4 in flight, one final answer', async () => {
    const result = await run({ comment: 'pr' });
    assertSucceeded(result);
    const calls = modelCalls();
    const parts = calls.slice(0, -1);
    assert.ok(parts.length >= 10, `${parts.length} parts`);
    for (const call of parts) {
      const [system, user] = messagesOf(call);
      assert.equal(system?.content, SYSTEM, 'every part starts with the same instructions');
      assert.match(user!.content, /^Pull request Rework the handlers\n\nDiff:\ndiff --git /);
      assert.match(user!.content, /\[Part \d+ of \d+ of this pull request's diff/);
    }
    const sent = parts.map((call) => messagesOf(call)[1]!.content).join('\n');
    for (const file of bigPullFiles())
      assert.ok(sent.includes(`diff --git a/${file.filename} b/${file.filename}`), `${file.filename} was sent`);
    for (const j of [0, 250, 499]) assert.ok(sent.includes(`+export const generatedValue${j} = `), `line ${j} of the new file was sent`);
    assert.ok((sent.match(/diff --git a\/src\/table\.ts/g)?.length ?? 0) >= 2, 'the new file was cut into pieces');
    const most = Math.max(...calls.map((call) => call.concurrent));
    assert.ok(most <= 4 && most >= 2, `at most 4 model calls at once (saw ${most})`);

    const final = messagesOf(calls.at(-1)!);
    assert.equal(final[0]?.content, SYSTEM);
    assert.match(final[1]!.content, new RegExp(`read in ${parts.length} parts`));
    assert.match(final[1]!.content, /### Answer to part 1 of \d+\n\nEmulated answer to: "Pull request Rework the handlers/);
    assert.ok(!final[1]!.content.includes('+export const generatedValue250 '), 'the combining call holds the answers, not the diff');
    assert.match(
      result.outputs.response!,
      /^Emulated answer to: "Pull request Rework the handlers\n\nDiff:\n\[This pull request's diff was too large/,
    );
    assert.equal(result.outputs.truncated, 'false');
    assert.match(result.summary, new RegExp(`The diff asked in ${parts.length} parts \\(large-diff: split\\)`));
    assert.match(result.summary, /\| 1 \| `src\/modules\/mod-01\.ts`, /);
    assert.match(result.summary, /`src\/table\.ts \(piece 2 of \d+\)`/);
    const comments = emulator.config.githubApi.repos[FIXTURE_REPO]!.comments.filter((c) => c.issue_number === BIG_PR);
    assert.equal(comments.length, 1, 'one comment');
    assert.ok(comments[0]!.body.includes('[This pull request'), 'the comment holds the final answer');
  });

  test('max-total-tokens covers every call: the lock file leaves first; a budget nothing fits calls nothing', async () => {
    const limited = await run({ 'max-tokens': '300', 'max-total-tokens': '40000' });
    assertSucceeded(limited);
    assert.match(limited.outputs['omitted-files']!, /^package-lock\.json/);
    assert.equal(limited.outputs.truncated, 'true');
    const planned = /Tokens: at most ([\d,]+) over (\d+) calls/.exec(limited.stdout);
    assert.ok(planned, limited.stdout);
    assert.ok(Number(planned[1]!.replace(/,/g, '')) <= 40000);
    assert.equal(Number(planned[2]), modelCalls().length, 'the calls made are the calls planned');
    const sent = modelCalls()
      .map((call) => messagesOf(call)[1]!.content)
      .join('\n');
    assert.ok(!sent.includes('diff --git a/package-lock.json'), 'the lock file was not sent');
    assert.ok(sent.includes('diff --git a/src/modules/mod-24.ts'), 'the smaller source files were');
    assert.match(sent, /left out of this diff to keep the run within max-total-tokens \(40000\): package-lock\.json \(lock file\)/);

    emulator.requests.length = 0;
    const refused = await run({ 'max-tokens': '300', 'max-total-tokens': '2000' });
    assert.equal(refused.code, 1);
    assert.match(refused.errors.join('\n'), /Input 'max-total-tokens': .*; the deployment was not called\./);
    assert.equal(modelCalls().length, 0, 'the deployment was not called');
  });

  test('max-cost covers every part: a budget one part would fit is refused before any call, a larger one holds', async () => {
    // gpt-5.1 at $1.25 in and $10 out per million: one part's worst case (3,000 in, 300 out) is about $0.007,
    // every part and the combining call together several times that.
    const refused = await run({ 'max-tokens': '300', 'max-cost': '0.03' });
    assert.equal(refused.code, 1);
    assert.match(
      refused.errors.join('\n'),
      /Input 'max-cost': this run could cost \$0\.\d+: .* more than max-cost \$0\.03.*the deployment was not called\./,
    );
    const figure = Number(/could cost \$(\d+\.\d+)/.exec(refused.errors.join('\n'))![1]);
    assert.ok(figure > 0.05, `the worst case counts every part (${figure})`);
    assert.equal(modelCalls().length, 0, 'the deployment was not called');

    emulator.requests.length = 0;
    const held = await run({ 'max-tokens': '300', 'max-cost': '1' });
    assertSucceeded(held);
    assert.ok(modelCalls().length > 2, 'every part and the combining call were asked');
    assert.ok(Number(held.outputs['estimated-cost']) > 0 && Number(held.outputs['estimated-cost']) <= 1, held.outputs['estimated-cost']);
  });

  test("comment: review: ten times the budget in parts, one review holding every part's findings, every file seen", async () => {
    const limit = 120_000;
    const result = await run({
      comment: 'review',
      prompt: REVIEW_GUIDE,
      'max-input-tokens': '5000',
      'large-diff': '',
      'max-tokens': '400',
      'max-total-tokens': String(limit),
    });
    assertSucceeded(result);
    const calls = modelCalls();
    const parts = calls.slice(0, -1);
    assert.ok(parts.length >= 10, `${parts.length} parts`);
    const prefix = (call: (typeof calls)[number]) => {
      const [system, prompt, diff] = messagesOf(call);
      return [system?.content, prompt?.content, diff?.content.slice(0, diff.content.indexOf('\n=== '))];
    };
    for (const call of parts) {
      assert.deepEqual(prefix(call), prefix(parts[0]!), 'every part starts with the same prompt and rules');
      assert.match(messagesOf(call)[2]!.content, /^Review the pull request diff below/);
    }
    const sent = parts.map((call) => messagesOf(call)[2]!.content).join('\n');
    for (const file of bigPullFiles())
      assert.ok(sent.includes(`=== ${file.filename} (`), `${file.filename} was reviewed\n${result.stdout}`);
    for (const j of [1, 250, 500])
      assert.ok(sent.includes(`R${j} +export const generatedValue${j - 1} = `), `line ${j} of the new file was reviewed`);
    const most = Math.max(...calls.map((call) => call.concurrent));
    assert.ok(most <= 4 && most >= 2, `at most 4 model calls at once (saw ${most})`);
    const planned = /Tokens: at most ([\d,]+) over (\d+) calls/.exec(result.stdout);
    assert.ok(planned, result.stdout);
    assert.ok(Number(planned[1]!.replace(/,/g, '')) <= limit);
    assert.equal(Number(planned[2]), calls.length, 'the calls made are the calls planned');
    assert.ok(Number(result.outputs['total-tokens']) <= limit, `${result.outputs['total-tokens']} tokens used`);
    assert.match(messagesOf(calls.at(-1)!)[2]!.content, /^This pull request was reviewed in parts/);

    const posted = emulator.config.githubApi.repos[FIXTURE_REPO]!.reviews ?? [];
    assert.equal(posted.length, 1, 'one review');
    // The emulated reviewer finds the first added line of what it is sent: one finding per part, each placed.
    assert.equal(result.outputs['review-findings'], String(parts.length));
    assert.equal(posted[0]!.comments.length, Math.min(25, parts.length), result.stdout);
    assert.equal(new Set(posted[0]!.comments.map((c) => `${c.path}:${c.line}`)).size, posted[0]!.comments.length);
    assert.match(posted[0]!.body, /Emulated review: nothing to say\./, "the summary is the combining call's");
    assert.match(result.summary, new RegExp(`asked in ${parts.length} parts \\(large-diff: split\\)`));
    // The parts share the guide and the rules (over 1,024 tokens): the emulated service serves that prefix from cache.
    const cached = partRows(result.summary).map((row) => row.cached);
    assert.equal(cached.length, parts.length);
    assert.equal(cached[0], 0, 'the first part finds nothing cached');
    assert.ok(
      cached.slice(1).every((tokens) => tokens >= 1024),
      cached.join(', '),
    );
    assert.ok(Number(result.outputs['cached-tokens']) >= cached.reduce((sum, tokens) => sum + tokens, 0));
  });

  test('large-diff: trim (the default) leaves files out as before: one call', async () => {
    const result = await run({ 'large-diff': '' });
    assertSucceeded(result);
    assert.equal(modelCalls().length, 1);
    assert.equal(result.outputs.truncated, 'true');
  });
});
