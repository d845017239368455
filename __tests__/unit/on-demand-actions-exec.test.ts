/** The bundle's stand-in for `@actions/exec`: the real module, loaded on the first call (see src/on-demand/actions-exec.ts). */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { exec, getExecOutput } from '../../src/on-demand/actions-exec.ts';

test('importing the stand-in loads neither @actions/exec nor child_process (a fresh process)', async () => {
  const standIn = new URL('../../src/on-demand/actions-exec.ts', import.meta.url).href;
  const script = `await import(${JSON.stringify(standIn)}); process.stdout.write(String(process.moduleLoadList.includes('NativeModule child_process')));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
  assert.equal(stdout, 'false');
});

test('getExecOutput and exec run the command through the real @actions/exec', async () => {
  const output = await getExecOutput(process.execPath, ['-e', 'process.stdout.write("from the real exec")'], { silent: true });
  assert.equal(output.exitCode, 0);
  assert.equal(output.stdout, 'from the real exec');
  assert.equal(await exec(process.execPath, ['-e', 'process.exit(3)'], { silent: true, ignoreReturnCode: true }), 3);
});
