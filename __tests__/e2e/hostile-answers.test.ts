/**
 * Hostile answers, end to end through the bundle: what a steered model or a
 * hostile endpoint sends cannot rewrite the job summary (the answer is shown
 * as text in a fence it cannot close); cannot keep the schema check running
 * past its time limit; cannot issue a workflow command through the text the
 * `openai` client prints of an event it cannot parse.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { baseInputs, runAction } from '../../emulator/runner.ts';
import { SCHEMA_CHECK_LIMITS } from '../../src/judge/schema-check.ts';
import { deepAnswer, recursiveKinds } from '../fixtures/recursive-schema.ts';
import { emulator, outsideFences, useEmulator } from './harness.ts';

useEmulator();

describe('the job summary', () => {
  test('an answer cannot load remote content, hide the rest of the page or forge a section', async () => {
    const answer = [
      '![beacon](https://beacon.example.invalid/pixel.png)',
      '<img src="https://beacon.example.invalid/img.png">',
      '```',
      '#### Smoke test: passed',
      '````',
      '<!--',
    ].join('\n');
    emulator.injectFaults('openai', [{ kind: 'reply', content: answer }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), expect: '^All good' } });
    assert.equal(result.code, 1, result.stdout);
    const outside = outsideFences(result.summary);
    assert.match(outside, /#### Smoke test: FAILED/, 'the real verdict is outside every fence');
    assert.doesNotMatch(outside, /beacon|<img|<!--|Smoke test: passed/);
    assert.ok(result.summary.includes(answer), 'the answer is shown whole, as text');
  });
});

describe('the schema check', () => {
  test('a valid answer whose recursive oneOf check is exponential fails at the time limit, paid once', async () => {
    // 11 levels of 7 node kinds: 695 characters that would take minutes to check.
    const answer = JSON.stringify(deepAnswer(7, 11));
    emulator.injectFaults('openai', [{ kind: 'reply', content: answer }]);
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), 'json-schema': JSON.stringify(recursiveKinds(7)), prompt: 'A document tree as JSON.' },
    });
    assert.equal(result.code, 1, result.stdout);
    assert.equal(result.errors.length, 1, result.errors.join('\n'));
    assert.ok(
      result.errors[0]?.includes(
        `could not be checked against the JSON schema: the check ran past its time limit of ${SCHEMA_CHECK_LIMITS.timeMs / 1000} s`,
      ),
      result.errors[0],
    );
    assert.equal(emulator.count('openai'), 1, 'an unusable answer is not asked for again');
    assert.equal(result.outputs.json, undefined);
  });
});

/** What an endpoint or gateway writes into an event's data, one line each: commands the runner would obey. */
const COMMANDS = [
  '::stop-commands::gateway-end',
  '::add-mask::Fine',
  '::error title=Forged::The deployment is healthy',
  '##[stop-commands]legacy',
];

/** A line the runner would read as one of COMMANDS: at a line's start after the blanks it trims, or `##[` anywhere. */
function obeyedCommand(output: string): string | undefined {
  return output
    .split(/\r\n|\r|\n/)
    .find((line) => line.includes('##[') || /^[\s\u0085\u00a0\ufeff]*::(stop-commands|add-mask::Fine|error title=Forged)/.test(line));
}

describe('workflow commands in an event the client cannot parse', () => {
  const data = ['not json', ...COMMANDS].map((line) => `data: ${line}`).join('\n');
  for (const api of ['chat', 'responses'] as const) {
    for (const event of ['thread.message.delta', undefined]) {
      test(`${api}, ${event ? `a '${event}' event` : 'an unnamed event'}: no command obeyed, the answer unusable`, async () => {
        const body = `${event ? `event: ${event}\n` : ''}${data}\n\n`;
        emulator.injectFaults('openai', [{ kind: 'recorded', status: 200, headers: { 'content-type': 'text/event-stream' }, body }]);
        const result = await runAction(emulator, {
          inputs: { ...baseInputs(emulator), api, stream: 'true', 'max-retries': '0' },
        });
        assert.equal(result.code, 1, result.stdout);
        assert.equal(obeyedCommand(result.stdout), undefined, 'stdout');
        assert.equal(obeyedCommand(result.stderr), undefined, 'stderr');
        assert.match(result.errors[0] ?? '', /the answer is not valid JSON/);
        // The client prints a `thread.*` event's data on the console, routed to the debug log (its logger, which
        // reports the others, is off).
        const printed = result.stdout
          .split('\n')
          .some((line) => line.startsWith('::debug::') && line.includes('Could not parse message into JSON'));
        assert.equal(printed, event !== undefined, result.stdout);
        assert.equal(result.errors.length, 1, result.errors.join('\n'));
      });
    }
  }
});
