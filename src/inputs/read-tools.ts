/**
 * The tool inputs: `tools` (read-only workspace tools), `max-tool-calls`,
 * `mcp-servers` (one remote MCP server a line, with the tools the model may
 * call on it) and `github-mcp` with `github-mcp-toolsets`. Every line is
 * checked here, before any network call: a server's URL is https (http only
 * on loopback) and carries no credentials, its token comes from a named
 * environment variable, and GitHub's token goes to GitHub's MCP host alone.
 */
import { isLoopbackAddress } from '../endpoint/endpoint.ts';
import { type McpServerConfig, TOOLS_MODES, type ToolsConfig, type ToolsMode } from '../config.ts';
import { InputError } from '../errors.ts';
import { readNumberInput } from './read-model-parameters.ts';

const DEFAULT_MAX_TOOL_CALLS = 16;
const MAX_TOOL_CALLS_LIMIT = 128;
/** GitHub's hosted MCP server, read-only mode and toolsets chosen by header (github/github-mcp-server's remote docs). */
export const GITHUB_MCP_URL = 'https://api.githubcopilot.com/mcp/';
/** actions/ai-inference v2's default for github-mcp-toolsets. */
export const DEFAULT_GITHUB_MCP_TOOLSETS = 'repos,issues,pull_requests,actions,code_security';
const LABEL = /^[a-z][a-z0-9-]{0,19}$/;
/** What both APIs accept in a function's name, less room for the `<label>__` prefix. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,40}$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const TOOLSET = /^[a-z_]{1,40}$/;
const MCP_LINE_HELP =
  'each line is `<label> <url> allow=<tool>[,<tool>...] [token-env=<VARIABLE>]`, for example ' +
  '`docs https://mcp.example.com/mcp allow=search_docs,read_doc token-env=DOCS_MCP_TOKEN`';

export function readToolsInputs(get: (name: string) => string, env: Record<string, string | undefined>, githubToken: string): ToolsConfig {
  const text = get('tools').toLowerCase();
  const tools: ToolsMode = text === '' ? 'none' : (TOOLS_MODES as readonly string[]).includes(text) ? (text as ToolsMode) : badTools(text);
  const maxToolCalls =
    readNumberInput(get, 'max-tool-calls', { integer: true, min: 1, max: MAX_TOOL_CALLS_LIMIT }) ?? DEFAULT_MAX_TOOL_CALLS;
  const mcpServers = readMcpServers(get('mcp-servers'), env);
  const githubMcp = readGithubMcp(get, githubToken);
  if (githubMcp) {
    if (mcpServers.some((server) => server.label === 'github')) {
      throw new InputError('mcp-servers', "the label 'github' is github-mcp's: give the line another label.");
    }
    mcpServers.push(githubMcp);
  }
  return { tools, maxToolCalls, mcpServers };
}

function badTools(text: string): never {
  throw new InputError(
    'tools',
    `'${text}' is not supported: use workspace (read-only read_file, list_files and search_files over the checkout) or none (the default).`,
  );
}

function readMcpServers(text: string, env: Record<string, string | undefined>): McpServerConfig[] {
  const servers: McpServerConfig[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const server = readMcpLine(line, index + 1, env);
    if (servers.some((other) => other.label === server.label)) {
      throw new InputError('mcp-servers', `line ${index + 1}: the label '${server.label}' is used twice.`);
    }
    servers.push(server);
  }
  return servers;
}

function readMcpLine(line: string, lineNumber: number, env: Record<string, string | undefined>): McpServerConfig {
  const bad = (why: string): InputError => new InputError('mcp-servers', `line ${lineNumber}: ${why}; ${MCP_LINE_HELP}.`);
  const [label = '', urlText = '', ...options] = line.split(/\s+/);
  if (!LABEL.test(label)) throw bad(`'${label}' is not a label (lowercase letters, digits and '-', at most 20)`);
  const url = mcpUrl(urlText, bad);
  const allow: string[] = [];
  const headers: Record<string, string> = {};
  for (const option of options) {
    const [key, value = ''] = option.split(/=(.*)/s);
    if (key === 'allow') {
      for (const name of value.split(',').filter((n) => n !== '')) {
        if (!TOOL_NAME.test(name)) throw bad(`'${name}' is not a tool name (letters, digits, '_' and '-', at most 40)`);
        allow.push(name);
      }
    } else if (key === 'token-env') {
      if (!VARIABLE.test(value)) throw bad(`token-env=${value} does not name an environment variable`);
      const token = env[value]?.trim();
      if (!token) throw bad(`environment variable ${value} (token-env) is empty or not set: set it on the step from a secret`);
      headers.Authorization = `Bearer ${token}`;
    } else {
      throw bad(`'${key}' is not an option (allow=, token-env=)`);
    }
  }
  if (allow.length === 0) throw bad('no tool is allowed: list the tools the model may call with allow=');
  return { label, url, allow, headers, source: `mcp-servers line ${lineNumber}` };
}

function mcpUrl(text: string, bad: (why: string) => InputError): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad(`'${text}' is not a URL`);
  }
  const loopback = isLoopbackAddress(url.hostname.replace(/^\[|\]$/g, ''));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw bad(`'${url.protocol}' is not accepted: a server's URL is https (http only on loopback)`);
  }
  if (url.username || url.password) throw bad('the URL carries a user name or password: give a token with token-env= instead');
  if (url.search !== '' || url.hash !== '') throw bad('the URL carries a query or fragment, which could hold a secret');
  return url;
}

function readGithubMcp(get: (name: string) => string, githubToken: string): McpServerConfig | undefined {
  const enabled = get('github-mcp');
  if (enabled === '' || ['false', 'False', 'FALSE'].includes(enabled)) return undefined;
  if (!['true', 'True', 'TRUE'].includes(enabled)) throw new InputError('github-mcp', `'${enabled}' is not a boolean: use true or false.`);
  if (!githubToken) {
    throw new InputError('github-mcp', 'needs a token: set github-token (a fine-grained token or a GitHub App token; see docs/tools.md).');
  }
  const toolsets = (get('github-mcp-toolsets') || DEFAULT_GITHUB_MCP_TOOLSETS).split(',').map((t) => t.trim());
  const wrong = toolsets.find((toolset) => !TOOLSET.test(toolset));
  if (wrong !== undefined) {
    throw new InputError('github-mcp-toolsets', `'${wrong}' is not a toolset name: use a comma-separated list such as repos,issues.`);
  }
  return {
    label: 'github',
    url: new URL(GITHUB_MCP_URL),
    // Every tool GitHub's server lists under its read-only mode: the header, not an allow-list, keeps writes out.
    allow: ['*'],
    headers: { Authorization: `Bearer ${githubToken}`, 'X-MCP-Readonly': 'true', 'X-MCP-Toolsets': toolsets.join(',') },
    source: 'github-mcp',
  };
}
