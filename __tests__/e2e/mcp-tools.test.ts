/**
 * mcp-servers end to end through the bundle: the action's SDK client against
 * the emulator's MCP stand-ins (the SDK's own server on loopback) while the
 * scripted model calls their tools, on both APIs. Only allow-listed tools are
 * offered and a call off the list is refused; each server's token goes to that
 * server alone (not to the other, not to Azure or GitHub); a server that hangs,
 * fails a call or is down ends the run with one diagnosis naming it, within the
 * run's deadline; a 10 MiB answer reaches the model cut to 64 KiB.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FAIL, HANG, type McpStandIn, startMcpStandIn, type StandInTool } from '../../emulator/mcp-server.ts';
import type { RunResult } from '../../emulator/runner.ts';
import { assertSucceeded, emulator, useEmulator } from './harness.ts';
import { modelBodies, resultsSent, runWithTools, script, toolsOffered } from './tools-shared.ts';

useEmulator();

const DOCS_TOKEN = 'docs-mcp-token-5f0c2e9a7b1d4c38';
const WIKI_TOKEN = 'wiki-mcp-token-9a8b7c6d5e4f3a21';
const GITHUB_TOKEN = 'ghs_e2eToolsGithubTokenNeverSentToMcp01';

const started: McpStandIn[] = [];
after(async () => {
  await Promise.all(started.map((standIn) => standIn.close()));
});

async function standIn(tools: StandInTool[], options: { failStatus?: number } = {}): Promise<McpStandIn> {
  const server = await startMcpStandIn(tools, options);
  started.push(server);
  return server;
}

const tool = (name: string, answer: StandInTool['answer']): StandInTool => ({ name, description: `The ${name} tool.`, answer });

function runMcp(lines: string[], inputs: Record<string, string> = {}): Promise<RunResult> {
  return runWithTools(
    { tools: 'none', 'mcp-servers': lines.join('\n'), 'github-token': GITHUB_TOKEN, ...inputs },
    { env: { DOCS_TOKEN, WIKI_TOKEN } },
  );
}

/** The run failed with one error, naming the server, before the runner's own timeout. */
function assertOneDiagnosis(result: RunResult, pattern: RegExp): void {
  assert.equal(result.code, 1, result.stdout);
  assert.equal(result.errors.length, 1, result.errors.join('\n'));
  assert.match(result.errors[0]!, pattern);
  assert.deepEqual(Object.keys(result.outputs), []);
}

describe('MCP tools through a run', () => {
  for (const api of ['chat', 'responses']) {
    test(`api ${api}: allow-listed tools offered, one off the list refused, each token to its own server only`, async () => {
      const docs = await standIn([tool('search_docs', (args) => `DOC-HIT for ${String(args.query)}`), tool('delete_doc', () => 'gone')]);
      const wiki = await standIn([tool('lookup', () => 'WIKI-HIT')]);
      script([
        [
          { name: 'docs__search_docs', arguments: { query: 'tokens' } },
          { name: 'docs__delete_doc', arguments: { id: 1 } },
          { name: 'wiki__lookup', arguments: { query: 'x' } },
        ],
      ]);
      const result = await runMcp(
        [`docs ${docs.url} allow=search_docs token-env=DOCS_TOKEN`, `wiki ${wiki.url} allow=lookup token-env=WIKI_TOKEN`],
        { api, stream: api === 'chat' ? 'false' : 'true' },
      );
      assertSucceeded(result);
      assert.deepEqual(toolsOffered(modelBodies()[0]!), ['docs__search_docs', 'wiki__lookup']);
      const sent = resultsSent(modelBodies()[1]!).map((entry) => entry.output);
      assert.equal(sent[0], 'DOC-HIT for tokens');
      assert.match(sent[1]!, /^Refused: 'delete_doc' is not on the allow-list of the MCP server 'docs'\.$/);
      assert.equal(sent[2], 'WIKI-HIT');
      assert.ok(!docs.requests.some((r) => r.toolName === 'delete_doc'), 'the refused call never reached the server');
      assert.ok(docs.requests.length > 0 && docs.requests.every((r) => r.authorization === `Bearer ${DOCS_TOKEN}`));
      assert.ok(wiki.requests.length > 0 && wiki.requests.every((r) => r.authorization === `Bearer ${WIKI_TOKEN}`));
      const elsewhere = JSON.stringify(emulator.requests.map((r) => [r.headers, r.body]));
      for (const token of [DOCS_TOKEN, WIKI_TOKEN]) assert.ok(!elsewhere.includes(token), 'no MCP token reached Azure or GitHub');
      // Each token is registered with the runner's mask (::add-mask::) and appears nowhere else.
      const log = result.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
      assert.ok(result.stdout.includes(`::add-mask::${DOCS_TOKEN}`));
      const published = [...log, result.stderr, ...Object.values(result.files)].join('\n');
      for (const token of [DOCS_TOKEN, WIKI_TOKEN, GITHUB_TOKEN]) assert.ok(!published.includes(token), 'no token published');
      assert.equal(result.outputs['tool-calls'], '3');
    });
  }

  test('an answer of 10 MiB reaches the model cut to 64 KiB, with the note saying so', async () => {
    const big = await standIn([tool('dump', () => 'z'.repeat(10 * 1024 * 1024))]);
    script([[{ name: 'big__dump', arguments: {} }]]);
    const result = await runMcp([`big ${big.url} allow=dump`]);
    assertSucceeded(result);
    const [sent] = resultsSent(modelBodies()[1]!);
    assert.ok(Buffer.byteLength(sent!.output) <= 64 * 1024, String(sent!.output.length));
    assert.match(sent!.output, /\[Cut: the result is 10485760 bytes; only the first \d+ are shown\./);
    assert.match(result.summary, /big__dump \{\} -> \d+ bytes \(cut\)/);
  });
});

describe('an MCP server that hangs, fails or is down', () => {
  test('a call that never answers: one diagnosis naming the server, at the deadline, no outputs', async () => {
    const slow = await standIn([tool('wait', () => HANG)]);
    script([[{ name: 'slow__wait', arguments: {} }]]);
    const result = await runMcp([`slow ${slow.url} allow=wait`], { timeout: '4', 'max-retries': '0' });
    assert.notEqual(result.code, null, 'the action ended by itself, not by the runner killing it');
    assertOneDiagnosis(result, /^MCP server 'slow' \(mcp-servers line 1, 127\.0\.0\.1:\d+\) failed while calling wait: /);
  });

  test('a call the server fails: one diagnosis naming the server and the tool', async () => {
    const broken = await standIn([tool('crash', () => FAIL)]);
    script([[{ name: 'broken__crash', arguments: {} }]]);
    const result = await runMcp([`broken ${broken.url} allow=crash`]);
    assertOneDiagnosis(result, /^MCP server 'broken' \(mcp-servers line 1, [^)]+\) failed while calling crash: .*crash failed/);
  });

  test('a server that is down: one diagnosis naming it, and no model request', async () => {
    const down = await standIn([], { failStatus: 503 });
    script([[{ name: 'down__x', arguments: {} }]]);
    const result = await runMcp([`down ${down.url} allow=x token-env=DOCS_TOKEN`]);
    assertOneDiagnosis(result, /^MCP server 'down' \(mcp-servers line 1, [^)]+\) failed while connecting: /);
    assert.ok(!result.errors[0]!.includes(DOCS_TOKEN));
    assert.equal(modelBodies().length, 0);
  });
});
