/**
 * scripts/check-cli-flags.ts: it finds every az and gh command setup-azure.sh runs, with its flags, reads
 * flags out of both CLIs' help layouts, and, where the real CLIs are installed (CI installs them), fails on a
 * flag the CLI does not have.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../emulator/runner.ts';
import { cliCommands, helpFlags } from '../../scripts/check-cli-flags.ts';

const installed = (tool: string) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const NO_CLIS = installed('az') && installed('gh') ? false : 'az and gh are not installed here (.ci/run installs them)';

test('every az and gh command of setup-azure.sh is found, multi-line ones with all their flags', () => {
  const commands = cliCommands(readFileSync(join(ROOT, 'scripts', 'setup-azure.sh'), 'utf8'));
  const found = new Set(commands.map((command) => `${command.tool} ${command.words.join(' ')}`));
  for (const expected of [
    'az account show',
    'az cognitiveservices account show',
    'az identity create',
    'az identity federated-credential create',
    'az ad app federated-credential create',
    'az role assignment create',
    'gh api',
    'gh workflow run',
    'gh run watch',
  ]) {
    assert.ok(found.has(expected), expected);
  }
  const roleCreate = commands.find((command) => command.words.join(' ') === 'role assignment create');
  assert.deepEqual(roleCreate?.flags, ['--assignee-object-id', '--assignee-principal-type', '--role', '--scope', '--output']);
  assert.ok(
    commands.every((command) => command.words.length > 0),
    'no message text is taken for a command',
  );
  // Every command the script runs through `run` is found: the script has no other way to call them.
  const script = readFileSync(join(ROOT, 'scripts', 'setup-azure.sh'), 'utf8');
  assert.equal(commands.length, script.match(/run (az|gh) [a-z]/g)?.length);
});

test('flags are read from az and gh help layouts', () => {
  const az = `Arguments
    --identity-name     [Required] : The name of the identity resource.
    --name -n           [Required] : The name of the federated identity credential resource.
Global Arguments
    --output -o                    : Output format.`;
  assert.deepEqual([...helpFlags(az)], ['--identity-name', '--name', '-n', '--output', '-o']);
  const gh = `FLAGS
  -f, --raw-field key=value   Add a string parameter in key=value format
      --silent                Do not print the response body
INHERITED FLAGS
  -R, --repo [HOST/]OWNER/REPO   Select another repository`;
  assert.deepEqual([...helpFlags(gh)], ['-f', '--raw-field', '--silent', '-R', '--repo']);
});

test('a flag the real CLI does not have fails the check', { skip: NO_CLIS }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'cli-flags-'));
  try {
    const script = join(folder, 'script.sh');
    writeFileSync(script, 'x=$(run az account show --query id --output tsv)\nrun gh workflow run "$FILE" --repo o/r --no-such-flag\n');
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'check-cli-flags.ts'), script], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^az account show --query --output: ok$/m);
    assert.match(result.stdout, /^gh workflow run --repo --no-such-flag: UNKNOWN: --no-such-flag$/m);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
