/**
 * File inputs through the built bundle: what a pull request can put in the
 * checkout (symlinks to secrets, .git/config, /proc files, FIFOs, huge files)
 * is refused before any network call, naming the input and the resolved path,
 * and none of the file's content reaches stdout, outputs or the summary. A
 * file an earlier step wrote to RUNNER_TEMP is read.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, test } from 'node:test';
import { baseInputs, type RunOptions, type RunResult, runAction } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

const TOKEN = 'eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==';
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`;
const OUTSIDE_SECRET = 'outside-secret-9f3c';

const outside = mkdtempSync(join(tmpdir(), 'aoai-file-reads-outside-'));
const secretFile = join(outside, 'msal_token_cache.json');
writeFileSync(secretFile, `{"AccessToken": {"secret": "${OUTSIDE_SECRET}"}}`);
const runnerTemp = mkdtempSync(join(tmpdir(), 'aoai-file-reads-temp-'));
writeFileSync(join(runnerTemp, 'pr.diff'), '- teh\n+ the\n');
execFileSync('mkfifo', [join(runnerTemp, 'pipe.md')]);
const sparse = join(runnerTemp, 'sparse.md');
writeFileSync(sparse, '');
truncateSync(sparse, 64 * 1024 * 1024);

useEmulator();
after(() => {
  rmSync(outside, { recursive: true, force: true });
  rmSync(runnerTemp, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
});

const run = (inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> =>
  runAction(emulator, { ...options, inputs: { ...baseInputs(emulator), ...inputs }, env: { RUNNER_TEMP: runnerTemp, ...options.env } });

/** Exit 1, one error naming the input and matching `error`, no request, no output, nothing of the file anywhere. */
function refused(result: RunResult, input: string, error: RegExp): void {
  assert.equal(result.code, 1, result.stdout + result.stderr);
  assert.equal(result.errors.length, 1, result.stdout);
  assert.ok(result.errors[0]!.startsWith(`Input '${input}': `), result.errors[0]);
  assert.match(result.errors[0]!, error);
  assert.deepEqual(
    emulator.requests.map((r) => `${r.service} ${r.path}`),
    [],
    'the emulator received no request',
  );
  assert.deepEqual(result.outputs, {});
  assert.equal(result.summary, '');
  const published = [result.stdout, result.stderr, ...Object.values(result.files)].join('\n');
  for (const secret of [TOKEN, 'AUTHORIZATION', OUTSIDE_SECRET, 'repositoryformatversion'])
    assert.ok(!published.includes(secret), `${secret} is not published`);
}

describe('file inputs are confined to the workspace and RUNNER_TEMP', () => {
  test('a prompt symlinked to a file outside the workspace', async () => {
    const result = await run(
      { prompt: '', 'prompt-file': '.github/prompts/review.md' },
      { symlinks: { '.github/prompts/review.md': secretFile } },
    );
    refused(result, 'prompt-file', new RegExp(`'\\.github/prompts/review\\.md' resolves to '${secretFile}', outside GITHUB_WORKSPACE`));
    // What is accepted: both places, by name and real path.
    assert.match(
      result.errors[0]!,
      /give a file inside GITHUB_WORKSPACE \('.*\/workspace'\) or RUNNER_TEMP \('.*aoai-file-reads-temp-.*'\)/,
    );
  });

  test('a prompt symlinked to .git/config holding the persisted token', async () => {
    const result = await run(
      { prompt: '', 'prompt-file': '.github/prompts/review.md' },
      { files: { '.git/config': GIT_CONFIG }, symlinks: { '.github/prompts/review.md': '../../.git/config' } },
    );
    refused(result, 'prompt-file', /resolves to '.*\/workspace\/\.git\/config', inside a \.git directory/);
  });

  test('a system prompt by absolute path outside', async () => {
    const result = await run({ 'system-prompt-file': secretFile });
    refused(result, 'system-prompt-file', /resolves to '.*msal_token_cache\.json', outside GITHUB_WORKSPACE/);
  });

  test('a variable file escaping with ../', async () => {
    const result = await run({ 'file-input': `diff: ../../${outside.split('/').at(-1)}/msal_token_cache.json` });
    refused(result, 'file-input', /variable 'diff': file '\.\.\/\.\.\/.*' resolves to '.*msal_token_cache\.json', outside/);
  });

  test('a schema symlinked to /proc/self/pagemap', async () => {
    const result = await run({ 'json-schema-file': 'schema.json' }, { symlinks: { 'schema.json': '/proc/self/pagemap' } });
    refused(result, 'json-schema-file', /'schema\.json' resolves to '\/proc\/\d+\/pagemap', outside GITHUB_WORKSPACE/);
  });

  test('a FIFO is refused at once (the step does not hang)', async () => {
    const result = await run({ prompt: '', 'prompt-file': join(runnerTemp, 'pipe.md') });
    refused(result, 'prompt-file', /is not a regular file \(it is a named pipe\)/);
    assert.ok(result.durationMs < 10_000, `${result.durationMs} ms`);
  });

  test('a file over the cap, reached through a symlink in the workspace, is refused', async () => {
    const result = await run({ prompt: '', 'prompt-file': 'big.md' }, { symlinks: { 'big.md': sparse } });
    refused(result, 'prompt-file', /'big\.md' \(resolving to '.*sparse\.md'\) is 67108864 bytes; the limit is 4194304 bytes \(4 MiB\)/);
  });

  test('a file whose stat says size 0 is read only to the cap (pagemap with /proc/self allowed)', async () => {
    // GITHUB_WORKSPACE=/proc/self resolves, in the action, to its own /proc/<pid>: pagemap is then allowed, and never ends.
    const result = await run({ prompt: '', 'prompt-file': '/proc/self/pagemap' }, { env: { GITHUB_WORKSPACE: '/proc/self' } });
    refused(
      result,
      'prompt-file',
      /'\/proc\/self\/pagemap' \(resolving to '\/proc\/\d+\/pagemap'\) is more than 4194304 bytes; the limit is 4194304 bytes \(4 MiB\)/,
    );
    assert.ok(result.durationMs < 10_000, `${result.durationMs} ms`);
  });

  test('a file in RUNNER_TEMP, and a symlink in the workspace to a file in it, are read', async () => {
    const result = await run(
      {
        prompt: '',
        'prompt-file': '.github/prompts/review.md',
        'system-prompt-file': 'docs/system.md',
        'file-input': `diff: ${join(runnerTemp, 'pr.diff')}`,
      },
      {
        files: { 'docs/review.md': 'Review this diff:\n{{diff}}', 'docs/system.md': 'Be brief.' },
        symlinks: { '.github/prompts/review.md': '../../docs/review.md' },
      },
    );
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const call = emulator.requests.find((r) => r.service === 'openai');
    assert.ok(call, 'the deployment was called');
    assert.deepEqual((call.body as { messages: unknown }).messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Review this diff:\n- teh\n+ the\n' },
    ]);
  });
});
