/**
 * The run's tools (the call layer's ToolRunner): which the model is offered,
 * and each call it makes run under the run's caps: at most max-tool-calls
 * calls, each result cut to 64 KiB with a note saying so, all results
 * together at most 512 KiB, and none past the token budget the call layer
 * gives. A refused call gets a short reason back and the run goes on.
 * Results are untrusted: they go to the model only, never to the log; the
 * log and the summary get the tool, its arguments cut short, and the size.
 * The tools' own code (workspace-tools.ts, re2js, the MCP client) is loaded
 * by the first call that needs it.
 */
import type { ToolCall, ToolCallRecord, ToolDefinition, ToolTurn } from '../model-call.ts';
import type { ToolsConfig } from '../config.ts';
import type { ToolRunner } from '../call/tool-loop.ts';
import { oneLine } from '../secrets.ts';
import { WORKSPACE_TOOLS } from './definitions.ts';
import type { McpToolbox } from './mcp-toolbox.ts';
import { ToolRefusal } from './workspace-paths.ts';

export const MAX_RESULT_BYTES = 64 * 1024;
const MAX_RUN_TOOL_BYTES = 512 * 1024;
const MAX_ARGUMENT_CHARS = 8 * 1024;
const SHOWN_ARGUMENT_CHARS = 120;

export interface ToolSessionOptions {
  config: Pick<ToolsConfig, 'tools' | 'maxToolCalls' | 'mcpServers'>;
  env: Record<string, string | undefined>;
  log: (message: string) => void;
}

interface Outcome {
  output: string;
  record: ToolCallRecord;
}

export class ToolSession implements ToolRunner {
  readonly #options: ToolSessionOptions;
  readonly #records: ToolCallRecord[] = [];
  #outputBytes = 0;
  #budgetSpent = false;
  #mcp: Promise<McpToolbox> | undefined;

  constructor(options: ToolSessionOptions) {
    this.#options = options;
  }

  async definitions(deadlineAt: number): Promise<ToolDefinition[]> {
    const workspace = this.#options.config.tools === 'workspace' ? WORKSPACE_TOOLS : [];
    if (this.#options.config.mcpServers.length === 0) return workspace;
    return [...workspace, ...(await this.#mcpToolbox(deadlineAt)).definitions()];
  }

  async run(calls: ToolCall[], limits: { deadlineAt: number; budgetBytes: number }): Promise<ToolTurn['results']> {
    const results: ToolTurn['results'] = [];
    let roundBytes = 0;
    for (const call of calls) {
      const { output, record } = await this.#runOne(call, limits.deadlineAt, limits.budgetBytes - roundBytes);
      roundBytes += Buffer.byteLength(output);
      this.#records.push(record);
      const total = `${this.#records.length}/${this.#options.config.maxToolCalls}`;
      const said =
        record.outcome === 'refused' ? `refused (${record.reason})` : `${record.bytes} bytes${record.outcome === 'cut' ? ', cut' : ''}`;
      this.#options.log(`Tool call ${total}: ${record.tool} ${record.arguments}: ${said}.`);
      results.push({ id: call.id, output });
    }
    return results;
  }

  spent(): boolean {
    return this.#budgetSpent || this.#records.length >= this.#options.config.maxToolCalls;
  }

  records(): ToolCallRecord[] {
    return [...this.#records];
  }

  /** Closes the MCP servers' sessions, when any was opened. */
  async close(): Promise<void> {
    const toolbox = await this.#mcp?.catch(() => undefined);
    await toolbox?.close();
  }

  async #runOne(call: ToolCall, deadlineAt: number, budgetBytes: number): Promise<Outcome> {
    const shown = oneLine(call.arguments, SHOWN_ARGUMENT_CHARS);
    const refuse = (reason: string): Outcome => ({
      output: `Refused: ${reason}.`,
      record: { tool: oneLine(call.name, 80), arguments: shown, bytes: 0, outcome: 'refused', reason: oneLine(reason, 200) },
    });
    const max = this.#options.config.maxToolCalls;
    if (this.#records.length >= max) return refuse(`the run's ${max} tool calls (max-tool-calls) are spent: answer with what you have`);
    let text: string;
    try {
      text = await this.#dispatch(call, deadlineAt);
    } catch (error) {
      if (error instanceof ToolRefusal) return refuse(error.message);
      throw error;
    }
    const { output, cut } = capped(text);
    const bytes = Buffer.byteLength(output);
    if (this.#outputBytes + bytes > MAX_RUN_TOOL_BYTES) {
      return refuse(`the run's tool output is spent (${MAX_RUN_TOOL_BYTES / 1024} KiB in all): answer with what you have`);
    }
    if (bytes > budgetBytes) {
      this.#budgetSpent = true;
      return refuse(`its ${bytes} bytes would take the run past max-total-tokens: answer with what you have`);
    }
    this.#outputBytes += bytes;
    return { output, record: { tool: oneLine(call.name, 80), arguments: shown, bytes, outcome: cut ? 'cut' : 'ok' } };
  }

  async #dispatch(call: ToolCall, deadlineAt: number): Promise<string> {
    const args = parseArguments(call.arguments);
    const config = this.#options.config;
    if (config.tools === 'workspace' && WORKSPACE_TOOLS.some((tool) => tool.name === call.name)) {
      const { runWorkspaceTool } = await import('./workspace-tools.ts');
      const { workspaceRoots } = await import('./workspace-paths.ts');
      return runWorkspaceTool(call.name, args, workspaceRoots(this.#options.env), deadlineAt);
    }
    if (config.mcpServers.length > 0) return (await this.#mcpToolbox(deadlineAt)).call(call.name, args, deadlineAt);
    throw new ToolRefusal(`there is no tool named '${oneLine(call.name, 80)}'`);
  }

  #mcpToolbox(deadlineAt: number): Promise<McpToolbox> {
    this.#mcp ??= import('./mcp-toolbox.ts').then(({ openMcpToolbox }) =>
      openMcpToolbox(this.#options.config.mcpServers, { deadlineAt, log: this.#options.log }),
    );
    return this.#mcp;
  }
}

function parseArguments(text: string): Record<string, unknown> {
  if (text.length > MAX_ARGUMENT_CHARS) throw new ToolRefusal(`the arguments are longer than ${MAX_ARGUMENT_CHARS} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new ToolRefusal('the arguments are not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ToolRefusal('the arguments are not a JSON object');
  return value as Record<string, unknown>;
}

/** The result within MAX_RESULT_BYTES (cut at a character's edge), with a note when it was cut. */
function capped(text: string): { output: string; cut: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= MAX_RESULT_BYTES) return { output: text, cut: false };
  const kept = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, MAX_RESULT_BYTES - 512)).replace(/\uFFFD$/, '');
  return {
    output: `${kept}\n[Cut: the result is ${bytes.length} bytes; only the first ${Buffer.byteLength(kept)} are shown. Ask for a line range, a subfolder or a narrower pattern.]`,
    cut: true,
  };
}
