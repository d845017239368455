/**
 * Money and retirements end to end: the estimate from the model the service
 * says answered, no estimate and one notice for a model without a price,
 * max-cost refused before any call across a chain of fallbacks, and a
 * retiring or retired model warned about, or named first when its
 * deployment fails. Each run's clock reads a fixed day (runAction's
 * `today`), so what is asserted does not depend on when the tests run.
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
        'gpt-4o': { model: 'gpt-4o-2024-11-20', retired: true },
      },
    },
  },
});

/** This session's day: gpt-5-mini (2027-02-06) is exactly 60 days away, gpt-5.1 (2027-05-15) 158. */
const TODAY = '2026-12-08';
const run = (extra: Record<string, string>, today = TODAY) => runAction(emulator, { inputs: { ...baseInputs(emulator), ...extra }, today });
const modelRequests = () => emulator.requests.filter((r) => r.service === 'openai').length;
const notices = (stdout: string) => stdout.split('\n').filter((line) => line.startsWith('::notice'));
const retirementWarnings = (warnings: string[]) => warnings.filter((w) => w.includes("(Microsoft's retirement schedule)"));

describe('estimated cost', () => {
  test('priced from the table for the model that answered: the output, the summary row, no notice, no warning', async () => {
    const result = await run({});
    assertSucceeded(result);
    assert.equal(result.outputs.model, 'gpt-5.1-2025-11-13');
    const prompt = Number(result.outputs['prompt-tokens']);
    const completion = Number(result.outputs['completion-tokens']);
    // gpt-5.1: $1.25 input, $10 output per million tokens.
    assert.equal(result.outputs['estimated-cost'], ((prompt * 1.25 + completion * 10) / 1_000_000).toFixed(6));
    assert.match(result.summary, /\| Estimated cost \| about \$\d\.\d+ \(list prices of 2026-12-07\) \|/);
    assert.equal(result.outputs['cache-write-tokens'], '0');
    assert.deepEqual(notices(result.stdout), []);
    assert.deepEqual(result.warnings, [], 'a current model: no warning of any kind');
  });

  test('the prices input replaces the table', async () => {
    const result = await run({ prices: 'input=1 cached=0.1 output=10' });
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
  test('60 days before the date a model warns, naming the date; 61 days before it does not', async () => {
    const warned = await run({ deployment: 'gpt-5-mini' }, '2026-12-08');
    assertSucceeded(warned);
    assert.equal(warned.warnings.length, 1, warned.warnings.join('\n'));
    assert.match(
      warned.warnings[0] ?? '',
      /^Model gpt-5-mini-2025-08-07 retires on 2027-02-06 \(in 60 days\) \(Microsoft's retirement schedule\); Microsoft names no replacement/,
    );
    const early = await run({ deployment: 'gpt-5-mini' }, '2026-12-07');
    assertSucceeded(early);
    assert.deepEqual(early.warnings, []);
  });

  test('a model days from its date warns; the current model beside it in the chain does not', async () => {
    const result = await run({ deployment: 'gpt-5.2' }, '2026-12-01');
    assertSucceeded(result);
    assert.deepEqual(retirementWarnings(result.warnings), result.warnings, 'only the retirement warns');
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? '', /^Model gpt-5\.2-2025-12-11 retires on 2026-12-12 \(in 11 days\)/);
    assert.deepEqual((await run({ deployment: 'gpt-5.2' }, '2026-10-01')).warnings, [], '72 days before: no warning');
  });

  test('o3-pro through the Responses API, past its date while its deployment still answers: warned as retired', async () => {
    const result = await run({ deployment: 'o3-pro', api: 'responses' }, '2026-12-20');
    assertSucceeded(result);
    assert.equal(result.warnings.length, 1, result.warnings.join('\n'));
    assert.match(result.warnings[0] ?? '', /^Model o3-pro-2025-06-10 was retired on 2026-12-10, 10 days ago/);
  });

  test("a retired model's deployment answering 404 Resource not found: the retirement is named first", async () => {
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
