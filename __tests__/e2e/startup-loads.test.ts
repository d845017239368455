/**
 * What a plain keyless run of the bundle loads. It spawns nothing, so it must
 * not load child_process: @azure/identity's index (every credential) or
 * @actions/exec (which @actions/core imports) would. See README, Performance.
 * The azure/login run, which spawns az, shows the probe sees the module.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, BUNDLE, type RunOptions, runAction } from '../../emulator/runner.ts';

let emulator: Emulator;
const dir = mkdtempSync(join(tmpdir(), 'aoai-loads-'));
const probeFile = join(dir, 'loaded');
before(async () => {
  emulator = await startEmulator();
});
after(async () => {
  await emulator.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.reset();
  rmSync(probeFile, { force: true });
});

/** Runs the bundle with a preload that writes, at exit, whether the bundle's process loaded child_process. */
async function loadsChildProcess(options: RunOptions): Promise<boolean> {
  const code =
    `import{writeFileSync}from'node:fs';` +
    `if(process.argv[1]===${JSON.stringify(BUNDLE)})` +
    `process.on('exit',()=>writeFileSync(${JSON.stringify(probeFile)},String(process.moduleLoadList.includes('NativeModule child_process'))));`;
  const result = await runAction(emulator, {
    ...options,
    env: { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(code)}` },
  });
  assert.equal(result.code, 0, `exit code 0 expected; stdout:\n${result.stdout}`);
  return JSON.parse(readFileSync(probeFile, 'utf8')) as boolean;
}

test('a keyless run does not load child_process', async () => {
  assert.equal(await loadsChildProcess({ inputs: baseInputs(emulator) }), false);
});

test('an azure/login run does (it spawns az): the probe sees the module', async () => {
  emulator.azLogin();
  assert.equal(await loadsChildProcess({ inputs: { ...baseInputs(emulator), 'client-id': '', 'tenant-id': '', auth: 'azure-cli' } }), true);
});
