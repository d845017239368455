/**
 * max-cost across tool rounds, through whole runs: the first call passes the
 * check made before any call, and a further round is refused before it is
 * sent when what was spent plus that round's worst case would pass max-cost.
 * The budget is set from the run's own figure (its worst case before the
 * first call), so the test holds whatever the prompt's exact token count.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';
import { modelRequests, read, runWithTools, script } from './tools-shared.ts';

useEmulator();

const LIB = "export function helper(): string {\n  return 'LIB-MARKER-42';\n}\n";
const files = { 'src/lib.ts': LIB };

describe('max-cost holds across tool rounds', () => {
  test('a budget the first call fits but a second round cannot is refused before that round is sent', async () => {
    script([[read('src/lib.ts')]]);
    const open = await runWithTools({ 'max-tokens': '10000', 'max-cost': '1' }, { files });
    assertSucceeded(open);
    assert.equal(modelRequests().length, 2, 'with room, the tool round and the answer');
    const firstWorst = /Cost: at most \$(\d+\.\d+)/.exec(open.stdout);
    assert.ok(firstWorst, open.stdout);

    // Just above the first call's worst case: every later round sends at least as much and may answer as much.
    const budget = (Number(firstWorst[1]) + 0.0001).toFixed(4);
    emulator.requests.length = 0;
    script([[read('src/lib.ts')]]);
    const tight = await runWithTools({ 'max-tokens': '10000', 'max-cost': budget }, { files });
    assert.equal(tight.code, 1);
    assert.match(
      tight.errors.join('\n'),
      /^Tool calls took the run past max-cost: \$[\d.]+ spent so far, and the next round would send at least [\d,]+ input tokens and may answer 10,000 \(\$[\d.]+\), over max-cost \$[\d.]+\./,
    );
    assert.match(tight.errors.join('\n'), /troubleshooting\.md#tool-calls-took-the-run-past-max-cost/);
    assert.equal(modelRequests().length, 1, 'the second round was not sent');
    assert.equal(tight.outputs.response, undefined, 'no answer is published');
  });
});
