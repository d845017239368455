/**
 * Clean exit: the bundle's process ends by itself soon after its last write,
 * after success and after failure, with nothing on stderr (no unhandled
 * rejection, no warning). `timeout: 20` makes any timer left armed (attempt,
 * stall or Entra timeouts) hold the process well past the bound; a socket
 * left open to the emulator's stalled stream would hold it until the
 * runner's 60 s kill. And no `process.exit`: exiting while a write or a
 * socket is closing is what crashes Windows runners.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { baseInputs, ROOT, type RunResult, runAction } from '../../emulator/runner.ts';
import { LINGER_WARNING } from '../../src/exit-watchdog.ts';
import { emulator, useEmulator } from './harness.ts';

useEmulator();

const BOUND_MS = 10_000;

function exitedCleanly(result: RunResult, code: 0 | 1): void {
  assert.equal(result.code, code, `exit code ${code} expected (null: killed by the runner's timeout); stdout:\n${result.stdout}`);
  assert.ok(result.durationMs < BOUND_MS, `the process ended after ${result.durationMs} ms, bound ${BOUND_MS} ms`);
  assert.doesNotMatch(result.stderr, /unhandled/i);
  assert.equal(result.stderr, '', 'nothing on stderr');
  // The guard in src/exit-watchdog.ts would hide a leaked socket: it must not have fired.
  assert.ok(!result.warnings.some((w) => w.includes(LINGER_WARNING)), 'no request outlived the step');
}

describe('the process ends by itself, promptly', () => {
  test('after success', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: '20' } });
    exitedCleanly(result, 0);
    assert.ok(result.outputs.response);
  });

  test('after success following a stalled stream (the stalled socket is closed)', async () => {
    emulator.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 2 }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: '2' } });
    exitedCleanly(result, 0);
    assert.equal(emulator.count('openai'), 2);
  });

  test('after a failure from the service', async () => {
    const result = await runAction(emulator, {
      inputs: { ...baseInputs(emulator), timeout: '20', scope: 'https://management.azure.com/.default' },
    });
    exitedCleanly(result, 1);
  });

  test('after a failure on a stalled stream', async () => {
    emulator.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 2 }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: '2', 'max-retries': '0' } });
    exitedCleanly(result, 1);
  });

  test('after an identity failure', async () => {
    emulator.injectFaults('entra', [{ kind: 'aadsts', code: 700016 }]);
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: '20' } });
    exitedCleanly(result, 1);
  });

  test('after a bad input', async () => {
    const result = await runAction(emulator, { inputs: { ...baseInputs(emulator), timeout: 'soon' } });
    exitedCleanly(result, 1);
  });
});

test('the action never calls process.exit, but for the lingering-request guard that runs after the result is final', () => {
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  assert.ok(sources.length > 10);
  for (const file of sources) {
    if (file === 'exit-watchdog.ts') continue;
    assert.doesNotMatch(readFileSync(join(ROOT, 'src', file), 'utf8'), /process\.exit\s*\(/, file);
  }
});
