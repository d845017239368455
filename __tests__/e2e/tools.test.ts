/**
 * `tools: workspace` end to end through the bundle, against the emulator's
 * scripted model on both APIs, streamed and whole: a call that reads a file
 * and an answer that uses it; parallel calls answered by call id in order;
 * refusals (.git, a symlink to /etc, ../, /proc/self/environ, a FIFO) that
 * reach the model as short reasons, never as content; the max-tool-calls cap
 * and then the answer forced with tool_choice none; tool output counted
 * toward max-total-tokens. The emulator refuses with a 400 any round whose
 * results do not answer its calls by id, so every 200 below also proves that.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';
import { callsEchoed, modelBodies, modelRequests, read, resultsSent, runWithTools, script, toolsOffered, WAYS } from './tools-shared.ts';

useEmulator();

const LIB = "export function helper(): string {\n  return 'LIB-MARKER-42';\n}\n";

describe('a tool call that reads a file, then an answer that uses it', () => {
  for (const { api, stream } of WAYS) {
    test(`api ${api}, stream ${stream}: two requests, the result sent back under the call's id, the answer quoting it`, async () => {
      script([[read('src/lib.ts')]]);
      const result = await runWithTools({ api, stream }, { files: { 'src/lib.ts': LIB } });
      assertSucceeded(result);
      assert.deepEqual(
        modelRequests().map((r) => [r.path, r.status]),
        [
          [`/openai/v1/${api === 'chat' ? 'chat/completions' : 'responses'}`, 200],
          [`/openai/v1/${api === 'chat' ? 'chat/completions' : 'responses'}`, 200],
        ],
      );
      const [first, second] = modelBodies();
      assert.deepEqual(toolsOffered(first!), ['read_file', 'list_files', 'search_files']);
      assert.equal(first!.tool_choice, 'auto');
      const [echoed] = callsEchoed(second!);
      const [sent] = resultsSent(second!);
      assert.equal(echoed?.name, 'read_file');
      assert.equal(sent?.id, echoed?.id);
      assert.ok(sent?.output.includes("return 'LIB-MARKER-42';"), sent?.output);
      assert.match(result.outputs.response ?? '', /From 1 tool result:\n\[1\] [^\n]*export function helper/);
      assert.equal(result.outputs['tool-calls'], '1');
      assert.match(result.summary, /<summary>1 tool call<\/summary>/);
      assert.match(result.summary, /1\. read_file \{"path":"src\/lib\.ts"\} -> \d+ bytes/);
      assert.match(result.stdout, /Tool call 1\/16: read_file \{"path":"src\/lib\.ts"\}: \d+ bytes\./);
    });
  }
});

describe('parallel calls', () => {
  for (const api of ['chat', 'responses']) {
    test(`api ${api}, streamed: three calls in one round, their results sent back in order, one id each`, async () => {
      script([[read('src/a.ts'), read('src/b.ts'), { name: 'list_files', arguments: { path: 'src' } }]]);
      const files = { 'src/a.ts': 'const a = "AAA";\n', 'src/b.ts': 'const b = "BBB";\n' };
      const result = await runWithTools({ api, stream: 'true' }, { files });
      assertSucceeded(result);
      const second = modelBodies()[1]!;
      const echoed = callsEchoed(second);
      const sent = resultsSent(second);
      assert.deepEqual(
        sent.map((entry) => entry.id),
        echoed.map((call) => call.id),
      );
      assert.equal(new Set(echoed.map((call) => call.id)).size, 3);
      assert.match(sent[0]!.output, /AAA/);
      assert.match(sent[1]!.output, /BBB/);
      assert.match(sent[2]!.output, /a\.ts[\s\S]*b\.ts/);
      assert.equal(result.outputs['tool-calls'], '3');
    });
  }
});

describe('refusals reach the model as short reasons, never as content', () => {
  for (const { api, stream } of [WAYS[0], WAYS[3]]) {
    test(`api ${api}, stream ${stream}: .git, a symlink to /etc, ../, /proc/self/environ, a FIFO`, async () => {
      script([
        [
          read('.git/config'),
          read('etc-link/passwd'),
          read('../output'),
          read('/proc/self/environ'),
          read('pipe'),
          { name: 'search_files', arguments: { pattern: 'GIT-SECRET', path: '.git' } },
        ],
      ]);
      const result = await runWithTools(
        { api, stream },
        { files: { '.git/config': '[remote]\n  token = GIT-SECRET-CONFIG\n' }, symlinks: { 'etc-link': '/etc' }, fifos: ['pipe'] },
      );
      assertSucceeded(result);
      const sent = resultsSent(modelBodies()[1]!);
      assert.equal(sent.length, 6);
      for (const entry of sent) assert.match(entry.output, /^Refused: [^\n]{1,300}\.$/);
      const everything = JSON.stringify(modelBodies());
      for (const leaked of ['GIT-SECRET-CONFIG', 'root:x:0:0', emulator.config.github.requestToken, 'INPUT_CLIENT-ID']) {
        assert.ok(!everything.includes(leaked), `no request carries ${leaked}`);
      }
      assert.equal(result.outputs['tool-calls'], '6');
      assert.equal((result.summary.match(/-> refused: /g) ?? []).length, 6);
    });
  }
});

describe('max-tool-calls', () => {
  for (const { api, stream } of [WAYS[1], WAYS[2]]) {
    test(`api ${api}, stream ${stream}: after 2 calls the tools are withdrawn (tool_choice none) and the model answers`, async () => {
      script([[read('a.txt')], [read('a.txt')], [read('a.txt')]]);
      const result = await runWithTools({ api, stream, 'max-tool-calls': '2' }, { files: { 'a.txt': 'alpha\n' } });
      assertSucceeded(result);
      assert.deepEqual(
        modelBodies().map((body) => body.tool_choice),
        ['auto', 'auto', 'none'],
      );
      assert.equal(resultsSent(modelBodies()[2]!).length, 2);
      assert.equal(result.outputs['tool-calls'], '2');
      assert.match(result.outputs.response ?? '', /^Emulated answer to/);
    });
  }

  test('a round asking for more calls than are left: the rest refused with the reason, then the forced answer', async () => {
    script([[read('a.txt'), read('a.txt'), read('a.txt')]]);
    const result = await runWithTools({ 'max-tool-calls': '2' }, { files: { 'a.txt': 'alpha\n' } });
    assertSucceeded(result);
    assert.equal(modelRequests().length, 2);
    assert.equal(modelBodies()[1]!.tool_choice, 'none');
    const sent = resultsSent(modelBodies()[1]!);
    assert.match(sent[2]!.output, /^Refused: the run's 2 tool calls \(max-tool-calls\) are spent/);
  });
});

describe('tool output counts toward max-total-tokens', () => {
  test('a result that would pass the budget is refused, the tools withdrawn, and the run stays within it', async () => {
    script([[read('big.txt')], [read('big.txt')]]);
    const big = 'a line of the big file that the budget cannot hold\n'.repeat(1500);
    const result = await runWithTools({ 'max-total-tokens': '6000', 'max-tokens': '500' }, { files: { 'big.txt': big } });
    assertSucceeded(result);
    assert.equal(modelRequests().length, 2);
    assert.match(resultsSent(modelBodies()[1]!)[0]!.output, /^Refused: its \d+ bytes would take the run past max-total-tokens/);
    assert.equal(modelBodies()[1]!.tool_choice, 'none');
    assert.ok(Number(result.outputs['total-tokens']) <= 6000, result.outputs['total-tokens']);
  });

  test('a result that fits is counted in the prompt tokens of the next round', async () => {
    script([[read('mid.txt')]]);
    const mid = 'x'.repeat(8000);
    const result = await runWithTools(
      { api: 'responses', 'max-total-tokens': '20000', 'max-tokens': '500' },
      { files: { 'mid.txt': mid } },
    );
    assertSucceeded(result);
    assert.ok(Number(result.outputs['prompt-tokens']) >= 2000, result.outputs['prompt-tokens']);
  });
});
