/** MCP servers through the official SDK's client against its own server: list, call, allow-list, a hang, 10 MiB. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { McpServerConfig } from '../../../src/config.ts';
import { McpServerError, openMcpToolbox } from '../../../src/tools/mcp-toolbox.ts';
import { ToolSession } from '../../../src/tools/tool-session.ts';
import { ToolRefusal } from '../../../src/tools/workspace-paths.ts';
import { closedPort } from '../../setup/closed-port.ts';
import { HANG, type McpStandIn, startMcpStandIn } from '../../../emulator/mcp-server.ts';

let standIn: McpStandIn;
const TEN_MIB = 10 * 1024 * 1024;

before(async () => {
  standIn = await startMcpStandIn([
    { name: 'search_docs', description: 'Searches the docs.', answer: (args) => `Found: ${String(args.query)}` },
    { name: 'delete_docs', description: 'Deletes the docs.', answer: () => 'deleted' },
    { name: 'slow', description: 'Never answers.', answer: () => HANG },
    { name: 'huge', description: 'Answers 10 MiB.', answer: () => 'y'.repeat(TEN_MIB) },
  ]);
});
after(() => standIn.close());

function server(allow: string[], token = 'mcp-token-123'): McpServerConfig {
  return { label: 'docs', url: new URL(standIn.url), allow, headers: { Authorization: `Bearer ${token}` }, source: 'mcp-servers line 1' };
}

const soon = () => Date.now() + 30_000;

describe('openMcpToolbox', () => {
  test('lists the allowed tools as <label>__<tool>, calls one, and sends the token to that server', async () => {
    standIn.requests.length = 0;
    const toolbox = await openMcpToolbox([server(['search_docs', 'slow'])], { deadlineAt: soon(), log: () => undefined });
    try {
      assert.deepEqual(
        toolbox.definitions().map((tool) => tool.name),
        ['docs__search_docs', 'docs__slow'],
      );
      assert.match(toolbox.definitions()[0]!.description, /Searches the docs\. \(from the MCP server 'docs'\)/);
      assert.equal(await toolbox.call('docs__search_docs', { query: 'tokens' }, soon()), 'Found: tokens');
      assert.ok(standIn.requests.some((r) => r.rpcMethod === 'tools/call' && r.toolName === 'search_docs'));
      assert.ok(standIn.requests.every((r) => r.authorization === 'Bearer mcp-token-123'));
    } finally {
      await toolbox.close();
    }
  });

  test('a tool off the allow-list is refused and never called', async () => {
    standIn.requests.length = 0;
    const toolbox = await openMcpToolbox([server(['search_docs'])], { deadlineAt: soon(), log: () => undefined });
    try {
      await assert.rejects(toolbox.call('docs__delete_docs', {}, soon()), (error: unknown) => {
        assert.ok(error instanceof ToolRefusal);
        assert.equal(error.message, "'delete_docs' is not on the allow-list of the MCP server 'docs'");
        return true;
      });
      assert.ok(!standIn.requests.some((r) => r.toolName === 'delete_docs'));
    } finally {
      await toolbox.close();
    }
  });

  test('a server that hangs ends with one error naming it, by the deadline', async () => {
    const toolbox = await openMcpToolbox([server(['slow'])], { deadlineAt: soon(), log: () => undefined });
    const started = Date.now();
    try {
      await assert.rejects(toolbox.call('docs__slow', {}, Date.now() + 1500), (error: unknown) => {
        assert.ok(error instanceof McpServerError);
        assert.match(error.message, /^MCP server 'docs' \(mcp-servers line 1, 127\.0\.0\.1:\d+\) failed while calling slow: /);
        return true;
      });
      assert.ok(Date.now() - started < 10_000);
    } finally {
      await toolbox.close();
    }
  });

  test('a server that cannot be reached is named', async () => {
    const dead: McpServerConfig = { ...server(['x']), url: new URL(`http://127.0.0.1:${await closedPort()}/mcp`) };
    await assert.rejects(
      openMcpToolbox([dead], { deadlineAt: soon(), log: () => undefined }),
      /^McpServerError: MCP server 'docs' .* failed while connecting: .*ECONNREFUSED/,
    );
  });

  test('a 10 MiB answer reaches the model cut to 64 KiB, with a note', async () => {
    const session = new ToolSession({
      config: { tools: 'none', maxToolCalls: 4, mcpServers: [server(['huge'])] },
      env: {},
      log: () => undefined,
    });
    try {
      assert.deepEqual(
        (await session.definitions(soon())).map((tool) => tool.name),
        ['docs__huge'],
      );
      const [result] = await session.run([{ id: 'c1', name: 'docs__huge', arguments: '{}' }], {
        deadlineAt: soon(),
        budgetBytes: Infinity,
      });
      assert.ok(Buffer.byteLength(result!.output) <= 64 * 1024);
      assert.match(result!.output, /\[Cut: the result is 10485760 bytes/);
      assert.equal(session.records()[0]?.outcome, 'cut');
    } finally {
      await session.close();
    }
  });
});
