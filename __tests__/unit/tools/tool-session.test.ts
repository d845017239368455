/** The workspace tools through the run's session: what they read, what they refuse and why, and the caps. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAX_RESULT_BYTES, ToolSession } from '../../../src/tools/tool-session.ts';

let workspace: string;
const logs: string[] = [];

before(() => {
  workspace = mkdtempSync(join(tmpdir(), 'tools-ws-'));
  mkdirSync(join(workspace, 'src', 'deep'), { recursive: true });
  mkdirSync(join(workspace, '.git'));
  mkdirSync(join(workspace, '.azure'));
  writeFileSync(join(workspace, '.git', 'config'), '[remote "origin"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n');
  writeFileSync(join(workspace, '.azure', 'msal_token_cache.json'), '{"secret": true}');
  writeFileSync(join(workspace, 'src', 'main.ts'), 'export function add(a: number, b: number) {\n  return a + b;\n}\n');
  writeFileSync(join(workspace, 'src', 'deep', 'caller.ts'), "import { add } from '../main.ts';\nconsole.log(add(1, 2));\n");
  writeFileSync(join(workspace, 'README.md'), '# Title\n');
  writeFileSync(join(workspace, 'binary.bin'), Buffer.from([0x50, 0x4b, 0x00, 0x01]));
  writeFileSync(join(workspace, 'huge.txt'), '');
  truncateSync(join(workspace, 'huge.txt'), 50 * 1024 * 1024);
  writeFileSync(join(workspace, 'long.txt'), 'x'.repeat(200 * 1024));
  symlinkSync('/etc', join(workspace, 'etc-link'));
  symlinkSync('src/main.ts', join(workspace, 'inside-link.ts'));
  if (process.platform !== 'win32') execFileSync('mkfifo', [join(workspace, 'pipe')]);
});

after(() => rmSync(workspace, { recursive: true, force: true }));

function session(maxToolCalls = 16): ToolSession {
  return new ToolSession({
    config: { tools: 'workspace', maxToolCalls, mcpServers: [] },
    env: { GITHUB_WORKSPACE: workspace },
    log: (m) => logs.push(m),
  });
}

const limits = { deadlineAt: Date.now() + 60_000, budgetBytes: Number.POSITIVE_INFINITY };
const call = (name: string, args: unknown, id = 'call_1') => ({ id, name, arguments: JSON.stringify(args) });

async function one(name: string, args: unknown, tools = session()): Promise<{ output: string; tools: ToolSession }> {
  const [result] = await tools.run([call(name, args)], limits);
  return { output: result!.output, tools };
}

describe('read_file', () => {
  test('reads a file of the checkout, whole or a range of lines', async () => {
    assert.equal(
      (await one('read_file', { path: 'src/main.ts' })).output,
      'export function add(a: number, b: number) {\n  return a + b;\n}\n',
    );
    assert.equal((await one('read_file', { path: 'src/main.ts', start_line: 2, end_line: 2 })).output, '  return a + b;');
    assert.match((await one('read_file', { path: 'inside-link.ts' })).output, /export function add/);
  });

  const refusals: Array<[string, unknown, RegExp]> = [
    ['.git/config', { path: '.git/config' }, /inside a \.git directory/],
    ['a symlink to /etc', { path: 'etc-link/passwd' }, /resolves outside the repository's checkout \(a symlink\)/],
    ['../', { path: '../../etc/passwd' }, /outside the repository's checkout/],
    ['/proc/self/environ', { path: '/proc/self/environ' }, /outside the repository's checkout/],
    ['a sign-in directory', { path: '.azure/msal_token_cache.json' }, /sign-in|credentials/],
    ['a 50 MiB file', { path: 'huge.txt' }, /larger than 4 MiB/],
    ['a binary', { path: 'binary.bin' }, /binary file/],
    ['a folder', { path: 'src' }, /is a folder: use list_files/],
    ['a missing file', { path: 'nope.ts' }, /does not exist/],
    ['no path', {}, /path must be a path/],
  ];
  for (const [name, args, reason] of refusals) {
    test(`refuses ${name} with a short reason`, async () => {
      const { output, tools } = await one('read_file', args);
      assert.match(output, /^Refused: /);
      assert.match(output, reason);
      assert.ok(output.length < 300, output);
      const [record] = tools.records();
      assert.equal(record?.outcome, 'refused');
      assert.equal(record?.bytes, 0);
    });
  }

  test('refuses a FIFO without blocking', { skip: process.platform === 'win32' }, async () => {
    const { output } = await one('read_file', { path: 'pipe' });
    assert.match(output, /^Refused: 'pipe' is not a regular file \(it is a named pipe\)/);
  });

  test('cuts a result over 64 KiB and says so', async () => {
    const { output, tools } = await one('read_file', { path: 'long.txt' });
    assert.ok(Buffer.byteLength(output) <= MAX_RESULT_BYTES, String(Buffer.byteLength(output)));
    assert.match(output, /\[Cut: the result is 204800 bytes; only the first \d+ are shown\./);
    assert.equal(tools.records()[0]?.outcome, 'cut');
  });
});

describe('list_files and search_files', () => {
  test('list_files lists a folder, leaving .git and sign-in folders out', async () => {
    const { output } = await one('list_files', {});
    const lines = output.split('\n');
    assert.ok(lines.includes('src/') && lines.includes('README.md') && lines.includes('etc-link@'), output);
    assert.ok(!lines.some((line) => line.startsWith('.git') || line.startsWith('.azure')), output);
  });

  test('list_files with a glob walks the folder for matching files', async () => {
    assert.equal((await one('list_files', { glob: '*.ts' })).output, 'src/deep/caller.ts\nsrc/main.ts');
    assert.equal((await one('list_files', { path: 'src', glob: 'src/deep/**' })).output, 'src/deep/caller.ts');
  });

  test('search_files finds the callers of a function, never inside .git, never through a symlink', async () => {
    assert.equal(
      (await one('search_files', { pattern: 'add\\(' })).output,
      'src/deep/caller.ts:2: console.log(add(1, 2));\nsrc/main.ts:1: export function add(a: number, b: number) {',
    );
    assert.equal((await one('search_files', { pattern: 'extraheader' })).output, '(no match)');
    assert.equal((await one('search_files', { pattern: 'root:' })).output, '(no match)');
  });

  test('search_files runs on the linear-time engine: a backreference is refused, a catastrophic pattern returns', async () => {
    assert.match((await one('search_files', { pattern: '(a)\\1' })).output, /^Refused: .*linear-time engine/);
    assert.equal((await one('search_files', { pattern: '^(x+)+$', glob: 'long.txt' })).output.split('\n').length, 1);
  });
});

describe('the session', () => {
  test('a tool that does not exist, and arguments that are not JSON, are refused', async () => {
    const tools = session();
    const results = await tools.run(
      [
        { id: 'a', name: 'write_file', arguments: '{}' },
        { id: 'b', name: 'read_file', arguments: '{path' },
      ],
      limits,
    );
    assert.deepEqual(
      results.map((r) => r.output),
      ["Refused: there is no tool named 'write_file'.", 'Refused: the arguments are not JSON.'],
    );
  });

  test('max-tool-calls: calls past it are refused and the session says the tools are spent', async () => {
    const tools = session(2);
    const results = await tools.run(
      [call('read_file', { path: 'README.md' }, 'a'), call('list_files', {}, 'b'), call('read_file', { path: 'README.md' }, 'c')],
      limits,
    );
    assert.equal(results[0]?.output, '# Title\n');
    assert.match(results[2]!.output, /^Refused: the run's 2 tool calls \(max-tool-calls\) are spent/);
    assert.equal(tools.spent(), true);
    assert.deepEqual(
      tools.records().map((r) => r.outcome),
      ['ok', 'ok', 'refused'],
    );
  });

  test('a result past the token budget is refused, and the tools are withdrawn', async () => {
    const tools = session();
    const [result] = await tools.run([call('read_file', { path: 'src/main.ts' })], { ...limits, budgetBytes: 10 });
    assert.match(result!.output, /^Refused: its \d+ bytes would take the run past max-total-tokens/);
    assert.equal(tools.spent(), true);
  });

  test('the log names the tool and its arguments, never the result', async () => {
    logs.length = 0;
    await one('read_file', { path: 'src/main.ts' });
    assert.deepEqual(logs, ['Tool call 1/16: read_file {"path":"src/main.ts"}: 62 bytes.']);
  });
});
