// The rounds of tool use a conversation carries, checked as the service checks them: every call the model made
// must be answered, by its id, before the conversation goes on, and no answer may name a call that was not made.
// Wordings as recorded in public threads (OpenAI's, which Azure's v1 and dated routes return unchanged):
// - chat, an unanswered call: "An assistant message with 'tool_calls' must be followed by tool messages responding
//   to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_…", param
//   `messages.[N].role`, code null (BerriAI/litellm#10083, langchain-ai/open_deep_research#164);
// - chat, an answer to no call: "Invalid parameter: messages with role 'tool' must be a response to a preceeding
//   message with 'tool_calls'." (their spelling), param `messages.[N].role`;
// - Responses: "No tool output found for function call call_…." and "No tool call found for function call output
//   with call_id call_….", param `input`, code null (agentscope-ai/AgentTeams#299, binaricat/Netcatty#684).

import { invalidRequest, messageText } from '../openai-common.ts';
import { isObject, type Json } from './responses-input.ts';

/** What the conversation so far holds of tool use: how many rounds were answered, and each result's text. */
export interface ToolHistory {
  rounds: number;
  results: string[];
}

type Checked = ToolHistory | { error: unknown };

function callIds(message: Json): string[] {
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
  return calls.map((call) => (isObject(call) && typeof call.id === 'string' ? call.id : ''));
}

/** A chat conversation's rounds: each assistant message with tool_calls followed by one tool message per call id. */
export function chatToolHistory(messages: unknown[]): Checked {
  const history: ToolHistory = { rounds: 0, results: [] };
  let open: { index: number; ids: Set<string> } | undefined;
  const unanswered = () => {
    const ids = [...(open?.ids ?? [])].join(', ');
    const message = `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids}`;
    return { error: invalidRequest(message, `messages.[${open?.index ?? 0}].role`) };
  };
  for (const [index, entry] of messages.entries()) {
    const message = isObject(entry) ? entry : {};
    if (message.role === 'tool') {
      const id = typeof message.tool_call_id === 'string' ? message.tool_call_id : '';
      if (!open?.ids.delete(id)) {
        const said = "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
        return { error: invalidRequest(said, `messages.[${index}].role`) };
      }
      history.results.push(messageText(message.content));
      if (open.ids.size === 0) history.rounds += 1;
      continue;
    }
    if (open && open.ids.size > 0) return unanswered();
    open = undefined;
    if (message.role === 'assistant' && callIds(message).length > 0) open = { index, ids: new Set(callIds(message)) };
  }
  return open && open.ids.size > 0 ? unanswered() : history;
}

/** A Responses input's rounds: function_call items, each answered by a function_call_output with its call_id. */
export function responsesToolHistory(input: unknown): Checked {
  const history: ToolHistory = { rounds: 0, results: [] };
  if (!Array.isArray(input)) return history;
  const made = new Set<string>();
  const answered = new Set<string>();
  let previous: string | undefined;
  for (const item of input) {
    const type = isObject(item) ? item.type : undefined;
    const callId = isObject(item) && typeof item.call_id === 'string' ? item.call_id : '';
    if (type === 'function_call') {
      if (previous !== 'function_call') history.rounds += 1;
      made.add(callId);
    } else if (type === 'function_call_output') {
      if (!made.has(callId)) {
        return { error: invalidRequest(`No tool call found for function call output with call_id ${callId}.`, 'input') };
      }
      answered.add(callId);
      history.results.push(isObject(item) && typeof item.output === 'string' ? item.output : '');
    }
    previous = typeof type === 'string' ? type : undefined;
  }
  const missing = [...made].find((id) => !answered.has(id));
  if (missing !== undefined) return { error: invalidRequest(`No tool output found for function call ${missing}.`, 'input') };
  return history;
}
