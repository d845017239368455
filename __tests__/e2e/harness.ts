/**
 * What the end-to-end files share: one emulator per test file (each file runs
 * in its own process, so `emulator` is that file's), reset before each test,
 * and the checks most runs make.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { type Emulator, type StartOptions, startEmulator } from '../../emulator/index.ts';
import type { RunResult } from '../../emulator/runner.ts';

/** The file's emulator, started by useEmulator() before its first test. */
export let emulator: Emulator;

/**
 * Starts the file's emulator before its tests and stops it after them; before
 * each test it is reset (requests, faults, sessions), then `prepare` runs.
 */
export function useEmulator(options: StartOptions = {}, prepare?: (started: Emulator) => void): void {
  before(async () => {
    emulator = await startEmulator(options);
  });
  after(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.reset();
    prepare?.(emulator);
  });
}

/** The run succeeded; otherwise the message shows its errors and its whole output. */
export function assertSucceeded(result: RunResult): void {
  assert.equal(
    result.code,
    0,
    `exit code 0 expected; errors: ${result.errors.join('\n')}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
  );
}

export { closedPort } from '../setup/closed-port.ts';
