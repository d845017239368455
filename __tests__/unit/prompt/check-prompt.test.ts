/**
 * The prompt before the call: rendered once (variables filled in, slots for
 * the context variables), warnings and the model notice, JSON mode's rule,
 * the parameters sent and described.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Config } from '../../../src/config.ts';
import { InputError } from '../../../src/errors.ts';
import { readConfig } from '../../../src/inputs/read-config.ts';
import { answerValidator } from '../../../src/judge/json-answer.ts';
import { checkPrompt, describePrompt } from '../../../src/prompt/check-prompt.ts';
import { generationParameters, describeParameters } from '../../../src/prompt/parameters.ts';
import { renderPrompt, withContext } from '../../../src/prompt/render.ts';

/** What main.ts does before any network call, in its order. */
async function prepareChat(c: Config, sink: ReturnType<typeof recorder>['sink'], contextVariables: Record<string, string> = {}) {
  const rendered = renderPrompt(c.prompt);
  checkPrompt(c, rendered, new Set(Object.keys(contextVariables)), sink);
  const validate = await answerValidator(c.responseFormat);
  sink.info(describePrompt(c, rendered));
  return { messages: withContext(rendered, contextVariables), parameters: generationParameters(c), validate };
}

const BASE = { endpoint: 'https://myres.openai.azure.com', deployment: 'gpt-5.1', prompt: 'Say hello.' };
const config = (inputs: Record<string, string>): Promise<Config> => {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return readConfig({ input: (name) => all[name] ?? '', env: {} });
};
function recorder() {
  const log = { info: [] as string[], warning: [] as string[], notice: [] as string[] };
  return {
    log,
    sink: { info: (m: string) => log.info.push(m), warning: (m: string) => log.warning.push(m), notice: (m: string) => log.notice.push(m) },
  };
}

describe('prepareChat', () => {
  test('variables fill the prompt and the system prompt; an unknown placeholder warns once', async () => {
    const { log, sink } = recorder();
    const prepared = await prepareChat(
      await config({ prompt: '{{a}} {{missing}} {{missing}}', 'system-prompt': 'About {{a}}.', input: 'a: cats' }),
      sink,
    );
    assert.deepEqual(prepared.messages, [
      { role: 'system', content: 'About cats.' },
      { role: 'user', content: 'cats {{missing}} {{missing}}' },
    ]);
    assert.deepEqual(log.warning, [
      'The prompt uses {{missing}}, which no variable sets: it is sent as written. Set it through the input or file-input input.',
    ]);
    assert.deepEqual(log.info, ["Prompt: 2 messages from input prompt. Parameters: the deployment's defaults."]);
    assert.equal(prepared.validate, undefined);
    assert.deepEqual(prepared.parameters, {});
  });
  test('a context variable is an empty slot for the checks, filled in as it is', async () => {
    const { log, sink } = recorder();
    const c = await config({ 'response-format': 'json', prompt: '{{pr.body}} {{x}}' });
    // Its value cannot satisfy JSON mode's rule: the prompt as written must ask for JSON.
    await assert.rejects(prepareChat(c, sink, { 'pr.body': 'Answer in JSON.' }), InputError);
    const ok = await prepareChat(await config({ prompt: 'JSON: {{pr.body}}' }), sink, { 'pr.body': '{{x}} $& $1' });
    assert.equal(ok.messages[0]?.content, 'JSON: {{x}} $& $1');
    assert.deepEqual(log.warning, [
      'The prompt uses {{x}}, which no variable sets: it is sent as written. Set it through the input or file-input input.',
    ]);
  });
  test('context variables fill in where no input variable of that name is set', async () => {
    const { sink } = recorder();
    const prepared = await prepareChat(await config({ prompt: '{{pr.number}} {{repo}}', input: 'repo: mine' }), sink, {
      'pr.number': '7',
      repo: 'theirs',
    });
    assert.equal(prepared.messages[0]?.content, '7 mine');
  });
  test("a prompt file's model is a notice; its ignored keys are warnings", async () => {
    const { log, sink } = recorder();
    const c = await config({ prompt: '', 'prompt-file': '__tests__/fixtures/prompts/simple.prompt.yml', input: 'a: x\nb: y' });
    c.prompt.warnings = ['Prompt file: something ignored.'];
    await prepareChat(c, sink);
    assert.deepEqual(log.notice, [
      "The prompt file names the model 'openai/gpt-4o' (a GitHub Models name); Azure OpenAI answers with deployment 'gpt-5.1', which the deployment input chooses.",
    ]);
    assert.deepEqual(log.warning, ['Prompt file: something ignored.']);
  });
  test('JSON mode without the word JSON in any message fails before the call, naming the input that chose it', async () => {
    const { sink } = recorder();
    await assert.rejects(
      prepareChat(await config({ 'response-format': 'json' }), sink),
      (e: unknown) => e instanceof InputError && e.input === 'response-format' && e.message.includes('requires the word "JSON"'),
    );
    await assert.rejects(
      prepareChat(await config({ prompt: '', 'prompt-file': '__tests__/fixtures/prompts/bad/json-mode-without-json.prompt.yml' }), sink),
      (e: unknown) => e instanceof InputError && e.input === 'prompt-file',
    );
    // A variable's value counts: the rule applies to what is sent.
    const ok = await prepareChat(await config({ 'response-format': 'json', prompt: '{{how}}', input: 'how: Answer in json.' }), sink);
    assert.deepEqual(ok.parameters, { responseFormat: { type: 'json_object' } });
    // JSON mode without a schema still reads the answer as JSON (readJsonOutput), with nothing to check it against.
    assert.deepEqual(ok.validate?.({}), []);
  });
  test('every parameter, as sent and as described', async () => {
    const { log, sink } = recorder();
    const c = await config({
      'max-tokens': '100',
      temperature: '0.5',
      'top-p': '0.9',
      'reasoning-effort': 'low',
      'json-schema': '{"name": "x", "strict": true, "schema": {"type": "object"}}',
    });
    const prepared = await prepareChat(c, sink);
    assert.deepEqual(prepared.parameters, {
      maxTokens: 100,
      temperature: 0.5,
      topP: 0.9,
      reasoningEffort: 'low',
      responseFormat: { type: 'json_schema', json_schema: { name: 'x', strict: true, schema: { type: 'object' } } },
    });
    assert.equal(
      describeParameters(c),
      "max_completion_tokens 100, temperature 0.5, top_p 0.9, reasoning_effort low, response_format json_schema 'x' (strict) from input json-schema",
    );
    assert.match(log.info[0] ?? '', /Parameters: max_completion_tokens 100, /);
    assert.ok(prepared.validate);
  });
});
