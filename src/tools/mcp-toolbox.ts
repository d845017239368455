/**
 * Remote MCP servers (mcp-servers, github-mcp) through the official SDK's
 * client over streamable HTTP. Each server is asked for its tools once;
 * the model sees those on the line's allow-list as `<label>__<tool>`. A
 * server's requests go to its own origin only (its headers with them, so a
 * token reaches the server it belongs to and no other), redirects are not
 * followed, every answer is read to a cap, and every request ends by the
 * run's deadline. A server that cannot be reached, refuses, or hangs ends
 * the run with one diagnosis naming it (McpServerError).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { capResponse } from '../bounded-body.ts';
import type { ToolDefinition } from '../model-call.ts';
import type { McpServerConfig } from '../config.ts';
import { ActionFailure, messageOf } from '../errors.ts';
import { httpFetch } from '../http-fetch.ts';
import { oneLine } from '../secrets.ts';
import { ToolRefusal } from './workspace-paths.ts';

/** The most one answer of a server may hold; the result the model gets is cut far shorter (tool-session.ts). */
const MCP_ANSWER_MAX_BYTES = 16 * 1024 * 1024;
/** A request's own bound, within the run's deadline. */
const MCP_REQUEST_TIMEOUT_MS = 60_000;
const MAX_SCHEMA_CHARS = 16 * 1024;
const MAX_LISTED_PAGES = 10;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,40}$/;

export interface McpToolbox {
  definitions(): ToolDefinition[];
  /** Calls `<label>__<tool>`; a tool off the allow-list is refused, a server failure throws McpServerError. */
  call(name: string, args: Record<string, unknown>, deadlineAt: number): Promise<string>;
  close(): Promise<void>;
}

/** A server that could not be reached, refused the session, or did not answer in time: the run ends naming it. */
export class McpServerError extends ActionFailure {
  constructor(server: McpServerConfig, doing: string, cause: unknown) {
    super(
      `MCP server '${server.label}' (${server.source}, ${server.url.host}) failed while ${doing}: ${oneLine(messageOf(cause), 300)}. Check its URL, that it speaks streamable HTTP, and its token (token-env=, or github-token for github-mcp).`,
      { cause, topic: 'mcpServerFailed' },
    );
    this.name = 'McpServerError';
  }
}

interface Connected {
  server: McpServerConfig;
  client: Client;
  tools: ToolDefinition[];
}

export async function openMcpToolbox(
  servers: readonly McpServerConfig[],
  options: { deadlineAt: number; log: (message: string) => void },
): Promise<McpToolbox> {
  const connected: Connected[] = [];
  try {
    for (const server of servers) connected.push(await connect(server, options.deadlineAt, options.log));
  } catch (error) {
    await Promise.all(connected.map((entry) => entry.client.close().catch(() => undefined)));
    throw error;
  }
  return {
    definitions: () => connected.flatMap((entry) => entry.tools),
    call: (name, args, deadlineAt) => callTool(connected, name, args, deadlineAt),
    close: async () => {
      await Promise.all(connected.map((entry) => entry.client.close().catch(() => undefined)));
    },
  };
}

/** A fetch that reaches the server's own origin only, follows no redirect, and reads each answer to a cap. */
function serverFetch(server: McpServerConfig): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== server.url.origin) throw new Error(`refused to send a request to ${url.origin}, not the server's origin`);
    const response = await httpFetch(url, init);
    return capResponse(response, { maxBytes: MCP_ANSWER_MAX_BYTES, source: `MCP server '${server.label}'` });
  };
}

function requestOptions(deadlineAt: number) {
  const timeout = Math.max(1, Math.min(MCP_REQUEST_TIMEOUT_MS, deadlineAt - Date.now()));
  return { timeout, maxTotalTimeout: timeout, signal: AbortSignal.timeout(timeout) };
}

async function connect(server: McpServerConfig, deadlineAt: number, log: (message: string) => void): Promise<Connected> {
  const client = new Client({ name: 'azure-openai-keyless-action', version: '1' });
  const transport = new StreamableHTTPClientTransport(server.url, {
    requestInit: { headers: server.headers, redirect: 'manual' },
    fetch: serverFetch(server),
    reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
  });
  let doing = 'connecting';
  try {
    await client.connect(transport, requestOptions(deadlineAt));
    doing = 'listing its tools';
    const tools: ToolDefinition[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_LISTED_PAGES; page++) {
      const listed = await client.listTools(cursor ? { cursor } : {}, requestOptions(deadlineAt));
      for (const tool of listed.tools) {
        const definition = offered(server, tool);
        if (definition) tools.push(definition);
      }
      cursor = listed.nextCursor;
      if (!cursor) break;
    }
    log(`MCP server '${server.label}' (${server.url.host}): ${tools.length} tool${tools.length === 1 ? '' : 's'} offered to the model.`);
    return { server, client, tools };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw new McpServerError(server, doing, error);
  }
}

interface ListedTool {
  name: string;
  description?: string | undefined;
  inputSchema: Record<string, unknown>;
}

/** A listed tool as offered to the model, when the allow-list names it and its name and schema are usable. */
function offered(server: McpServerConfig, tool: ListedTool): ToolDefinition | undefined {
  if (!FUNCTION_NAME.test(tool.name)) return undefined;
  if (!server.allow.includes('*') && !server.allow.includes(tool.name)) return undefined;
  const schema = JSON.stringify(tool.inputSchema);
  if (schema.length > MAX_SCHEMA_CHARS) return undefined;
  return {
    name: `${server.label}__${tool.name}`,
    description: `${oneLine(tool.description ?? '', 1000)} (from the MCP server '${server.label}')`,
    parameters: JSON.parse(schema) as Record<string, unknown>,
  };
}

async function callTool(connected: Connected[], name: string, args: Record<string, unknown>, deadlineAt: number): Promise<string> {
  const separator = name.indexOf('__');
  const label = separator === -1 ? '' : name.slice(0, separator);
  const tool = name.slice(separator + 2);
  const entry = connected.find((candidate) => candidate.server.label === label);
  if (!entry) throw new ToolRefusal(`there is no tool named '${oneLine(name, 80)}'`);
  if (!entry.tools.some((offeredTool) => offeredTool.name === name)) {
    throw new ToolRefusal(`'${oneLine(tool, 80)}' is not on the allow-list of the MCP server '${label}'`);
  }
  let result: Awaited<ReturnType<Client['callTool']>>;
  try {
    result = await entry.client.callTool({ name: tool, arguments: args }, undefined, requestOptions(deadlineAt));
  } catch (error) {
    throw new McpServerError(entry.server, `calling ${oneLine(tool, 80)}`, error);
  }
  const parts = Array.isArray(result.content) ? (result.content as Array<{ type?: unknown; text?: unknown }>) : [];
  const text = parts
    .map((part) => (part.type === 'text' && typeof part.text === 'string' ? part.text : `[${String(part.type)} content left out]`))
    .join('\n');
  return result.isError === true ? `The tool reported an error: ${text}` : text;
}
