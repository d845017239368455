/** The tool inputs, checked before any network call: tools, max-tool-calls, mcp-servers lines, github-mcp. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../../src/errors.ts';
import { DEFAULT_GITHUB_MCP_TOOLSETS, GITHUB_MCP_URL, readToolsInputs } from '../../../src/inputs/read-tools.ts';

const read = (inputs: Record<string, string>, env: Record<string, string> = {}, githubToken = '') =>
  readToolsInputs((name) => (inputs[name] ?? '').trim(), env, githubToken);

function refused(inputs: Record<string, string>, input: string, pattern: RegExp, env: Record<string, string> = {}): void {
  assert.throws(
    () => read(inputs, env, 'ghs_token'),
    (error: unknown) => error instanceof InputError && error.input === input && pattern.test(error.message),
  );
}

describe('readToolsInputs', () => {
  test('defaults: no tools, 16 calls, no server', () => {
    assert.deepEqual(read({}), { tools: 'none', maxToolCalls: 16, mcpServers: [] });
    assert.equal(read({ tools: 'Workspace', 'max-tool-calls': '4' }).maxToolCalls, 4);
    assert.equal(read({ tools: 'workspace' }).tools, 'workspace');
  });

  test('a bad tools value or call count names the input', () => {
    refused({ tools: 'all' }, 'tools', /'all' is not supported: use workspace .* or none/);
    refused({ 'max-tool-calls': '0' }, 'max-tool-calls', /./);
    refused({ 'max-tool-calls': '1000' }, 'max-tool-calls', /./);
  });

  test('an mcp-servers line: label, URL, allow-list, a token from the environment', () => {
    const [server] = read(
      { 'mcp-servers': '# docs\n  docs https://mcp.example.com/mcp allow=search_docs,read_doc token-env=DOCS_TOKEN\n' },
      { DOCS_TOKEN: 'sekret' },
    ).mcpServers;
    assert.equal(server?.label, 'docs');
    assert.equal(server?.url.href, 'https://mcp.example.com/mcp');
    assert.deepEqual(server?.allow, ['search_docs', 'read_doc']);
    assert.deepEqual(server?.headers, { Authorization: 'Bearer sekret' });
    assert.equal(server?.source, 'mcp-servers line 2');
    assert.equal(read({ 'mcp-servers': 'local http://127.0.0.1:8080/mcp allow=x' }).mcpServers[0]?.url.port, '8080');
  });

  const badLines: Array<[string, string, RegExp]> = [
    ['plain http off loopback', 'docs http://mcp.example.com/mcp allow=x', /'http:' is not accepted: a server's URL is https/],
    ['credentials in the URL', 'docs https://user:pw@mcp.example.com/mcp allow=x', /carries a user name or password/],
    ['a query', 'docs https://mcp.example.com/mcp?key=abc allow=x', /query or fragment/],
    ['no allow-list', 'docs https://mcp.example.com/mcp', /no tool is allowed/],
    ['a bad label', 'Docs! https://mcp.example.com/mcp allow=x', /is not a label/],
    ['an unknown option', 'docs https://mcp.example.com/mcp allow=x header=a:b', /'header' is not an option/],
    ['an empty token variable', 'docs https://mcp.example.com/mcp allow=x token-env=MISSING', /MISSING .* is empty or not set/],
    ['a label twice', 'a https://a.example/mcp allow=x\na https://b.example/mcp allow=y', /line 2: the label 'a' is used twice/],
  ];
  for (const [name, line, pattern] of badLines) {
    test(`an mcp-servers line with ${name} is refused before any network call`, () =>
      refused({ 'mcp-servers': line }, 'mcp-servers', pattern));
  }

  test("github-mcp: GitHub's server, read-only, the toolsets as header, github-token for it alone", () => {
    const [server] = read({ 'github-mcp': 'true' }, {}, 'ghs_token').mcpServers;
    assert.equal(server?.url.href, GITHUB_MCP_URL);
    assert.deepEqual(server?.headers, {
      Authorization: 'Bearer ghs_token',
      'X-MCP-Readonly': 'true',
      'X-MCP-Toolsets': DEFAULT_GITHUB_MCP_TOOLSETS,
    });
    assert.equal(read({ 'github-mcp': 'false' }, {}, 'ghs_token').mcpServers.length, 0);
    assert.equal(
      read({ 'github-mcp': 'true', 'github-mcp-toolsets': 'repos, issues' }, {}, 'ghs_token').mcpServers[0]?.headers['X-MCP-Toolsets'],
      'repos,issues',
    );
    assert.throws(() => read({ 'github-mcp': 'true' }), /Input 'github-mcp': needs a token/);
    refused({ 'github-mcp': 'true', 'github-mcp-toolsets': 'repos;rm' }, 'github-mcp-toolsets', /not a toolset name/);
    refused(
      { 'github-mcp': 'true', 'mcp-servers': 'github https://x.example/mcp allow=a' },
      'mcp-servers',
      /the label 'github' is github-mcp's/,
    );
  });
});
