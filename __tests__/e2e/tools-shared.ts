/**
 * What the tool e2e files share: the scripted deployment, a run with tools,
 * and readers of the model requests the emulator received (the calls the
 * action echoed back and the results it sent with them, on either API).
 */
import type { ScriptedCall } from '../../emulator/config.ts';
import { baseInputs, runAction, type RunOptions, type RunResult } from '../../emulator/runner.ts';
import { emulator } from './harness.ts';

/** The emulator's default deployment, scripted by each test. */
const TOOLY = 'gpt-5.1';

type Body = Record<string, unknown>;
type Item = Record<string, unknown>;

/** The rounds of calls the scripted deployment makes in the next run. */
export function script(rounds: ScriptedCall[][]): void {
  scriptDeployment({ toolRounds: rounds });
}

/** Sets the default deployment's script (and its text answer, when given) for the next run. */
export function scriptDeployment(script: { toolRounds: ScriptedCall[][]; reply?: string }): void {
  emulator.config.openai.deployments[TOOLY] = { ...emulator.config.openai.deployments[TOOLY]!, ...script };
}

export const read = (path: string, extra: Record<string, unknown> = {}): ScriptedCall => ({
  name: 'read_file',
  arguments: { path, ...extra },
});

/** The four ways a call can go: each API, streamed and whole. */
export const WAYS = [
  { api: 'chat', stream: 'false' },
  { api: 'chat', stream: 'true' },
  { api: 'responses', stream: 'false' },
  { api: 'responses', stream: 'true' },
] as const;

export function runWithTools(inputs: Record<string, string>, options: RunOptions = {}): Promise<RunResult> {
  return runAction(emulator, {
    ...options,
    inputs: { ...baseInputs(emulator), deployment: TOOLY, tools: 'workspace', prompt: 'Where is helper used?', ...inputs },
  });
}

export const modelRequests = () => emulator.requests.filter((r) => r.service === 'openai');
export const modelBodies = (): Body[] => modelRequests().map((r) => r.body as Body);

/** The tool results a request carried, in order: chat `tool` messages or Responses function_call_output items. */
export function resultsSent(body: Body): Array<{ id: string; output: string }> {
  if (Array.isArray(body.messages)) {
    return (body.messages as Item[])
      .filter((m) => m.role === 'tool')
      .map((m) => ({ id: String(m.tool_call_id), output: String(m.content) }));
  }
  return (body.input as Item[])
    .filter((item) => item.type === 'function_call_output')
    .map((item) => ({ id: String(item.call_id), output: String(item.output) }));
}

/** The calls a request echoed back: the assistant messages' tool_calls, or the function_call items. */
export function callsEchoed(body: Body): Array<{ id: string; name: string }> {
  if (Array.isArray(body.messages)) {
    return (body.messages as Item[]).flatMap((m) =>
      ((m.tool_calls as Item[] | undefined) ?? []).map((call) => ({ id: String(call.id), name: String((call.function as Item).name) })),
    );
  }
  return (body.input as Item[])
    .filter((item) => item.type === 'function_call')
    .map((item) => ({ id: String(item.call_id), name: String(item.name) }));
}

/** The names of the tools a request offered. */
export function toolsOffered(body: Body): string[] {
  return ((body.tools as Item[] | undefined) ?? []).map((tool) => String(tool.name ?? (tool.function as Item | undefined)?.name));
}
