/**
 * Money and retirements end to end: the estimate from the model the service
 * says answered, no estimate and one notice for a model without a price,
 * max-cost refused before any call across a chain of fallbacks, and a
 * retiring or retired model warned about, or named first when its
 * deployment fails. The runs use the real clock: the retirement checks
 * assert what holds on either side of the dates they involve.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';

useEmulator({
  config: {
    openai: {
      deployments: {
        'gpt-5-mini': { model: 'gpt-5-mini-2025-08-07', reply: 'Hello from a priced model.' },
        'gpt-5.2': { model: 'gpt-5.2-2025-12-11', reply: 'Hello from a retiring model.' },
        'o3-pro': { model: 'o3-pro-2025-06-10', reply: 'Hello from o3-pro.', apis: ['responses'] },
        'team-model': { model: 'gpt-5.6-2026-09-01', reply: 'Hello from a model without a price.' },
      },
    },
  },
});

const run = (extra: Record<string, string>) => runAction(emulator, { inputs: { ...baseInputs(emulator), ...extra } });
const modelRequests = () => emulator.requests.filter((r) => r.service === 'openai').length;
const notices = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::notice'));
const DAY_MS = 86_400_000;

describe('estimated cost', () => {
  test('priced from the table for the model that answered: the output, the summary row, no notice', async () => {
    const result = await run({ deployment: 'gpt-5-mini' });
    assertSucceeded(result);
    const prompt = Number(result.outputs['prompt-tokens']);
    const completion = Number(result.outputs['completion-tokens']);
    // gpt-5-mini: $0.25 input, $2 output per million tokens.
    assert.equal(result.outputs['estimated-cost'], ((prompt * 0.25 + completion * 2) / 1_000_000).toFixed(6));
    assert.match(result.summary, /\| Estimated cost \| about \$\d\.\d+ \(list prices of 2026-12-07\) \|/);
    assert.equal(result.outputs['cache-write-tokens'], '0');
    assert.deepEqual(notices(result.stdout), []);
    // gpt-5-mini retires on 2027-02-06: from 60 days before, its run warns of that and of nothing else.
    const due = Date.parse('2027-02-06T00:00:00Z') - Date.now() <= 60 * DAY_MS;
    assert.deepEqual(
      result.warnings.map((warning) => warning.includes("(Microsoft's retirement schedule)")),
      due ? [true] : [],
    );
  });

  test('the prices input replaces the table', async () => {
    const result = await run({ deployment: 'gpt-5-mini', prices: 'input=1 cached=0.1 output=10' });
    assertSucceeded(result);
    const prompt = Number(result.outputs['prompt-tokens']);
    const completion = Number(result.outputs['completion-tokens']);
    assert.equal(result.outputs['estimated-cost'], ((prompt * 1 + completion * 10) / 1_000_000).toFixed(6));
    assert.match(result.summary, /\| Estimated cost \| about \$[\d.]+ \(the prices input\) \|/);
  });

  test('a model the table does not know: no estimate, one notice, never a guess', async () => {
    const result = await run({ deployment: 'team-model' });
    assertSucceeded(result);
    assert.equal(result.outputs['estimated-cost'], '');
    const said = notices(result.stdout);
    assert.equal(said.length, 1, said.join('\n'));
    assert.match(said[0] ?? '', /No cost estimate: the action's price table \(2026-12-07\) does not know model 'gpt-5\.6-2026-09-01'/);
    assert.match(result.summary, /\| Estimated cost \| none: the action's price table/);
  });
});

describe('max-cost', () => {
  test('a dearer fallback over the budget fails before any model request, naming it', async () => {
    const result = await run({ deployment: 'gpt-5-mini', fallbacks: 'gpt-5.2', 'max-tokens': '100000', 'max-cost': '0.50' });
    assert.equal(result.code, 1);
    assert.equal(modelRequests(), 0, 'no deployment was called');
    // gpt-5.2's 100,000 output tokens at $14 per million pass $0.50 alone.
    assert.match(
      result.errors.join('\n'),
      /Input 'max-cost': this run could cost \$1\.40: \d+ input tokens .* on deployment gpt-5\.2, more than max-cost \$0\.50/,
    );
    assert.match(result.errors.join('\n'), /troubleshooting\.md#the-run-could-cost-more-than-max-cost/);
  });

  test('within the budget across the chain: the run is called and priced', async () => {
    const result = await run({ deployment: 'gpt-5-mini', fallbacks: 'gpt-5.2', 'max-tokens': '1000', 'max-cost': '0.05' });
    assertSucceeded(result);
    assert.match(result.stdout, /Cost: at most \$0\.0\d+ \(dearest entry: deployment gpt-5\.2\) of max-cost \$0\.0500\./);
    assert.equal(modelRequests(), 1);
  });

  test('a deployment without a price is refused before any network call', async () => {
    const result = await run({ deployment: 'team-model', 'max-cost': '1' });
    assert.equal(result.code, 1);
    assert.equal(emulator.requests.length, 0, 'not even Entra was asked');
    assert.match(result.errors.join('\n'), /Input 'max-cost': needs prices for deployment team-model/);
  });
});

describe('retirements', () => {
  test('a model within 60 days of its retirement (or past it) warns, naming the date', async () => {
    const result = await run({ deployment: 'gpt-5.2' });
    assertSucceeded(result);
    const retiring = result.warnings.filter((w) => w.includes("(Microsoft's retirement schedule)"));
    const due = Date.parse('2026-12-12T00:00:00Z') - Date.now() <= 60 * DAY_MS;
    assert.equal(retiring.length, due ? 1 : 0, result.warnings.join('\n'));
    if (due) assert.match(retiring[0] ?? '', /^Model gpt-5\.2-2025-12-11 (retires on|retires today|was retired on) .*2026-12-12/);
  });

  test('o3-pro through the Responses API warns too', async () => {
    const result = await run({ deployment: 'o3-pro', api: 'responses' });
    assertSucceeded(result);
    const due = Date.parse('2026-12-10T00:00:00Z') - Date.now() <= 60 * DAY_MS;
    assert.equal(
      result.warnings.some((w) => /Model o3-pro-2025-06-10 .*2026-12-10/.test(w)),
      due,
    );
  });

  test('a deployment of a retired model that fails with 404: the retirement is named first', async () => {
    // No deployment named gpt-4o on the emulated resource: it answers 404, as a retired model's deployment does.
    const result = await run({ deployment: 'gpt-4o' });
    assert.equal(result.code, 1);
    const message = result.errors.join('\n');
    assert.match(
      message,
      /^Model gpt-4o was retired on 2026-10-01 \(Microsoft's retirement schedule\), and deployment 'gpt-4o' answered 404/,
    );
    assert.match(message, /Microsoft suggests gpt-5\.1/);
    assert.match(message, /troubleshooting\.md#the-model-was-retired/);
  });
});
