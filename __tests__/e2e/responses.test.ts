/**
 * The Responses API end to end through the bundle: api auto switching once
 * for a Responses-only deployment, api responses with a system prompt and a
 * .prompt.yml's roles, the parameter mapping (max_output_tokens,
 * reasoning.effort, text.verbosity, reasoning.summary, text.format), a
 * reasoning deployment's refused temperature dropped once with a warning,
 * streamed and whole answers, an incomplete answer, usage details, and bad
 * values failing before any request. Every run asserts the bodies the
 * emulator received and how many there were.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction, type RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

const SUMMARY_TEXT = 'Compared both greetings; **chose** the shorter. </details> <script>x</script>';

useEmulator({
  config: {
    openai: {
      deployments: {
        // A Responses-only model: the chat route answers 400 OperationNotSupported.
        codex: {
          model: 'gpt-5.1-codex',
          apis: ['responses'],
          cachedTokens: 2,
          reasoningTokens: 32,
          reasoningSummary: SUMMARY_TEXT,
        },
      },
    },
  },
});

type Body = Record<string, unknown>;
const calls = () => emulator.requests.filter((r) => r.service === 'openai');
const bodies = (): Body[] => calls().map((r) => r.body as Body);
const paths = (): string[] => calls().map((r) => r.path);

const run = (inputs: Record<string, string>, files?: Record<string, string>): Promise<RunResult> =>
  runAction(emulator, { inputs: { ...baseInputs(emulator), ...inputs }, ...(files ? { files } : {}) });

describe('api: auto', () => {
  test('a Responses-only deployment: exactly one failed chat attempt, then Responses, store false, the log says why', async () => {
    const result = await run({ deployment: 'codex', stream: 'false' });
    assertSucceeded(result);
    assert.deepEqual(paths(), ['/openai/v1/chat/completions', '/openai/v1/responses']);
    assert.deepEqual(
      calls().map((r) => r.status),
      [400, 200],
    );
    // One token for both calls.
    assert.equal(emulator.requests.filter((r) => r.service === 'entra' && r.path.endsWith('/oauth2/v2.0/token')).length, 1);
    const responsesBody = bodies()[1]!;
    assert.equal(responsesBody.store, false);
    assert.equal(responsesBody.model, 'codex');
    assert.deepEqual(responsesBody.input, [{ role: 'user', content: 'Say hello.' }]);
    assert.equal(result.outputs.api, 'responses');
    assert.equal(result.outputs.response, 'Emulated answer to: "Say hello."');
    assert.equal(result.outputs['finish-reason'], 'stop');
    assert.equal(result.outputs.model, 'gpt-5.1-codex');
    assert.match(result.stdout, /does not serve Chat Completions \(400 OperationNotSupported: The chatCompletion operation does not work/);
    assert.match(result.stdout, /calling the Responses API instead \(POST http:\/\/127\.0\.0\.1:\d+\/openai\/v1\/responses\)/);
    assert.match(result.summary, /\| API \| `responses` \|/);
    assert.match(result.summary, /\| Latency \| \d+ ms \(2 attempts: chat not supported\) \|/);
  });

  test('a chat deployment stays on chat: one request, api output chat', async () => {
    const result = await run({});
    assertSucceeded(result);
    assert.deepEqual(paths(), ['/openai/v1/chat/completions']);
    assert.equal(result.outputs.api, 'chat');
    assert.match(result.summary, /\| API \| `chat` \|/);
  });

  test('with max-retries 0 the switch still happens: it is not a retry', async () => {
    const result = await run({ deployment: 'codex', 'max-retries': '0' });
    assertSucceeded(result);
    assert.equal(calls().length, 2);
    assert.equal(result.outputs.api, 'responses');
  });

  test('a dated api-version keeps chat: one request, and the error says to set api: responses', async () => {
    const result = await run({ deployment: 'codex', 'api-version': '2024-10-21' });
    assert.equal(result.code, 1);
    assert.deepEqual(paths(), ['/openai/deployments/codex/chat/completions']);
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0]!, /Deployment 'codex' serves no Chat Completions \(400 OperationNotSupported\)/);
    assert.match(result.errors[0]!, /Set api: responses/);
    assert.deepEqual(Object.keys(result.outputs), []);
  });

  test('api: chat never switches: the Responses-only deployment fails after one request', async () => {
    const result = await run({ deployment: 'codex', api: 'chat' });
    assert.equal(result.code, 1);
    assert.equal(calls().length, 1);
    assert.match(result.errors[0]!, /serves no Chat Completions/);
  });
});

describe('api: responses', () => {
  test('a system prompt becomes instructions; one request to the v1 Responses route', async () => {
    const result = await run({ api: 'responses', 'system-prompt': 'You are terse.', stream: 'false' });
    assertSucceeded(result);
    assert.deepEqual(paths(), ['/openai/v1/responses']);
    const body = bodies()[0]!;
    assert.equal(body.instructions, 'You are terse.');
    assert.deepEqual(body.input, [{ role: 'user', content: 'Say hello.' }]);
    assert.equal(body.store, false);
    assert.equal(result.outputs.api, 'responses');
  });

  test("a .prompt.yml's roles: the leading system message is instructions, the conversation keeps its roles", async () => {
    const file = [
      'messages:',
      '  - role: system',
      '    content: Answer as a pirate.',
      '  - role: user',
      '    content: Hello?',
      '  - role: assistant',
      '    content: Ahoy.',
      '  - role: user',
      '    content: Say it again.',
      '',
    ].join('\n');
    const result = await run({ api: 'responses', prompt: '', 'prompt-file': 'chat.prompt.yml' }, { 'chat.prompt.yml': file });
    assertSucceeded(result);
    const body = bodies()[0]!;
    assert.equal(body.instructions, 'Answer as a pirate.');
    assert.deepEqual(body.input, [
      { role: 'user', content: 'Hello?' },
      { role: 'assistant', content: 'Ahoy.' },
      { role: 'user', content: 'Say it again.' },
    ]);
    assert.equal(result.outputs.response, 'Emulated answer to: "Say it again."');
  });

  test('a dated api-version: the v1 Responses route all the same, and the log says so', async () => {
    const result = await run({ api: 'responses', 'api-version': '2025-04-01-preview' });
    assertSucceeded(result);
    assert.deepEqual(paths(), ['/openai/v1/responses']);
    assert.deepEqual(calls()[0]!.query, {});
    assert.match(
      result.stdout,
      /api: responses calls the v1 Responses route .*; api-version 2025-04-01-preview applies to Chat Completions only\./,
    );
  });
});

describe('parameters on the Responses API', () => {
  test('max_output_tokens, reasoning.effort xhigh, reasoning.summary, text.verbosity; the summary folded in the job summary', async () => {
    const result = await run({
      deployment: 'codex',
      api: 'responses',
      'max-tokens': '800',
      'reasoning-effort': 'xhigh',
      'reasoning-summary': 'detailed',
      verbosity: 'low',
      stream: 'false',
    });
    assertSucceeded(result);
    const body = bodies()[0]!;
    assert.equal(body.max_output_tokens, 800);
    assert.deepEqual(body.reasoning, { effort: 'xhigh', summary: 'detailed' });
    assert.deepEqual(body.text, { verbosity: 'low' });
    for (const chatName of ['max_completion_tokens', 'max_tokens', 'reasoning_effort', 'verbosity', 'messages']) {
      assert.ok(!(chatName in body), `${chatName} is a chat name`);
    }
    assert.match(
      result.summary,
      /<details><summary>Reasoning summary<\/summary>\n\n```text\nCompared both greetings; \*\*chose\*\* the shorter\. <\/details> <script>x<\/script>\n```\n\n<\/details>/,
    );
    assert.match(result.summary, /max_output_tokens 800, reasoning\.effort xhigh, reasoning\.summary detailed, text\.verbosity low/);
    assert.equal(result.outputs['reasoning-tokens'], '32');
    assert.equal(result.outputs['cached-tokens'], '2');
  });

  test('verbosity on chat is the top-level verbosity; reasoning-summary is not sent to chat under auto', async () => {
    const result = await run({ verbosity: 'high', 'reasoning-summary': 'auto' });
    assertSucceeded(result);
    const body = bodies()[0]!;
    assert.equal(body.verbosity, 'high');
    assert.ok(!('reasoning' in body) && !('reasoning_summary' in body));
    assert.doesNotMatch(result.summary, /Reasoning summary/);
  });

  for (const api of ['responses', 'chat']) {
    test(`${api}: a temperature refused beside reasoning is dropped with top-p, once, with a warning naming the inputs`, async () => {
      const result = await run({ api, temperature: '0.2', 'top-p': '0.9', 'reasoning-effort': 'low', 'max-retries': '0' });
      assertSucceeded(result);
      const sent = bodies();
      assert.equal(sent.length, 2);
      assert.equal(sent[0]!.temperature, 0.2);
      assert.equal(sent[0]!.top_p, 0.9);
      assert.ok(!('temperature' in sent[1]!) && !('top_p' in sent[1]!));
      assert.equal(result.warnings.filter((w) => w.includes('does not accept temperature')).length, 1, result.warnings.join('\n'));
      assert.match(result.warnings.join('\n'), /Remove the temperature and top-p inputs/);
      assert.match(result.summary, /temperature 0\.2 \(refused, left out\), top_p 0\.9 \(refused, left out\)/);
      assert.match(result.summary, /\(2 attempts: temperature unsupported\)/);
    });
  }

  test('a JSON schema goes as text.format, flat; the json output is the checked answer', async () => {
    const schema = {
      type: 'object',
      properties: { verdict: { type: 'string' } },
      required: ['verdict'],
      additionalProperties: false,
    };
    const result = await run({
      api: 'responses',
      'json-schema': JSON.stringify({ name: 'verdict', strict: true, schema }),
      stream: 'false',
    });
    assertSucceeded(result);
    const text = bodies()[0]!.text as { format: Record<string, unknown> };
    assert.equal(text.format.type, 'json_schema');
    assert.equal(text.format.name, 'verdict');
    assert.equal(text.format.strict, true);
    assert.deepEqual(text.format.schema, schema);
    assert.ok(!('json_schema' in text.format), 'not nested as chat is');
    assert.ok(!('response_format' in bodies()[0]!));
    assert.deepEqual(Object.keys(JSON.parse(result.outputs.json!) as object), ['verdict']);
  });
});

describe('answers from the Responses API', () => {
  test('streamed and whole answers give the same outputs, usage details included', async () => {
    const streamed = await run({ deployment: 'codex', api: 'responses', stream: 'true' });
    assertSucceeded(streamed);
    const whole = await run({ deployment: 'codex', api: 'responses', stream: 'false' });
    assertSucceeded(whole);
    assert.deepEqual(
      bodies().map((b) => b.stream === true),
      [true, false],
    );
    const same = [
      'response',
      'finish-reason',
      'prompt-tokens',
      'completion-tokens',
      'total-tokens',
      'cached-tokens',
      'reasoning-tokens',
      'model',
      'api',
    ];
    for (const name of same) assert.equal(streamed.outputs[name], whole.outputs[name], name);
    assert.equal(streamed.outputs['reasoning-tokens'], '32');
    assert.equal(streamed.outputs['cached-tokens'], '2');
    assert.ok(Number(streamed.outputs['completion-tokens']) > 32, 'reasoning counted in output_tokens');
    assert.equal(
      Number(streamed.outputs['total-tokens']),
      Number(streamed.outputs['prompt-tokens']) + Number(streamed.outputs['completion-tokens']),
    );
  });

  test('a Responses stream that stalls is retried, as a chat stream is; one cut mid-way too', async () => {
    emulator.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 3 }]);
    const stalled = await run({ api: 'responses', timeout: '1' });
    assertSucceeded(stalled);
    assert.match(stalled.stdout, /Attempt 1 failed \(stalled\)/);
    assert.equal(calls().length, 2);
    emulator.reset();
    emulator.injectFaults('openai', [{ kind: 'cut-stream', afterChunks: 4 }]);
    const cut = await run({ api: 'responses' });
    assertSucceeded(cut);
    assert.equal(calls().length, 2);
    assert.equal(cut.outputs.response, 'Emulated answer to: "Say hello."');
  });

  test('a streamed reasoning summary reaches the job summary', async () => {
    const result = await run({ deployment: 'codex', api: 'responses', 'reasoning-summary': 'concise' });
    assertSucceeded(result);
    assert.equal(bodies()[0]!.stream, true);
    assert.ok(result.summary.includes(SUMMARY_TEXT), result.summary);
  });

  test('an incomplete answer (max_output_tokens) is finish reason length, with the truncation warning', async () => {
    const result = await run({ api: 'responses', 'max-tokens': '3', prompt: 'Say hello to every one of the people in the team.' });
    assertSucceeded(result);
    assert.equal(result.outputs['finish-reason'], 'length');
    assert.match(result.warnings.join('\n'), /The answer was cut at the token limit \(finish reason length/);
  });

  test('an incomplete answer with fail-on-truncation fails the step and writes no outputs', async () => {
    const result = await run({
      api: 'responses',
      'max-tokens': '3',
      prompt: 'Say hello to every one of the people in the team.',
      'fail-on-truncation': 'true',
      stream: 'false',
    });
    assert.equal(result.code, 1);
    assert.match(result.errors.join('\n'), /cut at the token limit .*fail-on-truncation is true/);
    assert.equal(result.outputs.response, undefined);
  });
});

describe('bad values fail naming the input, with no request at all', () => {
  const cases: Array<{ inputs: Record<string, string>; input: string; says: RegExp }> = [
    { inputs: { api: 'completions' }, input: 'api', says: /'completions' is not one of auto, chat, responses/ },
    { inputs: { verbosity: 'loud' }, input: 'verbosity', says: /'loud' is not one of low, medium, high/ },
    { inputs: { 'reasoning-summary': 'short' }, input: 'reasoning-summary', says: /'short' is not one of auto, concise, detailed/ },
    {
      inputs: { api: 'chat', 'reasoning-summary': 'auto' },
      input: 'reasoning-summary',
      says: /sent only by the Responses API, and api is chat/,
    },
  ];
  for (const c of cases) {
    test(`${JSON.stringify(c.inputs)} → ${c.input}`, async () => {
      const result = await run(c.inputs);
      assert.equal(result.code, 1);
      assert.equal(result.errors.length, 1);
      assert.match(result.errors[0]!, new RegExp(`\\b${c.input}\\b`));
      assert.match(result.errors[0]!, c.says);
      assert.equal(emulator.requests.length, 0, emulator.requests.map((r) => r.path).join(', '));
    });
  }
});
