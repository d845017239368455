/**
 * A stand-in for a remote MCP server, built with the official SDK's own
 * server (McpServer over StreamableHTTPServerTransport, stateless, on
 * 127.0.0.1): it lists the tools it is given and answers their calls, one
 * of which may hang, fail or answer megabytes; or it may be down, answering
 * every request with an HTTP error. It records each request's
 * Authorization header and method, so a test can say where a token went.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';

/** What a tool that never answers returns. */
export const HANG = Symbol('hang');
/** What a tool that fails returns: the server answers the call with a JSON-RPC error. */
export const FAIL = Symbol('fail');

export interface StandInTool {
  name: string;
  description: string;
  /** The text it answers, from the call's arguments; HANG never answers. */
  answer: (args: Record<string, unknown>) => string | typeof HANG | typeof FAIL;
}

export interface McpStandIn {
  url: string;
  /** Every HTTP request: its method, the JSON-RPC method, and the Authorization header. */
  requests: Array<{ httpMethod: string; rpcMethod?: string; authorization?: string; toolName?: string }>;
  close(): Promise<void>;
}

export interface StandInOptions {
  /** Answer every request with this HTTP status and a plain-text body, as a server that is down does. */
  failStatus?: number;
}

/** One request's server (stateless: a fresh one per request), answering from the tools. */
function standInServer(tools: StandInTool[], hanging: Array<() => void>): McpServer {
  const server = new McpServer({ name: 'stand-in', version: '1.0.0' }, { capabilities: { tools: {} } });
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: { type: 'object' as const, properties: { query: { type: 'string' } } },
    })),
  }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((candidate) => candidate.name === request.params.name);
    if (!tool) return { content: [{ type: 'text' as const, text: `no tool ${request.params.name}` }], isError: true };
    const answer = tool.answer(request.params.arguments ?? {});
    if (answer === FAIL) throw new McpError(ErrorCode.InternalError, `${tool.name} failed`);
    if (answer === HANG) {
      await new Promise<void>((resolve) => hanging.push(resolve));
      return { content: [] };
    }
    return { content: [{ type: 'text' as const, text: answer }] };
  });
  return server;
}

export async function startMcpStandIn(tools: StandInTool[], options: StandInOptions = {}): Promise<McpStandIn> {
  const requests: McpStandIn['requests'] = [];
  const hanging: Array<() => void> = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (options.failStatus !== undefined) {
      requests.push({ httpMethod: req.method ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      res.writeHead(options.failStatus, { 'content-type': 'text/plain' }).end('upstream unavailable');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as { method?: string; params?: { name?: string } }) : undefined;
    requests.push({
      httpMethod: req.method ?? '',
      ...(body?.method ? { rpcMethod: body.method } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(body?.params?.name ? { toolName: body.params.name } : {}),
    });
    const server = standInServer(tools, hanging);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
  const http = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    close: async () => {
      for (const release of hanging) release();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
