/**
 * `yaml` is loaded only by runs that give YAML (a .prompt.yml file, input,
 * file-input): every other run should not pay for loading and parsing it.
 * Each case runs readConfig in a fresh Node process whose module hook
 * records every URL it resolves.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const readConfigUrl = new URL('../../../src/inputs/read-config.ts', import.meta.url).href;
const fixture = fileURLToPath(new URL('../../fixtures/prompts/simple.prompt.yml', import.meta.url));

const script = `
import { registerHooks } from 'node:module';
const resolved = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.push(result.url);
    return result;
  },
});
const { readConfig } = await import(${JSON.stringify(readConfigUrl)});
const inputs = JSON.parse(process.argv[1]);
const config = await readConfig({ input: (name) => inputs[name] ?? '', env: {} });
console.log(JSON.stringify({
  messages: config.prompt.messages.length,
  yaml: resolved.filter((url) => url.includes('/node_modules/yaml/')),
}));
`;

/** Runs readConfig on `inputs` in a child process: how many messages it read, and the yaml URLs resolved. */
function probe(inputs: Record<string, string>): Promise<{ messages: number; yaml: string[] }> {
  const all = { endpoint: 'https://myres.openai.azure.com', deployment: 'gpt-5.1', ...inputs };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(all)],
      { env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`probe failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as { messages: number; yaml: string[] });
      },
    );
  });
}

test('a plain prompt with no YAML inputs does not load yaml', async () => {
  const run = await probe({ prompt: 'Say hello.', 'system-prompt': 'Be brief.' });
  assert.equal(run.messages, 2, 'readConfig read the prompt');
  assert.deepEqual(run.yaml, []);
});

test('input loads yaml (the probe sees it)', async () => {
  const run = await probe({ prompt: 'Say {{a}}.', input: 'a: b' });
  assert.equal(run.messages, 1);
  assert.ok(run.yaml.length > 0, 'yaml was resolved');
});

test('a .prompt.yml file loads yaml', async () => {
  const run = await probe({ 'prompt-file': fixture });
  assert.equal(run.messages, 2);
  assert.ok(run.yaml.length > 0, 'yaml was resolved');
});
