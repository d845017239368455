// The scripted model's function calls in the shapes Azure OpenAI sends them. Sources, both real Azure sessions:
// - Chat Completions streamed: Azure/azure-sdk-assets, net/sdk/openai/Azure.AI.OpenAI/old/tests/SessionRecords/
//   ChatToolsTests/StreamingToolCallWorks(Azure).json: a first choice chunk {content: null, role: assistant}, then
//   per call one chunk naming it ({function: {arguments: "", name}, id, index, type: function}) and chunks carrying
//   only {function: {arguments: piece}, index}, each with empty content_filter_results; then finish "tool_calls".
// - Responses: vercel/ai, packages/azure/src/__fixtures__/azure-tool-call.1.json and .chunks.txt (gpt-5.1 on
//   Azure): function_call items {id: fc_…, type, status, arguments, call_id: call_…, name}; streamed as
//   output_item.added (arguments "", in_progress), function_call_arguments.delta (with an `obfuscation` pad),
//   function_call_arguments.done, output_item.done.

import { randomBytes } from 'node:crypto';
import type { DeploymentConfig } from '../../config.ts';
import type { ToolHistory } from './tool-turns.ts';
import type { Json } from './responses-input.ts';

/** A call the model makes this round: its id (chat `id`, Responses `call_id`), the tool, the argument text. */
export interface MadeCall {
  id: string;
  name: string;
  arguments: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  return [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

/** The calls the scripted deployment makes at this point of the conversation; none once it must answer in text. */
export function scriptedCalls(deployment: DeploymentConfig, req: Json, history: ToolHistory): MadeCall[] {
  const round = deployment.toolRounds?.[history.rounds];
  const offered = Array.isArray(req.tools) && req.tools.length > 0;
  if (!round || !offered || req.tool_choice === 'none') return [];
  return round.map((call) => ({
    id: `call_${randomText(24)}`,
    name: call.name,
    arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
  }));
}

/** The default answer after tool rounds: it repeats what the tools returned, as a model quoting them would. */
export function answerUsing(answer: string, history: ToolHistory): string {
  if (history.results.length === 0) return answer;
  const quoted = history.results.map((result, i) => `[${i + 1}] ${result.slice(0, 2000)}`).join('\n');
  return `${answer}\nFrom ${history.results.length} tool result${history.results.length === 1 ? '' : 's'}:\n${quoted}`;
}

/** The argument text in the pieces a stream carries it in. */
function argumentPieces(text: string): string[] {
  return text.match(/.{1,8}/gs) ?? [];
}

/** The assistant message's tool_calls of a whole chat completion. */
export function chatToolCalls(calls: MadeCall[]): Json[] {
  return calls.map((call) => ({ function: { arguments: call.arguments, name: call.name }, id: call.id, type: 'function' }));
}

/** The choice deltas that stream the calls, one per chunk, interleaving nothing (as recorded). */
export function chatToolDeltas(calls: MadeCall[]): Json[] {
  return calls.flatMap((call, index) => [
    { tool_calls: [{ function: { arguments: '', name: call.name }, id: call.id, index, type: 'function' }] },
    ...argumentPieces(call.arguments).map((piece) => ({ tool_calls: [{ function: { arguments: piece }, index }] })),
  ]);
}

/** The Responses output items of the calls. */
export function functionCallItems(calls: MadeCall[]): Json[] {
  return calls.map((call) => ({
    id: `fc_${randomBytes(24).toString('hex')}`,
    type: 'function_call',
    status: 'completed',
    arguments: call.arguments,
    call_id: call.id,
    name: call.name,
  }));
}

/** The stream events of one function_call item at its output index. */
export function functionCallEvents(item: Json, outputIndex: number): Json[] {
  const where = { item_id: item.id as string, output_index: outputIndex };
  const text = item.arguments as string;
  return [
    { type: 'response.output_item.added', output_index: outputIndex, item: { ...item, status: 'in_progress', arguments: '' } },
    ...argumentPieces(text).map((delta) => ({
      type: 'response.function_call_arguments.delta',
      ...where,
      delta,
      obfuscation: randomText(16 - Math.min(delta.length, 15)),
    })),
    { type: 'response.function_call_arguments.done', ...where, arguments: text },
    { type: 'response.output_item.done', output_index: outputIndex, item },
  ];
}
