/** The pure parts of the workflow features: diff splitting, file kinds, the budget, comments, expect, events, inputs. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitToBudget } from '../../src/budget/fit.ts';
import { fileKind } from '../../src/budget/file-kinds.ts';
import { chooseEncoding, countMessages, loadTokenCounter } from '../../src/budget/tokenizer.ts';
import { type ChangedFile, commitLines, fileFromRow, fileLines, splitUnifiedDiff } from '../../src/github-context/diff.ts';
import { readEventFacts } from '../../src/github-context/event.ts';
import { contextVariablesUsed, needsApi } from '../../src/github-context/context-variables.ts';
import { IdentityError, MissingIdTokenError } from '../../src/identity/identity-error.ts';
import { isMissingIdentity } from '../../src/identity/skip-without-identity.ts';
import { buildCommentBody, commentMarker, runUrl } from '../../src/publish/pr-comment.ts';
import { parseExpect } from '../../src/bounded-regex.ts';
import { DEFAULT_MAX_INPUT_TOKENS, readWorkflowFeatureInputs } from '../../src/inputs/workflow-feature-inputs.ts';

describe('splitUnifiedDiff', () => {
  const diff = [
    'diff --git a/src/a b.ts b/src/a b.ts',
    'index 1..2 100644',
    '--- a/src/a b.ts',
    '+++ b/src/a b.ts',
    '@@ -1,2 +1,2 @@',
    '-old',
    '+new',
    '+more',
    'diff --git a/old.ts b/new.ts',
    'similarity index 90%',
    'rename from old.ts',
    'rename to new.ts',
    'diff --git a/gone.txt b/gone.txt',
    'deleted file mode 100644',
    '--- a/gone.txt',
    '+++ /dev/null',
    '@@ -1 +0,0 @@',
    '-bye',
    'diff --git a/logo.png b/logo.png',
    'new file mode 100644',
    'Binary files /dev/null and b/logo.png differ',
    '',
  ].join('\n');

  test('one section per file, with paths (spaces included), status, counts and binary flag', () => {
    const files = splitUnifiedDiff(diff);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, f.additions, f.deletions, f.binary, f.previousPath]),
      [
        ['src/a b.ts', 'modified', 2, 1, false, undefined],
        ['new.ts', 'renamed', 0, 0, false, 'old.ts'],
        ['gone.txt', 'removed', 0, 1, false, undefined],
        ['logo.png', 'added', 0, 0, true, undefined],
      ],
    );
    assert.equal(files.map((f) => f.section).join(''), diff, 'the sections put together are the diff');
  });

  test('an empty diff has no files', () => {
    assert.deepEqual(splitUnifiedDiff(''), []);
  });

  test('rows of the files endpoint become sections; a missing patch is binary or too large', () => {
    const text = fileFromRow({ filename: 'a.ts', status: 'modified', additions: 1, deletions: 0, patch: '@@ -1 +1,2 @@\n x\n+y' });
    assert.equal(text.section, 'diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1,2 @@\n x\n+y\n');
    assert.equal(fileFromRow({ filename: 'img.png', status: 'added', additions: 0, deletions: 0 }).binary, true);
    const huge = fileFromRow({ filename: 'data.sql', status: 'modified', additions: 90000, deletions: 3 });
    assert.equal(huge.binary, false);
    assert.match(huge.section, /GitHub shows no patch for this file: too large; \+90000 -3/);
  });

  test('file and commit lines', () => {
    assert.equal(
      fileLines([{ path: 'b.ts', status: 'renamed', additions: 1, deletions: 2, previousPath: 'a.ts' }]),
      'b.ts (renamed from a.ts, +1 -2)',
    );
    assert.equal(
      commitLines([
        { sha: 'abcdef1234567890', commit: { message: 'Subject line\n\nBody', author: { name: 'Mona' } }, author: { login: 'mona' } },
        { sha: '1234567abcdef', commit: { message: 'No login', author: { name: 'Some One' } }, author: null },
      ]),
      'abcdef1 Subject line (mona)\n1234567 No login (Some One)',
    );
  });
});

describe('fileKind', () => {
  const cases: Array<[string, boolean, string]> = [
    ['package-lock.json', false, 'lock file'],
    ['web/yarn.lock', false, 'lock file'],
    ['go.sum', false, 'lock file'],
    ['Cargo.lock', false, 'lock file'],
    ['dist/index.js', false, 'generated'],
    ['app.min.js', false, 'generated'],
    ['api/service.pb.go', false, 'generated'],
    ['src/__snapshots__/a.test.ts.snap', false, 'generated'],
    ['vendor/github.com/x/y.go', false, 'vendored'],
    ['third_party/lib.c', false, 'vendored'],
    ['assets/logo.png', true, 'binary'],
    ['src/main.ts', false, 'source'],
    ['distribution/notes.md', false, 'source'],
  ];
  for (const [path, binary, kind] of cases) test(`${path} is ${kind}`, () => assert.equal(fileKind(path, binary), kind));
});

describe('chooseEncoding', () => {
  const cases: Array<[string, string]> = [
    ['gpt-4o-mini', 'o200k_base'],
    ['prod-gpt-4.1', 'o200k_base'],
    ['gpt-5-chat', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['my-o4-mini-deploy', 'o200k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['summarizer', 'o200k_base'],
  ];
  for (const [deployment, encoding] of cases)
    test(`${deployment} -> ${encoding}`, () => assert.equal(chooseEncoding(deployment).encoding, encoding));

  test('the real tokenizers count differently and treat special-token text as text', async () => {
    const o200k = await loadTokenCounter('o200k_base');
    const cl100k = await loadTokenCounter('cl100k_base');
    assert.equal(o200k('hello world'), 2);
    assert.equal(cl100k('hello world'), 2);
    assert.ok(o200k('<|endoftext|>') > 1, 'a special token in a diff is plain text');
    assert.equal(countMessages([{ role: 'user', content: 'hello world' }], o200k), 3 + 3 + 1 + 2);
  });
});

describe('fitToBudget', () => {
  const file = (path: string, size: number, binary = false): ChangedFile => ({
    path,
    status: 'modified',
    additions: 1,
    deletions: 0,
    binary,
    section: `diff --git a/${path} b/${path}\n${'x'.repeat(size)}\n`,
  });
  // One token per 10 characters: easy to reason about.
  const count = (text: string) => Math.ceil(text.length / 10);
  const render = (values: Record<string, string>) => [{ role: 'user', content: `Review:\n${values['pr.diff'] ?? ''}` }];
  const files = [
    file('src/small.ts', 100),
    file('src/big.ts', 2000),
    file('package-lock.json', 1500),
    file('img.png', 50, true),
    file('src/mid.ts', 800),
  ];

  test('everything fits: nothing left out', () => {
    const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: 10000, count });
    assert.deepEqual(fit.omitted, []);
    assert.equal(fit.messages[0]?.content, `Review:\n${files.map((f) => f.section).join('')}`);
  });

  test('low-value files go first, then the largest; whole files; the prompt names them', () => {
    const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: 300, count });
    assert.deepEqual(
      fit.omitted.map((o) => [o.path, o.kind]),
      [
        ['package-lock.json', 'lock file'],
        ['img.png', 'binary'],
        ['src/big.ts', 'source'],
      ],
    );
    assert.ok(fit.tokens <= 300);
    const content = fit.messages[0]?.content ?? '';
    assert.match(content, /diff --git a\/src\/small\.ts[\s\S]*diff --git a\/src\/mid\.ts/);
    assert.match(
      content,
      /\[3 of 5 changed files left out of this diff to fit the input budget of 300 tokens: package-lock\.json \(lock file\), img\.png \(binary\), src\/big\.ts \(large\)\]\n$/,
    );
  });

  test('too small even without files: a clear failure', () => {
    assert.throws(
      () =>
        fitToBudget({ render: () => [{ role: 'user', content: 'y'.repeat(5000) }], values: {}, diffFiles: files, maxTokens: 100, count }),
      /The prompt is \d+ tokens even with every file of \{\{pr\.diff\}\} left out; max-input-tokens is 100/,
    );
  });
});

describe('PR comment body', () => {
  const parts = { marker: commentMarker('wf/job/step'), footer: '<sub>footer</sub>', runUrl: 'https://github.com/o/r/actions/runs/1' };

  test('the marker cannot be closed early by the tag', () => {
    assert.equal(commentMarker('a-->b'), '<!-- azure-openai-keyless: a-b -->');
  });

  test('a short response is kept whole', () => {
    const { body, cut } = buildCommentBody({ ...parts, response: 'Hello.\n' });
    assert.equal(cut, false);
    assert.equal(body, '<!-- azure-openai-keyless: wf/job/step -->\nHello.\n\n<sub>footer</sub>\n');
  });

  test('a long response is cut at a line break, an open fence closed, with the link', () => {
    const response = `Intro\n~~~~text\n${'line of text\n'.repeat(500)}~~~~\nafter`;
    const { body, cut } = buildCommentBody({ ...parts, response }, 2000);
    assert.equal(cut, true);
    assert.ok(body.length <= 2000, String(body.length));
    assert.match(
      body,
      /line of text\n~~~~\n\n> \[!NOTE\]\n> This response is longer than a comment can hold \(2,000 characters\) and was cut here\. \[Read it whole in the run's job summary\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\)\.\n\n<sub>footer<\/sub>\n$/,
    );
    assert.doesNotMatch(body, /after/);
  });

  test('a cut never splits a surrogate pair', () => {
    const { body } = buildCommentBody({ ...parts, response: '😀'.repeat(3000) }, 2000);
    assert.ok(body.length <= 2000);
    assert.doesNotMatch(body, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('the run URL names the attempt after the first', () => {
    assert.equal(runUrl({ GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5' }), 'https://github.com/o/r/actions/runs/5');
    assert.equal(
      runUrl({ GITHUB_SERVER_URL: 'https://ghe.example.com/', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '5', GITHUB_RUN_ATTEMPT: '2' }),
      'https://ghe.example.com/o/r/actions/runs/5/attempts/2',
    );
  });
});

describe('expect', () => {
  test('a bare pattern or /pattern/flags; g and y are dropped (test() must not keep state)', () => {
    assert.equal(String(parseExpect('^OK\\b')), '/^OK\\b/');
    assert.equal(String(parseExpect('/ready/gi')), '/ready/i');
    const re = parseExpect('/a/g');
    assert.ok(re.test('a') && re.test('a'));
  });
  test('an invalid pattern names the input', () => {
    assert.throws(() => parseExpect('[a-'), /Input 'expect': '\[a-' is not a valid regular expression/);
  });
});

describe('readWorkflowFeatureInputs', () => {
  const read = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    readWorkflowFeatureInputs((name) => inputs[name] ?? '', env);

  test('defaults', async () => {
    const config = await read({}, { GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'build', GITHUB_ACTION: 'ai' });
    assert.deepEqual(config, {
      githubToken: '',
      maxInputTokens: DEFAULT_MAX_INPUT_TOKENS,
      comment: 'none',
      commentTag: 'CI/build/ai',
      onMissingIdentity: 'fail',
    });
  });

  test('values', async () => {
    const config = await read({
      'pull-request': '#12',
      'from-ref': 'refs/tags/v1.0.0',
      'to-ref': 'main',
      'max-input-tokens': '8_000',
      comment: 'PR',
      'on-missing-identity': 'skip',
    });
    assert.equal(config.pullRequest, 12);
    assert.equal(config.fromRef, 'v1.0.0');
    assert.equal(config.toRef, 'main');
    assert.equal(config.maxInputTokens, 8000);
    assert.equal(config.comment, 'pr');
    assert.equal(config.onMissingIdentity, 'skip');
  });

  test('a ref that git would refuse', async () => {
    await assert.rejects(read({ 'from-ref': 'v1..v2' }), /Input 'from-ref': 'v1\.\.v2' is not a git ref/);
  });
});

describe('readEventFacts', () => {
  const facts = (name: string, payload: unknown) =>
    readEventFacts(
      {
        GITHUB_EVENT_NAME: name,
        GITHUB_EVENT_PATH: '/event.json',
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_SHA: 'abc',
        GITHUB_REF: 'refs/heads/main',
      },
      () => JSON.stringify(payload),
    );

  test('issue_comment on a pull request names it; on an issue it does not', () => {
    assert.equal(facts('issue_comment', { issue: { number: 7, pull_request: { url: 'x' } } }).pullRequest, 7);
    assert.equal(facts('issue_comment', { issue: { number: 8 } }).pullRequest, undefined);
  });

  test('pull_request_target from a fork, and a deleted fork', () => {
    const fork = facts('pull_request_target', {
      pull_request: { number: 3, head: { repo: { full_name: 'f/r' } }, base: { repo: { full_name: 'o/r' } } },
    });
    assert.deepEqual([fork.pullRequest, fork.fromFork], [3, true]);
    assert.equal(
      facts('pull_request', { pull_request: { number: 3, head: { repo: null }, base: { repo: { full_name: 'o/r' } } } }).fromFork,
      true,
    );
    assert.equal(
      facts('pull_request', { pull_request: { number: 3, head: { repo: { full_name: 'o/r' } }, base: { repo: { full_name: 'o/r' } } } })
        .fromFork,
      false,
    );
  });

  test('release tag; an unreadable payload leaves the environment facts', () => {
    assert.equal(facts('release', { release: { tag_name: 'v2' } }).releaseTag, 'v2');
    const broken = readEventFacts({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: '/x', GITHUB_REPOSITORY: 'o/r' }, () => '{');
    assert.deepEqual(broken.repository, { owner: 'o', repo: 'r' });
  });
});

describe('context variable names', () => {
  test('only known names, and not those the user defined', () => {
    const used = contextVariablesUsed(['pr.diff', 'name', 'commits', 'repo'], new Set(['commits']));
    assert.deepEqual([...used], ['pr.diff', 'repo']);
    assert.equal(needsApi(new Set(['repo', 'pr.number'])), false);
    assert.equal(needsApi(used), true);
  });
});

describe('isMissingIdentity', () => {
  const unavailable = (message: string) => Object.assign(new Error(message), { name: 'CredentialUnavailableError' });
  const aggregate = (errors: Error[]) => Object.assign(new Error('chain'), { name: 'AggregateAuthenticationError', errors });

  test('no OIDC and nothing else available', () => {
    assert.equal(isMissingIdentity(new IdentityError('github-oidc', new MissingIdTokenError()), false), true);
    assert.equal(
      isMissingIdentity(
        new IdentityError(
          'default-chain',
          aggregate([unavailable('EnvironmentCredential is unavailable'), unavailable("Please run 'az login'")]),
        ),
        false,
      ),
      true,
    );
  });

  test('an identity that exists and fails is not missing', () => {
    assert.equal(
      isMissingIdentity(
        new IdentityError('azure-cli', unavailable('AADSTS700024: Client assertion is not within its valid time range')),
        false,
      ),
      false,
    );
    assert.equal(
      isMissingIdentity(new IdentityError('default-chain', aggregate([unavailable('x'), new Error('AADSTS7000215')])), false),
      false,
    );
    assert.equal(
      isMissingIdentity(new IdentityError('github-oidc', new MissingIdTokenError()), true),
      false,
      'a job that can mint OIDC tokens has an identity',
    );
  });
});
