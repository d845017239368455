/**
 * The committed bundle, which the runner executes: the other end-to-end tests
 * run a fresh build of src/ (emulator/runner.ts), so these runs check that
 * dist/index.js and the chunks it loads on demand (identity, openai, GitHub
 * client, YAML, JSON schema, tokenizer, the diagnosis) work as committed.
 * That dist/ is the build of src/ is checked byte for byte by
 * `npm run check-dist` (in .ci/run and check-dist.yml). One run of
 * src/index.ts itself shows the source needs no build step to run.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { GITHUB_TOKEN, HEAD_SHA, NORMAL_PR, pullRequestEvent } from '../../emulator/fixtures/github-repos.ts';
import { baseInputs, DIST_ENTRY, ROOT, runAction, type RunOptions, type RunResult, SOURCE_ENTRY } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator();

function runBundle(options: RunOptions): Promise<RunResult> {
  return runAction(emulator, { ...options, entry: DIST_ENTRY });
}

describe('the bundle (dist/index.js)', () => {
  test('is what action.yml runs, on Node 24', () => {
    const action = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    assert.match(action, /using: ['"]?node24['"]?/);
    assert.match(action, /main: ['"]?dist\/index\.js['"]?/);
    assert.ok(existsSync(DIST_ENTRY), 'dist/index.js exists: run npm run build');
  });

  test('keyless: GitHub OIDC → Entra → chat, outputs and job summary', async () => {
    const result = await runBundle({ inputs: baseInputs(emulator) });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'github-oidc');
    assert.ok(result.outputs.response, 'a response output');
    assert.match(result.summary, /gpt-5.1/);
    assert.equal(emulator.requests.filter((r) => r.service === 'openai').length, 1);
  });

  test('azure/login session: the CLI credential spawns az', async () => {
    emulator.azLogin();
    const result = await runBundle({ inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', auth: 'azure-cli' } });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
  });

  test('the default chain names the link that answered (the class names survive minifying)', async () => {
    emulator.azLogin();
    const result = await runBundle({ inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', auth: 'default-chain' } });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'azure-cli');
  });

  test('a .prompt.yml (YAML) with a JSON schema (Ajv)', async () => {
    const result = await runBundle({
      inputs: { ...baseInputs(emulator), prompt: '', 'prompt-file': 'animal.prompt.yml', input: 'animal: cat' },
      copy: { 'animal.prompt.yml': join(ROOT, '__tests__', 'fixtures', 'prompts', 'json-schema.prompt.yml') },
    });
    assertSucceeded(result);
    assert.doesNotThrow(() => JSON.parse(result.outputs.response ?? ''), 'the answer is JSON');
  });

  test('a failure is diagnosed into one error annotation', async () => {
    const result = await runBundle({ inputs: { ...baseInputs(emulator), 'client-id': '00000000-0000-0000-0000-000000000000' } });
    assert.equal(result.code, 1);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0] ?? '', /federated|AADSTS/i);
  });

  test('context variables: the GitHub API, then the tokenizer fits the diff', async () => {
    const result = await runBundle({
      inputs: { ...baseInputs(emulator), prompt: 'Summarize {{pr.title}}: {{pr.diff}}', 'github-token': GITHUB_TOKEN },
      event: { name: 'pull_request', payload: pullRequestEvent(emulator.config.githubApi.repos, NORMAL_PR) },
      env: { GITHUB_SHA: HEAD_SHA },
    });
    assertSucceeded(result);
    assert.ok(
      emulator.requests.some((r) => r.service === 'github-api'),
      'the GitHub API was called',
    );
    assert.match(result.stdout, /Input: \d+ tokens \((o200k|cl100k)_base/);
  });
});

describe('the source (src/index.ts), as Node 24 runs it', () => {
  test('keyless: the same run without a build step', async () => {
    const result = await runAction(emulator, { inputs: baseInputs(emulator), entry: SOURCE_ENTRY });
    assertSucceeded(result);
    assert.equal(result.outputs['auth-method'], 'github-oidc');
    assert.ok(result.outputs.response, 'a response output');
  });
});
