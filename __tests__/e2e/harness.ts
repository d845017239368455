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

/**
 * The page as GitHub renders it, with every fenced block taken out (CommonMark: a closing fence is a line of
 * at least as many backticks as the opening one, up to three spaces indented, nothing after but blanks).
 */
export function outsideFences(markdown: string): string {
  const kept: string[] = [];
  let open: number | undefined;
  for (const line of markdown.split('\n')) {
    const fence = /^ {0,3}(`{3,})(.*)$/.exec(line);
    if (open === undefined && fence?.[1] && !fence[2]?.includes('`')) open = fence[1].length;
    else if (open !== undefined && fence?.[1] && fence[1].length >= open && fence[2]?.trim() === '') open = undefined;
    else if (open === undefined) kept.push(line);
  }
  assert.equal(open, undefined, 'every fence is closed');
  return kept.join('\n');
}

export { closedPort } from '../setup/closed-port.ts';
