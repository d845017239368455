/**
 * Where file inputs may be: the pure rule (checkFileAccess) on paths, and the
 * one reader (readTextFile) on real symlinks, FIFOs, devices and /proc files.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { checkFileAccess, type FileRoot } from '../../../src/inputs/file-access.ts';
import { createFileReader, fileRoots, MAX_TOTAL_FILE_BYTES, readTextFile } from '../../../src/inputs/read-file.ts';

const WS: FileRoot = { name: 'GITHUB_WORKSPACE', path: '/home/runner/work/repo/repo', kind: 'workspace' };
const TEMP: FileRoot = { name: 'RUNNER_TEMP', path: '/home/runner/work/_temp', kind: 'runner-temp' };
const ROOTS = [WS, TEMP];

describe('checkFileAccess', () => {
  const allowed = (path: string, platform = 'linux', roots: FileRoot[] = ROOTS): void => {
    const verdict = checkFileAccess(path, roots, platform);
    assert.ok(verdict.ok, `${path} allowed, got ${verdict.ok ? '' : verdict.why}`);
  };
  const refused = (path: string, why: RegExp, platform = 'linux', roots: FileRoot[] = ROOTS): void => {
    const verdict = checkFileAccess(path, roots, platform);
    assert.ok(!verdict.ok, `${path} refused`);
    assert.match(verdict.why, why);
  };

  test('files in the workspace and RUNNER_TEMP are allowed', () => {
    allowed('/home/runner/work/repo/repo/.github/prompts/review.md');
    allowed('/home/runner/work/repo/repo/README.md');
    allowed('/home/runner/work/_temp/pr.diff');
    allowed('/home/runner/work/_temp/diffs/pr-12.diff');
    allowed('/home/runner/work/repo/repo/..hidden/x.md');
    allowed('/home/runner/work/repo/repo/.github/x.git.md');
  });
  test('anything outside both is refused, naming both roots', () => {
    refused('/home/runner/.azure/msal_token_cache.json', /outside GITHUB_WORKSPACE \('\/home\/runner\/work\/repo\/repo'\) and RUNNER_TEMP/);
    refused('/etc/passwd', /outside/);
    refused('/home/runner/work/repo/repo-other/x.md', /outside/);
    refused('/home/runner/work/repo', /outside/);
    refused('/proc/1234/pagemap', /outside/);
    refused('/x', /outside any allowed directory/, 'linux', []);
  });
  test('a .git segment anywhere below a root is refused, in any case', () => {
    refused('/home/runner/work/repo/repo/.git/config', /inside a \.git directory/);
    refused('/home/runner/work/repo/repo/sub/.git/modules/a/config', /inside a \.git directory/);
    refused('/home/runner/work/repo/repo/.GIT/config', /inside a \.git directory/);
    refused('/home/runner/work/repo/repo/.git', /inside a \.git directory/);
    refused('/home/runner/work/_temp/.git/config', /inside a \.git directory/);
  });
  test('git credential files are refused wherever they are', () => {
    refused('/home/runner/work/_temp/git-credentials-0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10.config', /credentials file/);
    refused('/home/runner/work/repo/repo/.git-credentials', /credentials file/);
    refused('/home/runner/work/repo/repo/.gitconfig', /credentials file/);
    refused('/home/runner/work/_temp/git-credentials-x.config.bak', /credentials file/);
    refused('/home/runner/work/repo/repo/gha-creds-0123abcd.json', /credentials file/);
  });
  test("CLI sign-in directories and a container job's HOME in RUNNER_TEMP are refused", () => {
    refused('/home/runner/work/_temp/_github_home/.azure/msal_token_cache.json', /sign-in|RUNNER_TEMP/);
    refused('/home/runner/work/_temp/_github_home/notes.md', /container job's HOME/);
    refused('/home/runner/work/repo/repo/.docker/config.json', /sign-in/);
    refused('/home/runner/work/repo/repo/.azure/azureProfile.json', /sign-in/);
    refused('/home/runner/work/repo/repo/.ssh/id_rsa', /sign-in/);
    allowed('/home/runner/work/repo/repo/docs/.azure.md');
  });
  test('a sign-in directory a CLI was told to use (AZURE_CONFIG_DIR in RUNNER_TEMP, say) is refused, named', () => {
    const azureConfig: FileRoot = { name: 'AZURE_CONFIG_DIR', path: '/home/runner/work/_temp/azure-config', kind: 'sign-in' };
    const roots = [WS, TEMP, azureConfig];
    refused(
      '/home/runner/work/_temp/azure-config/service_principal_entries.json',
      /inside AZURE_CONFIG_DIR \('\/home\/runner\/work\/_temp\/azure-config'\), where a CLI keeps its sign-in/,
      'linux',
      roots,
    );
    refused('/home/runner/work/_temp/azure-config/notes/any.md', /inside AZURE_CONFIG_DIR/, 'linux', roots);
    allowed('/home/runner/work/_temp/azure-config-notes.md', 'linux', roots);
    // It is never an allowed root itself, and the error lists only the roots a file may be in.
    refused('/etc/passwd', /outside GITHUB_WORKSPACE \('[^']+'\) and RUNNER_TEMP \('[^']+'\)$/, 'linux', roots);
  });
  test('a RUNNER_TEMP inside the workspace keeps its own rules', () => {
    const nested: FileRoot = { name: 'RUNNER_TEMP', path: '/home/runner/work/repo/repo/_temp', kind: 'runner-temp' };
    const roots = [WS, nested];
    refused('/home/runner/work/repo/repo/_temp/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10.sh', /RUNNER_TEMP/, 'linux', roots);
    refused('/home/runner/work/repo/repo/_temp/_runner_file_commands/set_output_x', /RUNNER_TEMP/, 'linux', roots);
    allowed('/home/runner/work/repo/repo/_temp/pr.diff', 'linux', roots);
    allowed('/home/runner/work/repo/repo/README.md', 'linux', roots);
  });
  test("the Azure CLI's sign-in files are refused by name wherever they are", () => {
    refused('/home/runner/work/_temp/az/service_principal_entries.json', /credentials file/);
    refused('/home/runner/work/_temp/az/msal_token_cache.bin', /credentials file/);
    refused('/home/runner/work/_temp/az/azureProfile.json', /credentials file/);
    refused('/home/runner/work/repo/repo/accessTokens.json', /credentials file/);
    allowed('/home/runner/work/repo/repo/docs/azure-profile.md');
  });
  test("RUNNER_TEMP's own files (step scripts, SSH keys, temporary HOMEs, file commands) are refused", () => {
    refused('/home/runner/work/_temp/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10.sh', /RUNNER_TEMP/);
    refused('/home/runner/work/_temp/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10', /RUNNER_TEMP/);
    refused('/home/runner/work/_temp/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10_known_hosts', /RUNNER_TEMP/);
    refused('/home/runner/work/_temp/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10/x.md', /RUNNER_TEMP/);
    refused('/home/runner/work/_temp/_runner_file_commands/set_output_x', /RUNNER_TEMP/);
    // The same names in the workspace are ordinary files.
    allowed('/home/runner/work/repo/repo/0b6d2c1e-7c55-4c43-a2a4-7a1f8e4f5a10.md');
  });
  test('Windows paths compare without case, and a .git hidden by trailing dots is still .git', () => {
    const roots: FileRoot[] = [{ name: 'GITHUB_WORKSPACE', path: 'D:\\a\\repo\\repo', kind: 'workspace' }];
    allowed('d:\\A\\Repo\\repo\\prompt.md', 'win32', roots);
    refused('D:\\a\\repo\\repo\\.git.\\config', /inside a \.git directory/, 'win32', roots);
    refused('D:\\a\\repo\\repo\\.Git \\config', /inside a \.git directory/, 'win32', roots);
    refused('D:\\a\\repo\\other\\x.md', /outside/, 'win32', roots);
    refused('C:\\a\\repo\\repo\\x.md', /outside/, 'win32', roots);
  });
});

// Symlinks to devices, FIFOs (mkfifo) and /proc are POSIX, and /proc is Linux's.
const POSIX_ONLY = process.platform === 'win32' ? 'FIFOs and device symlinks are POSIX' : false;
const LINUX_ONLY = process.platform === 'linux' ? false : '/proc is Linux';

describe('readTextFile confines and bounds every read', { skip: POSIX_ONLY }, () => {
  let base: string;
  let workspace: string;
  let outside: string;
  let roots: FileRoot[];
  before(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'aoai-file-access-')));
    workspace = join(base, 'workspace');
    outside = join(base, 'outside');
    mkdirSync(join(workspace, '.git'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(workspace, 'prompt.md'), 'Review this.');
    writeFileSync(join(workspace, '.git', 'config'), '[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
    writeFileSync(join(outside, 'secret.txt'), 'not yours');
    symlinkSync(join(outside, 'secret.txt'), join(workspace, 'outside.md'));
    symlinkSync('.git/config', join(workspace, 'git-config.md'));
    symlinkSync('/proc/self/pagemap', join(workspace, 'pagemap.md'));
    symlinkSync('/dev/zero', join(workspace, 'zero.md'));
    symlinkSync('prompt.md', join(workspace, 'alias.md'));
    execFileSync('mkfifo', [join(workspace, 'fifo.md')]);
    roots = fileRoots({ GITHUB_WORKSPACE: workspace });
  });
  after(() => {
    rmSync(base, { recursive: true, force: true });
  });

  const read = (path: string, r: FileRoot[] = roots): string => readTextFile(path, 'prompt-file', r, { cwd: workspace });
  const fails = (path: string, pattern: RegExp, r: FileRoot[] = roots, cap?: number): void => {
    assert.throws(
      () => readTextFile(path, 'prompt-file', r, { cwd: workspace, ...(cap ? { cap } : {}) }),
      (error: unknown) => {
        assert.ok(error instanceof InputError, String(error));
        assert.equal(error.input, 'prompt-file');
        assert.match(error.message, pattern);
        assert.doesNotMatch(error.message, /c2VjcmV0|not yours/);
        return true;
      },
    );
  };

  test('a file in the workspace, and a symlink to one, are read', () => {
    assert.equal(read('prompt.md'), 'Review this.');
    assert.equal(read('alias.md'), 'Review this.');
  });
  test('a symlink to a file outside is refused, naming the resolved path', () => {
    fails('outside.md', new RegExp(`'outside\\.md' resolves to '${join(outside, 'secret.txt')}', outside GITHUB_WORKSPACE`));
    fails('outside.md', /: give a file inside GITHUB_WORKSPACE \('.*'\); symlinks are followed, and nothing under \.git is read\.$/);
  });
  test('a symlink to .git/config, and .git/config itself, are refused', () => {
    fails('git-config.md', /resolves to '.*\/\.git\/config', inside a \.git directory/);
    fails('.git/config', /inside a \.git directory/);
  });
  test('an absolute path and a ../ escape are refused', () => {
    fails(join(outside, 'secret.txt'), /outside GITHUB_WORKSPACE/);
    fails('../outside/secret.txt', /resolves to '.*outside\/secret\.txt', outside/);
  });
  test('a FIFO is refused at once, not waited on', () => {
    fails('fifo.md', /is not a regular file \(it is a named pipe\)/);
  });
  test('a symlink to /proc/self/pagemap is refused as outside', { skip: LINUX_ONLY }, () => {
    fails('pagemap.md', /resolves to '\/proc\/\d+\/pagemap', outside/);
  });
  test('with /proc allowed, files whose stat says size 0 are still read only to the cap plus one byte', { skip: LINUX_ONLY }, () => {
    const proc: FileRoot[] = [{ name: 'proc', path: '/proc', kind: 'workspace' }];
    const started = Date.now();
    fails('/proc/self/maps', /is more than 1024 bytes; the limit left is 1024 bytes/, proc, 1024);
    fails('/proc/self/pagemap', /is more than 1024 bytes/, proc, 1024);
    assert.ok(Date.now() - started < 1000);
  });
  test('with /dev allowed, /dev/zero is refused as a device', () => {
    fails('zero.md', /resolves to '\/dev\/zero', outside/);
    fails('/dev/zero', /is not a regular file \(it is a device\)/, [{ name: 'dev', path: '/dev', kind: 'workspace' }]);
  });
  test('one reader bounds all files together', () => {
    const big = join(workspace, 'big.md');
    writeFileSync(big, 'b'.repeat(4 * 1024 * 1024));
    const reader = createFileReader(roots, { cwd: workspace });
    for (let i = 0; i < MAX_TOTAL_FILE_BYTES / (4 * 1024 * 1024); i++) reader('big.md', 'file-input');
    assert.throws(() => reader('big.md', 'file-input'), /all file inputs together may hold 16777216 bytes/);
  });
  test('fileRoots: GITHUB_WORKSPACE, else the working directory, and RUNNER_TEMP when it exists', () => {
    assert.deepEqual(
      fileRoots({ GITHUB_WORKSPACE: workspace, RUNNER_TEMP: outside }).map((r) => [r.name, r.path, r.kind]),
      [
        ['GITHUB_WORKSPACE', workspace, 'workspace'],
        ['RUNNER_TEMP', outside, 'runner-temp'],
      ],
    );
    assert.deepEqual(
      fileRoots({ RUNNER_TEMP: join(base, 'missing') }, workspace).map((r) => r.name),
      ['the working directory'],
    );
  });
  test('fileRoots: the sign-in directories AZURE_CONFIG_DIR, DOCKER_CONFIG and CLOUDSDK_CONFIG name, as sign-in roots', () => {
    const azureConfig = join(outside, 'azure-config');
    mkdirSync(azureConfig, { recursive: true });
    assert.deepEqual(
      fileRoots({ GITHUB_WORKSPACE: workspace, AZURE_CONFIG_DIR: azureConfig, DOCKER_CONFIG: join(base, 'missing') }).map((r) => [
        r.name,
        r.kind,
      ]),
      [
        ['GITHUB_WORKSPACE', 'workspace'],
        ['AZURE_CONFIG_DIR', 'sign-in'],
      ],
    );
  });
});
