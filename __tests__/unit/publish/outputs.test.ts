/** Step outputs: exactly the outputs action.yml declares, as strings. */
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import { buildOutputs, writeResponseFile } from '../../../src/publish/outputs.ts';

const ACTION_YML = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'action.yml');

/** The keys under the top-level `outputs:` of action.yml (two-space indented names). */
function declaredOutputs(): string[] {
  const lines = readFileSync(ACTION_YML, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((line) => /^outputs:\s*$/.test(line));
  assert.ok(start >= 0, 'action.yml has an outputs: section');
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const match = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (match) names.push(match[1]!);
  }
  return names;
}

const RESULT: ModelAnswer = {
  api: 'chat',
  text: 'Hello | world\nsecond line',
  finishReason: 'length',
  promptTokens: 10,
  completionTokens: 0,
  totalTokens: 10,
  cachedTokens: 0,
  reasoningTokens: 0,
  model: 'gpt-5.1-2025-11-13',
  requestId: 'apim-123',
  latencyMs: 1500,
  attempts: 2,
  tokenScope: 'https://ai.azure.com/.default',
};

const SERVED = { deployment: 'backup', endpoint: 'https://res2.openai.azure.com', host: 'res2.openai.azure.com' };

describe('buildOutputs', () => {
  test('names exactly the outputs of action.yml', () => {
    const declared = declaredOutputs();
    assert.ok(declared.length >= 10, `parsed ${declared.join(', ')}`);
    // Outputs only some runs have, set beside buildOutputs: json (with a JSON response format);
    // truncated, omitted-files, passed and comment-url (src/publish/publish.ts), skipped (src/main.ts),
    // review-url, review-comments and review-findings (src/review/review-step.ts).
    const setElsewhere = new Set([
      'json',
      'truncated',
      'omitted-files',
      'passed',
      'comment-url',
      'skipped',
      'review-url',
      'review-comments',
      'review-findings',
    ]);
    assert.deepEqual(
      Object.keys(buildOutputs(RESULT, 'azure-cli', '/tmp/r.md', SERVED)).sort(),
      declared.filter((name) => !setElsewhere.has(name)).sort(),
    );
  });

  test('values', () => {
    assert.deepEqual(buildOutputs(RESULT, 'azure-cli', '/tmp/r.md', SERVED), {
      response: 'Hello | world\nsecond line',
      'response-file': '/tmp/r.md',
      'finish-reason': 'length',
      'prompt-tokens': '10',
      'completion-tokens': '0',
      'total-tokens': '10',
      'cached-tokens': '0',
      'cache-write-tokens': '0',
      'estimated-cost': '',
      'service-tier': '',
      'reasoning-tokens': '0',
      model: 'gpt-5.1-2025-11-13',
      'request-id': 'apim-123',
      'latency-ms': '1500',
      'auth-method': 'azure-cli',
      'token-scope': 'https://ai.azure.com/.default',
      api: 'chat',
      'cache-hit': 'false',
      'served-deployment': 'backup',
      'served-endpoint': 'https://res2.openai.azure.com',
      'tool-calls': '0',
    });
    assert.equal(buildOutputs(RESULT, 'azure-cli', '/tmp/r.md', SERVED, true)['cache-hit'], 'true');
  });

  test('every value is a string', () => {
    for (const [name, value] of Object.entries(buildOutputs(RESULT, 'github-oidc', '/x', SERVED)))
      assert.equal(typeof value, 'string', name);
  });
});

describe('writeResponseFile', () => {
  test('writes the whole response under the directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aoai-out-'));
    try {
      const text = `# Big\n${'é'.repeat(100_000)}\n`;
      const path = writeResponseFile(text, dir);
      assert.ok(path.startsWith(join(dir, 'azure-openai-keyless')), path);
      assert.ok(existsSync(path));
      assert.equal(readFileSync(path, 'utf8'), text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  test('a symlink an earlier step planted in RUNNER_TEMP does not send the answer out of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aoai-out-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'aoai-elsewhere-'));
    try {
      // The folder name the action used to reuse, and any it might pick, pointing outside.
      symlinkSync(elsewhere, join(dir, 'azure-openai-keyless'));
      const path = writeResponseFile('the answer', dir);
      assert.equal(realpathSync(path), join(realpathSync(dir), relative(dir, path)), 'written inside the directory');
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing written through the link');
      assert.equal(lstatSync(dirname(path)).isSymbolicLink(), false);
      // Two runs never share a file.
      assert.notEqual(writeResponseFile('again', dir), path);
      // A RUNNER_TEMP that does not exist yet (a local run) is created.
      assert.equal(readFileSync(writeResponseFile('fresh', join(dir, 'not', 'yet')), 'utf8'), 'fresh');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
