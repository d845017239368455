/**
 * Workflow-context variables, the input budget, PR comments, expect and fork
 * skipping, end to end: the built bundle against the emulator's GitHub REST
 * API and Azure OpenAI. Each test asserts what the model received and which
 * GitHub API calls were made.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FIXTURE_REPO,
  FORK_PR,
  GITHUB_TOKEN,
  HEAD_SHA,
  LARGE_PR,
  NORMAL_PR,
  pullRequestEvent,
  READ_ONLY_GITHUB_TOKEN,
} from '../../emulator/fixtures/github-repos.ts';
import type { RecordedRequest } from '../../emulator/index.ts';
import { baseInputs, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator();

const RUN_ENV = {
  GITHUB_SHA: HEAD_SHA,
  GITHUB_REF: 'refs/heads/main',
  GITHUB_RUN_ID: '10293847561',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'PR summary',
  GITHUB_JOB: 'summarize',
  GITHUB_ACTION: 'summary',
};

function prEvent(number: number): RunOptions['event'] {
  return { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, number) };
}

async function run(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return runAction(emulator, {
    ...options,
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, ...inputs },
    env: { ...RUN_ENV, ...options.env },
  });
}

function githubCalls(): RecordedRequest[] {
  return emulator.requests.filter((r) => r.service === 'github-api');
}

/** "GET /repos/o/r/pulls/42 (diff)" lines, the API prefix dropped, for readable assertions. */
/** The call that stamps a comment just created with its own id: PATCH of the newest bot comment. */
function stampEdit(): string {
  const mine = emulator.config.githubApi.repos[FIXTURE_REPO]!.comments.filter((c) => c.user === 'github-actions[bot]');
  return `PATCH /issues/comments/${mine.at(-1)?.id} 200`;
}

function callLines(): string[] {
  return githubCalls().map((r) => {
    const accept = String(r.headers.accept ?? '');
    const page = r.query.page ? ` page ${r.query.page}` : '';
    return `${r.method} ${r.path.replace(/^\/api\/v3/, '').replace(`/repos/${FIXTURE_REPO}`, '')}${accept.includes('diff') ? ' (diff)' : ''}${page} ${r.status}`;
  });
}

/** The calls in a stable order: requests sent at once may arrive in any order. */
function sortedCallLines(): string[] {
  return callLines().sort();
}

/** The user message the deployment received. */
function modelInput(): string {
  const call = emulator.requests.filter((r) => r.service === 'openai').at(-1);
  assert.ok(call, 'the deployment was called');
  const body = call.body as { messages: Array<{ role: string; content: string }> };
  return body.messages.map((m) => m.content).join('\n---\n');
}

describe('workflow-context variables', () => {
  test('a prompt without context variables makes no GitHub API call and sets no context outputs, even on a pull request', async () => {
    const result = await run({ prompt: 'Say hello to {{name}}.', input: 'name: Mona' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(result);
    assert.equal(githubCalls().length, 0);
    assert.equal(modelInput(), 'Say hello to Mona.');
    assert.equal(result.outputs.truncated, undefined);
    assert.equal(result.outputs['omitted-files'], undefined);
    assert.doesNotMatch(result.stdout, /Context variables used/);
  });

  test('run facts ({{repo}}, {{ref}}, {{sha}}, {{event}}, {{pr.number}}) come from the environment, without the API', async () => {
    const result = await run(
      { prompt: 'repo={{repo}} ref={{ref}} sha={{sha}} event={{event}} pr={{pr.number}}' },
      { event: prEvent(NORMAL_PR) },
    );
    assertSucceeded(result);
    assert.equal(modelInput(), `repo=${FIXTURE_REPO} ref=refs/heads/main sha=${HEAD_SHA} event=pull_request pr=${NORMAL_PR}`);
    assert.equal(githubCalls().length, 0);
    assert.equal(result.outputs.truncated, 'false');
  });

  test('a PR summary gets the title, author, branches, diff, files and commits, with one call per kind of data', async () => {
    const result = await run(
      {
        prompt:
          'PR #{{pr.number}} "{{pr.title}}" by {{pr.author}} ({{pr.head}} -> {{pr.base}})\n{{pr.body}}\nFILES\n{{pr.files}}\nCOMMITS\n{{pr.commits}}\nDIFF\n{{pr.diff}}',
      },
      { event: prEvent(NORMAL_PR) },
    );
    assertSucceeded(result);
    const input = modelInput();
    assert.match(input, /^PR #42 "Add a dark mode toggle to settings" by mona \(feature\/dark-mode -> main\)\nAdds a theme setting/);
    assert.match(
      input,
      /FILES\nsrc\/settings\/theme\.ts \(modified, \+7 -1\)\nsrc\/settings\/theme\.test\.ts \(added, \+2 -0\)\npackage-lock\.json \(modified, \+60 -60\)/,
    );
    assert.match(input, /assets\/dark-mode\.png \(added, \+0 -0\)/);
    assert.match(input, /COMMITS\n[0-9a-f]{7} Add a theme setting \(mona\)\n[0-9a-f]{7} Remember the chosen theme \(mona\)\nDIFF/);
    assert.match(
      input,
      /diff --git a\/src\/settings\/theme\.ts b\/src\/settings\/theme\.ts\n[\s\S]*\+export type Theme = 'light' \| 'dark' \| 'system';/,
    );
    assert.match(input, /Binary files \/dev\/null and b\/assets\/dark-mode\.png differ/);
    assert.doesNotMatch(input, /left out/);
    assert.deepEqual(
      sortedCallLines(),
      [`GET /pulls/42 200`, `GET /pulls/42/files 200`, `GET /pulls/42 (diff) 200`, `GET /pulls/42/commits 200`].sort(),
    );
    // The token went as a bearer/token header to GITHUB_API_URL's path prefix (GHES shape).
    for (const call of githubCalls()) {
      assert.match(call.path, /^\/api\/v3\/repos\//);
      assert.equal(call.headers.authorization, `token ${GITHUB_TOKEN}`);
    }
    assert.equal(result.outputs.truncated, 'false');
    assert.equal(result.outputs['omitted-files'], '');
    assert.match(result.summary, /#### Context/);
    assert.match(result.summary, /4 GitHub API requests/);
    // Masked (::add-mask::, which the runner turns into ***) and never printed otherwise.
    assert.ok(result.stdout.includes(`::add-mask::${GITHUB_TOKEN}`));
    const printed = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    assert.ok(!printed.some((line) => line.includes(GITHUB_TOKEN)), 'the GitHub token is never printed');
    assert.ok(!result.summary.includes(GITHUB_TOKEN));
  });

  test('a PR too large for the diff endpoint is rebuilt from the per-file patches (pull-request input, any event)', async () => {
    const result = await run(
      { prompt: 'Summarize:\n{{pr.diff}}', 'pull-request': String(LARGE_PR) },
      { env: { GITHUB_EVENT_NAME: 'workflow_dispatch' } },
    );
    assertSucceeded(result);
    const input = modelInput();
    assert.equal((input.match(/^diff --git /gm) ?? []).length, 320, 'all 320 files are in the diff');
    assert.match(
      input,
      /diff --git a\/src\/modules\/module-320\.ts b\/src\/modules\/module-320\.ts\n--- a\/src\/modules\/module-320\.ts\n\+\+\+ b\/src\/modules\/module-320\.ts\n@@ -1,1 \+1,1 @@\n-export const value320 = 320\n\+export const value320 = 320;/,
    );
    assert.deepEqual(
      sortedCallLines(),
      [
        'GET /pulls/43 (diff) 406',
        'GET /pulls/43/files 200',
        'GET /pulls/43/files page 2 200',
        'GET /pulls/43/files page 3 200',
        'GET /pulls/43/files page 4 200',
      ].sort(),
    );
    assert.match(result.stdout, /GitHub refused the diff of pull request #43 \(too large\); building it from the per-file patches instead/);
    assert.match(result.summary, /rebuilt from the per-file patches/);
    assert.equal(result.outputs.truncated, 'false');
  });

  test('over max-input-tokens, lock, generated, vendored and binary files go first, whole, and the prompt says so', async () => {
    const result = await run({ prompt: 'Review:\n{{pr.diff}}', 'max-input-tokens': '700' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(result);
    const input = modelInput();
    const omitted = result.outputs['omitted-files']!.split('\n');
    assert.equal(result.outputs.truncated, 'true');
    // Low-value files first (largest first among them), then the largest source files; only as many as needed.
    const order = ['package-lock.json', 'dist/app.js', 'vendor/colors/index.js', 'assets/dark-mode.png', 'src/settings/theme.ts'];
    assert.ok(omitted.length >= 2, `several files left out: ${omitted.join(', ')}`);
    assert.deepEqual(omitted, order.slice(0, omitted.length));
    assert.ok(!omitted.includes('src/settings/theme.test.ts'), 'the smallest source file stays');
    for (const path of omitted) assert.ok(!input.includes(`diff --git a/${path} `), `${path} is left out whole`);
    assert.match(input, /diff --git a\/src\/settings\/theme\.ts b\/src\/settings\/theme\.ts/);
    assert.match(
      input,
      new RegExp(
        `\\[${omitted.length} of 6 changed files left out of this diff to fit the input budget of 700 tokens: package-lock\\.json \\(lock file\\), dist/app\\.js \\(generated\\)`,
      ),
    );
    assert.match(result.stdout, /Input: \d+ tokens \(o200k_base: deployment gpt-5.1 names an o200k_base model\); max-input-tokens 700/);
    const tokens = Number(/Input: (\d+) tokens/.exec(result.stdout)![1]);
    assert.ok(tokens <= 700, `the prompt fits: ${tokens} tokens`);
    assert.match(result.summary, /changed files left out of \{\{pr\.diff\}\} to fit the budget/);
    assert.match(result.summary, /\| `package-lock\.json` \| lock file \| \d/);

    // Tighter: every low-value file goes, then the largest source file; the smallest stays.
    emulator.reset();
    const tight = await run({ prompt: 'Review:\n{{pr.diff}}', 'max-input-tokens': '200' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(tight);
    assert.deepEqual(tight.outputs['omitted-files']!.split('\n'), order);
    assert.match(modelInput(), /^Review:\ndiff --git a\/src\/settings\/theme\.test\.ts b\/src\/settings\/theme\.test\.ts\n/);
    assert.match(modelInput(), /src\/settings\/theme\.ts \(large\)\]\n$/);
  });

  test('a budget too small even without any file fails, naming both numbers, before calling the deployment', async () => {
    const result = await run(
      { prompt: `${'Please review this carefully. '.repeat(40)}\n{{pr.diff}}`, 'max-input-tokens': '100' },
      { event: prEvent(NORMAL_PR) },
    );
    assert.equal(result.code, 1);
    assert.match(
      result.errors.join('\n'),
      /The prompt is \d+ tokens even with every file of \{\{pr\.diff\}\} left out; max-input-tokens is 100/,
    );
    assert.equal(emulator.count('openai'), 0);
    assert.deepEqual(result.outputs, {});
  });

  test("{{commits}} and {{changes}} default to the latest tag before the run's commit: release notes need no inputs", async () => {
    const result = await run({ prompt: 'Release notes for:\n{{commits}}\nFiles:\n{{changes}}' });
    assertSucceeded(result);
    const input = modelInput();
    assert.match(
      input,
      /^Release notes for:\n4f2c9a1 Document the CLI flags \(#17\) \(hubot\)\n[0-9a-f]{7} Bump lodash from 4\.17\.20 to 4\.17\.21 \(#16\) \(dependabot\[bot\]\)\n[0-9a-f]{7} Add dark mode \(#15\) \(mona\)\nFiles:/,
    );
    assert.doesNotMatch(input, /Fix login on Safari/, 'v1.1.0 and older are not listed');
    assert.match(
      input,
      /Files:\nsrc\/settings\/theme\.ts \(added, \+1 -0\)\npackage-lock\.json \(modified, \+3 -3\)\ndocs\/cli\.md \(added, \+2 -0\)$/,
    );
    assert.deepEqual(sortedCallLines(), ['GET /tags 200', 'GET /commits 200', `GET /compare/v1.1.0...${HEAD_SHA} 200`].sort());
    assert.match(result.stdout, /Comparing v1\.1\.0\.\.\.4f2c9a1 \(from: latest tag before 4f2c9a1\)/);
  });

  test("on a release event the new tag on the run's commit is skipped; from-ref and to-ref override", async () => {
    const repo = emulator.config.githubApi.repos[FIXTURE_REPO]!;
    repo.tags.unshift({ name: 'v1.2.0', sha: HEAD_SHA });
    const released = await run(
      { prompt: '{{commits}}' },
      {
        event: { name: 'release', payload: { action: 'published', release: { tag_name: 'v1.2.0' } } },
        env: { GITHUB_REF: 'refs/tags/v1.2.0' },
      },
    );
    assertSucceeded(released);
    assert.equal(modelInput().split('\n').length, 3, 'the three commits since v1.1.0');
    assert.match(modelInput(), /Add dark mode/);

    emulator.reset();
    const explicit = await run({ prompt: '{{commits}}', 'from-ref': 'v1.0.0', 'to-ref': 'v1.1.0' });
    assertSucceeded(explicit);
    assert.deepEqual(callLines(), ['GET /compare/v1.0.0...v1.1.0 200']);
    assert.match(
      modelInput(),
      /^[0-9a-f]{7} Fix login on Safari \(#12\) \(mona\)\n[0-9a-f]{7} Add retry with exponential backoff \(hubot\)$/,
    );
  });

  test("a tag name carrying line breaks and workflow commands (a hostile GitHub API's) cannot issue one", async () => {
    const tag = emulator.config.githubApi.repos[FIXTURE_REPO]!.tags.find((t) => t.name === 'v1.1.0')!;
    tag.name = 'v1.1.0\n::warning title=INJECTED::from a tag name\n::error::fake';
    const result = await run({ prompt: '{{commits}}' });
    const commandLines = result.stdout.split('\n').filter((line) => /^\s*::(warning|error)/.test(line));
    assert.ok(
      commandLines.every((line) => !/INJECTED|fake/.test(line.split('::').slice(0, 3).join('::'))),
      commandLines.join('\n'),
    );
    assert.deepEqual(result.warnings, [], 'no warning annotation');
    // The log names the tag on one line, so nothing in it starts a line.
    assert.match(result.stdout, /^Comparing v1\.1\.0 ::warning title=INJECTED::from a tag name ::error::fake\.\.\.4f2c9a1 \(from: /m);
  });

  test('without a tag before the commit, the latest release is the start', async () => {
    // A repository whose tags list is empty (releases still carry their tags).
    emulator.config.githubApi.repos[FIXTURE_REPO]!.tags = [];
    const result = await run({ prompt: '{{commits}}' });
    assertSucceeded(result);
    // The history's first page is asked for with the tags (it is needed whenever there are tags, or no release).
    assert.deepEqual(
      sortedCallLines(),
      ['GET /tags 200', 'GET /commits 200', 'GET /releases/latest 200', `GET /compare/v1.1.0...${HEAD_SHA} 200`].sort(),
    );
    assert.match(result.stdout, /from: latest release/);
  });
});

describe('bad input for the workflow features fails before any network call', () => {
  const cases: Array<{ name: string; inputs: Record<string, string>; error: RegExp }> = [
    {
      name: '{{pr.diff}} on a push event',
      inputs: { prompt: '{{pr.diff}}' },
      error: /Input 'pull-request': The prompt uses \{\{pr\.diff\}\}, which needs a pull request, and this push event is not about one/,
    },
    { name: 'comment: pr on a push event', inputs: { comment: 'pr' }, error: /Input 'pull-request': comment: pr needs a pull request/ },
    {
      name: 'an empty github-token with {{commits}}',
      inputs: { prompt: '{{commits}}', 'github-token': '' },
      error: /Input 'github-token': is empty, and the prompt uses \{\{commits\}\}/,
    },
    { name: 'a bad expect', inputs: { expect: '(unclosed' }, error: /Input 'expect': '\(unclosed' is not a valid regular expression/ },
    {
      name: 'a bad max-input-tokens',
      inputs: { 'max-input-tokens': 'lots' },
      error: /Input 'max-input-tokens': 'lots' is not accepted: use a whole number of tokens from 100/,
    },
    {
      name: 'a bad comment mode',
      inputs: { comment: 'issue' },
      error:
        /Input 'comment': 'issue' is not supported: use pr \(post the response on the pull request\) or review \(post a pull request review with inline comments\) or none/,
    },
    {
      name: 'a bad on-missing-identity',
      inputs: { 'on-missing-identity': 'ignore' },
      error: /Input 'on-missing-identity': 'ignore' is not supported: use fail .* or skip/,
    },
    { name: 'a bad pull-request', inputs: { 'pull-request': 'abc' }, error: /Input 'pull-request': 'abc' is not a pull request number/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const result = await run(c.inputs);
      assert.equal(result.code, 1);
      assert.match(result.errors.join('\n'), c.error);
      assert.equal(emulator.requests.length, 0, 'no request of any kind');
      assert.deepEqual(result.outputs, {});
    });
  }
});

describe('comment: pr', () => {
  test('creates the comment, then updates the same one on the next run', async () => {
    const repo = () => emulator.config.githubApi.repos[FIXTURE_REPO]!;
    const first = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(first);
    // Read before the call (skip-unchanged) and again before posting: a concurrent run may have commented since.
    assert.deepEqual(callLines(), [
      'GET /pulls/42 200',
      'GET /issues/42/comments 200',
      'GET /issues/42/comments 200',
      'POST /issues/42/comments 201',
      stampEdit(),
    ]);
    const mine = repo().comments.filter((c) => c.user === 'github-actions[bot]');
    assert.equal(mine.length, 1);
    assert.match(
      mine[0]!.body,
      /^<!-- azure-openai-keyless: PR summary\/summarize\/summary fingerprint=v2\.[0-9a-f]{64}\.[0-9a-f]{64}\.stop\.\d+ -->\nEmulated answer to: "Summarize Add a dark mode toggle to settings"/,
    );
    assert.match(mine[0]!.body, /\[workflow run\]\(https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/10293847561\)/);
    assert.equal(first.outputs['comment-url'], `https://github.com/${FIXTURE_REPO}/pull/42#issuecomment-${mine[0]!.id}`);
    assert.match(first.summary, /Pull request comment created/);

    // The emulator keeps its state across runs (no reset): the second run finds its own comment.
    emulator.requests.length = 0;
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'Second summary.' }]);
    // The same input: skip-unchanged false calls the deployment all the same.
    const second = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr', 'skip-unchanged': 'false' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(second);
    assert.equal(second.outputs['cache-hit'], 'false');
    assert.equal(emulator.count('openai'), 1);
    // A comment starting with the marker is a candidate: GraphQL's viewer says whether this token wrote it.
    assert.deepEqual(callLines(), [
      'GET /pulls/42 200',
      'GET /issues/42/comments 200',
      'POST /api/graphql 200',
      `PATCH /issues/comments/${mine[0]!.id} 200`,
    ]);
    const after = repo().comments.filter((c) => c.user === 'github-actions[bot]');
    assert.equal(after.length, 1, 'still one comment');
    assert.match(
      after[0]!.body,
      /^<!-- azure-openai-keyless: PR summary\/summarize\/summary fingerprint=v2\.[0-9a-f]{64}\.[0-9a-f]{64}\.stop\.\d+ -->\nSecond summary\.\n/,
    );
    assert.equal(
      repo().comments.find((c) => c.id === 9001)!.body,
      'Looks good to me, one question about the default.',
      'other comments untouched',
    );

    // Another step (another tag) gets a comment of its own.
    emulator.requests.length = 0;
    const other = await run({ prompt: 'Review', comment: 'pr', 'comment-tag': 'review' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(other);
    assert.equal(repo().comments.filter((c) => c.user === 'github-actions[bot]').length, 2);
  });

  test("a stranger's comment that carries the marker is not taken over: the action comments anew", async () => {
    const repo = emulator.config.githubApi.repos[FIXTURE_REPO]!;
    repo.comments.push({
      id: 9100,
      issue_number: NORMAL_PR,
      body: '<!-- azure-openai-keyless: PR summary/summarize/summary -->\nPlanted by the pull request author.',
      user: 'stranger',
      user_type: 'User',
      author_association: 'FIRST_TIME_CONTRIBUTOR',
      created_at: '2025-05-02T12:00:00Z',
      updated_at: '2025-05-02T12:00:00Z',
    });
    const result = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(result);
    // The planted comment is a candidate, so the token's identity is asked once; it is not the author.
    assert.deepEqual(callLines(), [
      'GET /pulls/42 200',
      'GET /issues/42/comments 200',
      'POST /api/graphql 200',
      'GET /issues/42/comments 200',
      'POST /api/graphql 200',
      'POST /issues/42/comments 201',
      stampEdit(),
    ]);
    assert.equal(
      repo.comments.find((c) => c.id === 9100)?.body,
      '<!-- azure-openai-keyless: PR summary/summarize/summary -->\nPlanted by the pull request author.',
    );
  });

  test('an issue_comment on a pull request (a "/summarize" command) reads and comments on that pull request', async () => {
    const event = {
      name: 'issue_comment',
      payload: { action: 'created', issue: { number: NORMAL_PR, pull_request: { url: 'x' } }, comment: { body: '/summarize' } },
    };
    const result = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr' }, { event });
    assertSucceeded(result);
    assert.deepEqual(callLines(), [
      'GET /pulls/42 200',
      'GET /issues/42/comments 200',
      'GET /issues/42/comments 200',
      'POST /issues/42/comments 201',
      stampEdit(),
    ]);
    assert.equal(modelInput(), 'Summarize Add a dark mode toggle to settings');
  });

  test('finds its comment past the first page of a busy pull request and updates it, adding none', async () => {
    const repo = emulator.config.githubApi.repos[FIXTURE_REPO]!;
    const at = '2025-05-02T12:00:00Z';
    for (let i = 0; i < 120; i++) {
      repo.comments.push({
        id: 10_000 + i,
        issue_number: NORMAL_PR,
        body: `Comment ${i}`,
        user: 'hubot',
        user_type: 'User',
        created_at: at,
        updated_at: at,
      });
    }
    const body = '<!-- azure-openai-keyless: PR summary/summarize/summary -->\nAn older summary.';
    repo.comments.push({
      id: 20_000,
      issue_number: NORMAL_PR,
      body,
      user: 'github-actions[bot]',
      user_type: 'Bot',
      created_at: at,
      updated_at: at,
    });
    const result = await run({ prompt: 'Summarize', comment: 'pr' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(result);
    assert.deepEqual(callLines(), [
      'GET /issues/42/comments 200',
      'GET /issues/42/comments page 2 200',
      'POST /api/graphql 200',
      'PATCH /issues/comments/20000 200',
    ]);
    const mine = repo.comments.filter((c) => c.user === 'github-actions[bot]');
    assert.equal(mine.length, 1, 'still one comment');
    assert.match(
      mine[0]!.body,
      /^<!-- azure-openai-keyless: PR summary\/summarize\/summary fingerprint=v2\.[0-9a-f]{64}\.[0-9a-f]{64}\.stop\.\d+ -->\nEmulated answer to: "Summarize"/,
    );
  });

  test('a response that fails expect is not posted: the step fails and the pull request gets no comment', async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'I cannot help with that.' }]);
    const result = await run({ prompt: 'Answer OK.', expect: '^OK\\b', comment: 'pr' }, { event: prEvent(NORMAL_PR) });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /The response does not match expect \/\^OK\\b\//);
    assert.equal(result.outputs.passed, 'false');
    assert.equal(result.outputs['comment-url'], undefined);
    // The comment is read before the call (skip-unchanged), and nothing is posted.
    assert.deepEqual(callLines(), ['GET /issues/42/comments 200']);
    assert.equal(emulator.config.githubApi.repos[FIXTURE_REPO]!.comments.filter((c) => c.user === 'github-actions[bot]').length, 0);
  });

  test('a response over 65,536 characters is cut at a line, its code fence closed, with a link to the run', async () => {
    const long = `Summary\n\n\`\`\`diff\n${'+ a line of a very long answer\n'.repeat(3000)}\`\`\`\nThe end.`;
    emulator.injectFaults('openai', [{ kind: 'reply', content: long }]);
    const result = await run({ prompt: 'Summarize', comment: 'pr' }, { event: prEvent(NORMAL_PR) });
    assertSucceeded(result);
    const body = emulator.config.githubApi.repos[FIXTURE_REPO]!.comments.find((c) => c.user === 'github-actions[bot]')!.body;
    assert.ok(Array.from(body).length <= 65536, `the comment fits: ${body.length}`);
    assert.ok(body.length > 60000, 'most of the response is kept');
    assert.match(
      body,
      /\+ a line of a very long answer\n```\n\n> \[!NOTE\]\n> This response is longer than a comment can hold \(65,536 characters\) and was cut here\. \[Read it whole in the run's job summary\]\(https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/10293847561\)/,
    );
    assert.doesNotMatch(body, /The end\./);
    assert.equal(result.files['response-file'], long, 'the response file holds it whole');
    assert.match(result.stdout, /longer than a pull request comment can hold/);
  });

  test("a read-only token (a fork's pull request) fails with the permission it needs, and writes no outputs", async () => {
    const result = await run({ prompt: 'Summarize', comment: 'pr', 'github-token': READ_ONLY_GITHUB_TOKEN }, { event: prEvent(FORK_PR) });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(
      error,
      /Could not comment on pull request #44 of octo-org\/octo-repo: GitHub answered 403: Resource not accessible by integration/,
    );
    assert.match(error, /permissions: pull-requests: write/);
    assert.match(error, /pull request from a fork: GitHub gives such runs a read-only token/);
    assert.deepEqual(result.outputs, {});
    assert.deepEqual(callLines(), ['GET /issues/44/comments 200', 'GET /issues/44/comments 200', 'POST /issues/44/comments 403']);
  });

  test('a bad token is named as such', async () => {
    const result = await run({ prompt: '{{pr.title}}', 'github-token': 'ghs_not-a-token' }, { event: prEvent(NORMAL_PR) });
    assert.equal(result.code, 1);
    assert.match(
      result.errors.join('\n'),
      /Could not read pull request #42 of octo-org\/octo-repo: GitHub answered 401: Bad credentials[\s\S]*github-token input is not a valid token/,
    );
    assert.equal(emulator.count('openai'), 0);
  });
});

describe('expect (smoke tests)', () => {
  test('a matching response passes: passed=true and the smoke test facts in the summary', async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'OK, the deployment answers.' }]);
    const result = await run({ prompt: 'Answer OK.', expect: '^OK\\b' });
    assertSucceeded(result);
    assert.equal(result.outputs.passed, 'true');
    assert.match(result.summary, /#### Smoke test: passed/);
    assert.match(result.summary, /\| Model version \| `gpt-5.1-2025-11-13` \|/);
    assert.match(result.summary, /\| Latency \| \d+ ms/);
    assert.equal(githubCalls().length, 0);
  });

  test('a response that does not match fails with an excerpt, after writing passed=false and the summary', async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: `I cannot help with that.${' padding'.repeat(200)}` }]);
    const result = await run({ prompt: 'Answer OK.', expect: '/^ok/i' });
    assert.equal(result.code, 1);
    const error = result.errors.join('\n');
    assert.match(error, /The response does not match expect \/\^ok\/i\./);
    assert.match(error, /model gpt-5.1-2025-11-13/);
    assert.match(error, /Response \(1624 characters, first 500 shown\):\nI cannot help with that\. padding/);
    assert.equal(result.outputs.passed, 'false');
    assert.match(result.outputs.response!, /^I cannot help with that/);
    assert.match(result.summary, /#### Smoke test: FAILED/);
  });
});

describe('pull requests from forks (no OIDC token)', () => {
  test('on-missing-identity: skip ends successfully with skipped=true and calls nothing', async () => {
    const result = await run(
      { prompt: 'Summarize {{pr.diff}}', comment: 'pr', 'on-missing-identity': 'skip', 'github-token': READ_ONLY_GITHUB_TOKEN },
      { event: prEvent(FORK_PR), oidc: false },
    );
    assertSucceeded(result);
    assert.equal(result.outputs.skipped, 'true');
    assert.match(
      result.stdout,
      /::notice::This run is for a pull request from a fork, which GitHub gives no OIDC token, and no other Azure identity is available: skipping/,
    );
    assert.equal(emulator.count('openai'), 0);
    assert.equal(githubCalls().length, 0, 'no GitHub API call for a skipped run');
    assert.equal(result.outputs.response, undefined);
  });

  test('auth: github-oidc skips at once, before any identity request', async () => {
    const result = await run({ auth: 'github-oidc', 'on-missing-identity': 'skip' }, { event: prEvent(FORK_PR), oidc: false });
    assertSucceeded(result);
    assert.equal(result.outputs.skipped, 'true');
    assert.equal(emulator.requests.filter((r) => r.service !== 'control').length, 0);
  });

  test('skip does not hide a forgotten id-token permission on a branch of this repository', async () => {
    const result = await run({ auth: 'github-oidc', 'on-missing-identity': 'skip' }, { event: prEvent(NORMAL_PR), oidc: false });
    assert.equal(result.code, 1);
    assert.equal(result.outputs.skipped, undefined);
    assert.match(result.errors.join('\n'), /permissions: id-token: write/);
  });

  test('the default (fail) still fails, naming the fork', async () => {
    const result = await run({ auth: 'github-oidc' }, { event: prEvent(FORK_PR), oidc: false });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /pull request from a fork/);
    assert.equal(result.outputs.skipped, undefined);
  });

  test('skip does not hide a broken identity: an expired azure/login session still fails', async () => {
    emulator.azLogin({ expired: true });
    const result = await run({ auth: 'azure-cli', 'on-missing-identity': 'skip' }, { event: prEvent(FORK_PR), oidc: false });
    assert.equal(result.code, 1);
    assert.equal(result.outputs.skipped, undefined);
    assert.match(result.errors.join('\n'), /AADSTS700024/);
  });
});
