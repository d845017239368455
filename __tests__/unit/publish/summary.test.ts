/** The job summary: a table of facts, the response as Markdown, the prompt folded in <details>. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelAnswer } from '../../../src/call/call-outcome.ts';
import { renderSummary, type SummaryFacts } from '../../../src/publish/summary.ts';

const RESULT: ModelAnswer = {
  api: 'chat',
  text: '## Release notes\n\n- Fixed **everything**.',
  finishReason: 'stop',
  promptTokens: 12,
  completionTokens: 34,
  totalTokens: 46,
  cachedTokens: 0,
  reasoningTokens: 0,
  model: 'gpt-5.1-2025-11-13',
  requestId: 'req-0001',
  latencyMs: 812,
  attempts: 1,
};

const facts = (overrides: Partial<SummaryFacts> = {}, result: Partial<ModelAnswer> = {}): SummaryFacts => ({
  deployment: 'gpt-5.1',
  endpointHost: 'myres.openai.azure.com',
  authMethod: 'github-oidc',
  result: { ...RESULT, ...result },
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Write the release notes.' },
  ],
  ...overrides,
});

/** The table rows as [key, value] pairs. */
function rows(markdown: string): Array<[string, string]> {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| |') && !line.startsWith('| ---'))
    .map((line) => {
      const match = /^\| (.+?) \| (.*) \|$/.exec(line);
      assert.ok(match, `a table row: ${line}`);
      return [match[1]!, match[2]!];
    });
}

describe('renderSummary', () => {
  test('the facts table', () => {
    assert.deepEqual(rows(renderSummary(facts())), [
      ['Deployment', '`gpt-5.1`'],
      ['Endpoint', '`myres.openai.azure.com`'],
      ['Model', '`gpt-5.1-2025-11-13`'],
      ['Auth method', '`github-oidc`'],
      ['Tokens', '12 prompt + 34 completion = 46'],
      ['Latency', '812 ms'],
      ['Finish reason', '`stop`'],
      ['API', '`chat`'],
      ['Request id', '`req-0001`'],
    ]);
  });

  test('the whole layout', () => {
    const markdown = renderSummary(facts());
    assert.ok(markdown.startsWith('### Azure OpenAI\n\n| | |\n| --- | --- |\n'));
    const table = markdown.indexOf('| Deployment');
    const response = markdown.indexOf('#### Response\n\n```markdown\n## Release notes\n\n- Fixed **everything**.\n```\n');
    const details = markdown.indexOf('<details><summary>Prompt</summary>\n\n');
    const close = markdown.indexOf('\n</details>\n');
    assert.ok(table > 0 && response > table && details > response && close > details, 'table, then response, then the folded prompt');
  });

  test('the prompt is inside <details>, each message fenced with its role', () => {
    const markdown = renderSummary(facts());
    const inside = markdown.slice(markdown.indexOf('<details>'), markdown.indexOf('</details>'));
    assert.ok(inside.includes('**system**\n\n```text\nBe brief.\n```'));
    assert.ok(inside.includes('**user**\n\n```text\nWrite the release notes.\n```'));
    assert.ok(
      !markdown.slice(0, markdown.indexOf('<details>')).includes('Write the release notes.'),
      'the prompt is not outside <details>',
    );
  });

  const cells: Array<{ name: string; model: string; expected: string }> = [
    { name: 'a pipe is escaped so it cannot split the cell', model: 'a|b', expected: '`a\\|b`' },
    { name: 'a backtick gets a longer fence', model: 'a`b', expected: '``a`b``' },
    { name: 'a run of backticks gets a longer fence still', model: 'a``b', expected: '```a``b```' },
    { name: 'a leading backtick is padded', model: '`x', expected: '`` `x ``' },
    { name: 'a trailing backtick is padded', model: 'x`', expected: '`` x` ``' },
    { name: 'a new line becomes a space', model: 'line1\nline2\r\nline3', expected: '`line1 line2 line3`' },
    { name: 'an empty model reads unknown', model: '', expected: '`unknown`' },
  ];
  for (const { name, model, expected } of cells) {
    test(`table cell: ${name}`, () => {
      const model_ = rows(renderSummary(facts({}, { model })))[2]!;
      assert.deepEqual(model_, ['Model', expected]);
    });
  }

  test('a fenced prompt cannot be closed by backticks inside it', () => {
    const markdown = renderSummary(facts({ messages: [{ role: 'user', content: 'Explain:\n```js\nx()\n```\nand ````four````' }] }));
    assert.ok(markdown.includes('**user**\n\n`````text\nExplain:\n```js\nx()\n```\nand ````four````\n`````'));
  });

  test('no system prompt: only the user message', () => {
    const markdown = renderSummary(facts({ messages: [{ role: 'user', content: 'Hi' }] }));
    assert.ok(markdown.includes('**user**'));
    assert.ok(!markdown.includes('**system**'));
  });

  test('retries are shown with the latency', () => {
    assert.deepEqual(rows(renderSummary(facts({}, { attempts: 3, latencyMs: 4100 })))[5], ['Latency', '4100 ms (3 attempts)']);
  });

  test('the Tokens row shows cached and reasoning tokens only when reported', () => {
    const row = (result: Partial<ModelAnswer>) => rows(renderSummary(facts({}, result))).find(([key]) => key === 'Tokens')?.[1];
    assert.equal(row({}), '12 prompt + 34 completion = 46');
    assert.equal(row({ cachedTokens: 8, reasoningTokens: 20 }), '12 prompt (8 cached) + 34 completion (20 reasoning) = 46');
    assert.equal(row({ reasoningTokens: 20 }), '12 prompt + 34 completion (20 reasoning) = 46');
  });

  test('the region and the serving deployment appear when the service names them', () => {
    const table = rows(renderSummary(facts({}, { region: 'Sweden Central', servedDeployment: 'gpt-5.1' })));
    assert.deepEqual(
      table.find(([key]) => key === 'Region'),
      ['Region', '`Sweden Central`'],
    );
    assert.deepEqual(
      table.find(([key]) => key === 'Served by deployment'),
      ['Served by deployment', '`gpt-5.1`'],
    );
    assert.ok(!rows(renderSummary(facts())).some(([key]) => key === 'Region' || key === 'Served by deployment'));
  });

  test('after a failover, a Failover row lists each deployment called and why the ones before did not answer', () => {
    const tried = [
      { deployment: 'primary', host: 'res1.openai.azure.com', outcome: 'failed' as const, reason: '429 rate limited after 4 attempts' },
      { deployment: 'gpt-5.1', host: 'res2.openai.azure.com', outcome: 'answered' as const },
    ];
    const table = rows(renderSummary(facts({ tried, endpointHost: 'res2.openai.azure.com' })));
    assert.deepEqual(
      table.find(([key]) => key === 'Failover'),
      [
        'Failover',
        '1. `primary` on `res1.openai.azure.com`: 429 rate limited after 4 attempts<br>2. `gpt-5.1` on `res2.openai.azure.com`: answered',
      ],
    );
    assert.deepEqual(table[1], ['Endpoint', '`res2.openai.azure.com`'], 'the endpoint that answered');
    const firstTime = [{ deployment: 'gpt-5.1', host: 'res1.openai.azure.com', outcome: 'answered' as const }];
    assert.ok(!rows(renderSummary(facts({ tried: firstTime }))).some(([key]) => key === 'Failover'), 'no row when the first answered');
  });

  test('no request id: no row', () => {
    assert.ok(!rows(renderSummary(facts({}, { requestId: '' }))).some(([key]) => key === 'Request id'));
  });

  test('an empty response is said to be empty', () => {
    assert.ok(renderSummary(facts({}, { text: '  \n' })).includes('#### Response\n\n_(empty response)_\n'));
  });

  test('a content-filtered finish reason is shown', () => {
    assert.deepEqual(rows(renderSummary(facts({}, { finishReason: 'content_filter' })))[6], ['Finish reason', '`content_filter`']);
  });
});
