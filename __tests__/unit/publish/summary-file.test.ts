/** The job summary file: appended to, with @actions/core's messages when it cannot be. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { appendJobSummary } from '../../../src/publish/summary-file.ts';

test('appends to the file the runner names, keeping what earlier steps wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aoai-summary-'));
  try {
    const path = join(dir, 'step_summary');
    writeFileSync(path, '### Earlier step\n');
    appendJobSummary('### Azure OpenAI\n', { GITHUB_STEP_SUMMARY: path });
    appendJobSummary('é\n', { GITHUB_STEP_SUMMARY: path });
    assert.equal(readFileSync(path, 'utf8'), '### Earlier step\n### Azure OpenAI\né\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without GITHUB_STEP_SUMMARY, or with a path that cannot be written, it says so', () => {
  assert.throws(() => appendJobSummary('x', {}), /Unable to find environment variable for \$GITHUB_STEP_SUMMARY/);
  const dir = mkdtempSync(join(tmpdir(), 'aoai-summary-'));
  try {
    // A directory cannot be appended to, as root too.
    assert.throws(() => appendJobSummary('x', { GITHUB_STEP_SUMMARY: dir }), new RegExp(`Unable to access summary file: '${dir}'`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
