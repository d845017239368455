/**
 * skip-unchanged and max-total-tokens, end to end through the bundle against
 * the emulator's GitHub API and Azure OpenAI: a re-run that would send
 * exactly what this step's comment answered calls no model and leaves the
 * comment alone; any change of input, an edited comment, a comment by
 * another identity, a stamp relayed into another comment by the same bot or
 * a fallback's answer for a request to the primary is never reused;
 * max-total-tokens fails before the call.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FIXTURE_REPO, GITHUB_TOKEN, HEAD_SHA, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { answerDigest } from '../../src/prompt/fingerprint.ts';
import { commentMarker, readMarker } from '../../src/publish/comment-marker.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator();

const RUN_ENV = {
  GITHUB_SHA: HEAD_SHA,
  GITHUB_RUN_ID: '777',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'PR summary',
  GITHUB_JOB: 'summarize',
  GITHUB_ACTION: 'summary',
};
const INPUTS = { prompt: 'Summarize {{pr.title}} in one line.', comment: 'pr' };
/** The step's comment tag: workflow, job and step, as the action makes it. */
const TAG = 'PR summary/summarize/summary';

async function run(inputs: Record<string, string> = {}, options: RunOptions = {}): Promise<RunResult> {
  return runAction(emulator, {
    event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) },
    ...options,
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, ...INPUTS, ...inputs },
    env: { ...RUN_ENV, ...options.env },
  });
}

const repo = () => emulator.config.githubApi.repos[FIXTURE_REPO]!;
const botComments = () => repo().comments.filter((c) => c.user === 'github-actions[bot]');
const modelCalls = () => emulator.requests.filter((r) => r.service === 'openai').length;
const writes = () =>
  emulator.requests.filter(
    (r) => r.service === 'github-api' && (r.method === 'PATCH' || r.method === 'POST') && !r.path.endsWith('/graphql'),
  );

/** A first run that posts `answer` as this step's comment; the requests are then cleared. */
async function firstRun(answer: string, inputs: Record<string, string> = {}): Promise<RunResult> {
  emulator.injectFaults('openai', [{ kind: 'reply', content: answer }]);
  const first = await run(inputs);
  assertSucceeded(first);
  assert.equal(first.outputs['cache-hit'], 'false');
  assert.equal(botComments().length, 1);
  emulator.requests.length = 0;
  return first;
}

describe('skip-unchanged (the default with comment: pr)', () => {
  test('a re-run with the same input calls no model, writes the same outputs with cache-hit true, and leaves the comment as it is', async () => {
    // Markdown that the comment escapes (a mention, an HTML tag): the answer still comes back exactly.
    const answer = 'The change adds a **dark mode** toggle; cc @octocat, see <details> in `settings.tsx`.';
    const first = await firstRun(answer);
    const posted = botComments()[0]!;
    const before = { body: posted.body, updated: posted.updated_at };
    assert.match(
      posted.body,
      /^<!-- azure-openai-keyless: PR summary\/summarize\/summary fingerprint=v2\.[0-9a-f]{64}\.[0-9a-f]{64}\.stop\.\d+ -->\n/,
    );
    assert.match(
      posted.body,
      / · \d+ tokens \(\d+ prompt, \d+ completion\) · about \$[\d.]+ · \[workflow run\]/,
      "the footer shows the run's token use and its estimated cost",
    );

    const second = await run();
    assertSucceeded(second);
    assert.equal(modelCalls(), 0, 'the deployment is not called');
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(second.outputs.response, first.outputs.response);
    assert.equal(second.outputs.response, answer);
    assert.equal(second.outputs['finish-reason'], 'stop');
    assert.equal(second.outputs['comment-url'], first.outputs['comment-url']);
    for (const name of ['prompt-tokens', 'completion-tokens', 'total-tokens', 'cached-tokens', 'reasoning-tokens', 'latency-ms']) {
      assert.equal(second.outputs[name], '0', name);
    }
    assert.equal(second.outputs.model, '');
    assert.equal(second.outputs['request-id'], '');
    assert.equal(second.outputs['estimated-cost'], '0', 'a reused answer cost nothing');
    assert.equal(second.files['response-file'], answer);
    assert.deepEqual(writes(), [], 'no PATCH, no new comment');
    assert.equal(botComments().length, 1);
    assert.deepEqual({ body: botComments()[0]!.body, updated: botComments()[0]!.updated_at }, before);
    assert.match(second.stdout, /answers exactly this request and is unchanged; its answer is reused and the deployment is not called/);
    assert.match(second.summary, /\| Tokens \| 0: the deployment was not called \|/);
    assert.match(second.summary, /\| Answer \| reused from \[this step's pull request comment\]\(https:\/\/github\.com\//);
  });

  test('a changed prompt calls the model and updates the comment (cache-hit false)', async () => {
    await firstRun('First summary.');
    const id = botComments()[0]!.id;
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'Second summary.' }]);
    const second = await run({ prompt: 'Summarize {{pr.title}} in two lines.' });
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(second.outputs.response, 'Second summary.');
    assert.deepEqual(
      writes().map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`),
      [`PATCH comments/${id}`],
    );
    assert.match(botComments()[0]!.body, /\nSecond summary\.\n/);
    assert.match(second.stdout, /the input differs from the one the comment answers/);
  });

  test('a changed parameter (temperature) is a changed input', async () => {
    await firstRun('First summary.');
    const second = await run({ temperature: '0.3' });
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
  });

  test('skip-unchanged: false calls the model for the same input', async () => {
    await firstRun('First summary.');
    const second = await run({ 'skip-unchanged': 'false' });
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(writes().length, 1, 'the comment is updated');
  });

  test('a comment by another user carrying a valid-looking marker and answer is ignored', async () => {
    await firstRun('The real summary.');
    const copy = botComments()[0]!;
    // The bot's comment is gone; a person's copy of it (marker, fingerprint and answer intact) stays.
    repo().comments = repo().comments.filter((c) => c.id !== copy.id);
    repo().comments.push({ ...copy, id: 9300, user: 'maintainer', user_type: 'User', author_association: 'MEMBER' });
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'A fresh summary.' }]);
    const second = await run();
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(second.outputs.response, 'A fresh summary.');
    assert.equal(repo().comments.find((c) => c.id === 9300)?.body, copy.body, "the person's comment is untouched");
    assert.equal(botComments().length, 1, 'the action comments anew');
  });

  test("the same bot's comment relaying a stamp computed offline (another workflow posting PR text) is not reused", async () => {
    await firstRun('The real summary.');
    const ours = botComments()[0]!;
    const stamp = readMarker(ours.body, TAG)?.stamp;
    assert.ok(stamp, 'the first run stamped its comment');
    assert.equal(stamp.comment, ours.id, "the stamp names the comment's own id");
    // A relay under the same login: the marker, the request fingerprint (public inputs), the digest of its
    // own "LGTM", and the one id it cannot know, its own (it names the id of the comment it copied).
    const forged = commentMarker(TAG, { ...stamp, answer: answerDigest({ text: 'LGTM', finishReason: 'stop' }) });
    repo().comments = repo().comments.filter((c) => c.id !== ours.id);
    repo().comments.push({ ...ours, id: ours.id + 1, body: `${forged}\nLGTM\n\n<sub>relayed</sub>\n` });
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'A fresh summary.' }]);
    const second = await run();
    assertSucceeded(second);
    assert.equal(modelCalls(), 1, 'the deployment is called');
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(second.outputs.response, 'A fresh summary.');
    assert.match(second.stdout, /its stamp was written for another comment \(copied or relayed\)/);
  });

  test("a fallback's answer is stamped with the deployment that gave it: not reused once the primary answers", async () => {
    emulator.config.openai.deployments.backup = { model: 'gpt-5.1-2025-11-13', reply: 'Answered by the backup.' };
    emulator.config.openai.deployments['gpt-5.1']!.faults = [{ kind: 'status', status: 429, retryAfter: '3600' }];
    const first = await run({ fallbacks: 'backup' });
    assertSucceeded(first);
    assert.equal(first.outputs['served-deployment'], 'backup');
    emulator.config.openai.deployments['gpt-5.1']!.faults = [];
    emulator.requests.length = 0;
    const second = await run({ fallbacks: 'backup' });
    assertSucceeded(second);
    assert.equal(emulator.deploymentCalls('gpt-5.1'), 1, 'the primary is asked');
    assert.equal(emulator.deploymentCalls('backup'), 0);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(second.outputs['served-deployment'], 'gpt-5.1');
    assert.match(second.stdout, /the input differs from the one the comment answers/);
  });

  test('an edited comment body is never reused: the model is called and the comment rewritten', async () => {
    await firstRun('The change is safe to merge.');
    const comment = botComments()[0]!;
    comment.body = comment.body.replace('safe to merge', 'safe to merge, approved by the security team');
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'The change needs review.' }]);
    const second = await run();
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(second.outputs.response, 'The change needs review.');
    assert.match(second.stdout, /the comment's answer is not exactly the one posted/);
    assert.match(botComments()[0]!.body, /\nThe change needs review\.\n/);
  });

  test('an answer the comment cannot hold exactly (an image made a link) is not reused', async () => {
    await firstRun('See ![diagram](https://example.invalid/d.png).');
    const second = await run();
    assertSucceeded(second);
    assert.equal(modelCalls(), 1);
    assert.equal(second.outputs['cache-hit'], 'false');
  });

  test('the reused answer is judged like a fresh one: an expect it does not match fails the step', async () => {
    await firstRun('Not ready yet.');
    const second = await run({ expect: '^OK' });
    assert.equal(second.code, 1);
    assert.equal(modelCalls(), 0);
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(second.outputs.passed, 'false');
    assert.match(second.errors.join('\n'), /The response does not match expect \/\^OK\//);
  });

  test('a JSON answer is reused with its json output', async () => {
    const json = '{"risk":"low","files":2}';
    const first = await firstRun(json, { 'response-format': 'json', prompt: 'Rate {{pr.title}} in JSON.' });
    const second = await run({ 'response-format': 'json', prompt: 'Rate {{pr.title}} in JSON.' });
    assertSucceeded(second);
    assert.equal(modelCalls(), 0);
    assert.equal(second.outputs.json, first.outputs.json);
  });

  test('a bad skip-unchanged value fails naming the input, with zero requests', async () => {
    const result = await run({ 'skip-unchanged': 'yes' });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /Input 'skip-unchanged': 'yes' is not a boolean: use true or false\./);
    assert.equal(emulator.requests.length, 0);
  });
});

describe('the comment lookup', () => {
  test('a connection closed as the listing starts (a kept-alive socket the server dropped) is read once more', async () => {
    emulator.injectFaults('github-api', [{ kind: 'reset' }]);
    const result = await run({ prompt: 'Say hello.' });
    assertSucceeded(result);
    const listings = emulator.requests.filter((r) => r.service === 'github-api' && r.method === 'GET');
    // The reset one, its second reading, and the one just before posting.
    assert.equal(listings.length, 3);
    assert.equal(modelCalls(), 1);
  });

  test('closed on every attempt: the step fails before the call, naming what it was reading', async () => {
    emulator.injectFaults('github-api', [{ kind: 'reset' }, { kind: 'reset' }, { kind: 'reset' }]);
    const result = await run({ prompt: 'Say hello.' });
    assert.equal(result.code, 1);
    assert.match(
      result.errors.join('\n'),
      /Could not read the comments of pull request #42 of octo-org\/octo-repo: the GitHub API at \S+ could not be reached \(UND_ERR_SOCKET\)/,
    );
    assert.equal(modelCalls(), 0);
  });
});

describe('max-total-tokens', () => {
  test('exceeded: the step fails before the call, naming the input and both numbers', async () => {
    const result = await run({ 'max-total-tokens': '100', 'max-tokens': '90' });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /Input 'max-total-tokens': this run could use (\d+) tokens: (\d+) of input \(counted with o200k_base\) plus max-tokens 90, more than max-total-tokens 100\. Raise max-total-tokens, lower max-tokens/,
    );
    const [, most, input] = /could use (\d+) tokens: (\d+) of input/.exec(error)!;
    assert.equal(Number(most), Number(input) + 90);
    assert.equal(modelCalls(), 0);
    assert.deepEqual(result.outputs, {});
  });

  test('not exceeded, for a prompt without context variables (counted on its own): the call is made, and the log states the bound', async () => {
    const result = await run({ 'max-total-tokens': '5000', 'max-tokens': '200', comment: 'none', prompt: 'Say hello.' });
    assertSucceeded(result);
    assert.equal(modelCalls(), 1);
    assert.match(result.stdout, /Tokens: at most \d+ \(\d+ input \+ max-tokens 200\) of max-total-tokens 5,000\./);
  });

  test('without max-tokens: fails as a bad input with zero requests', async () => {
    const result = await run({ 'max-total-tokens': '5000' });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /Input 'max-total-tokens': needs a limit on the answer to count: set max-tokens/);
    assert.equal(emulator.requests.length, 0);
  });
});
