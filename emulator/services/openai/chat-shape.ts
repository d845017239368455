// A chat request checked as Azure checks its body, and its answer shaped: the reply (a `reply`
// fault, the deployment's reply, JSON for JSON modes, or an echo), the token limit, and the
// faults that cut it short, filter it or drop its choices.

import type { Fault } from '../../faults.ts';
import type { RequestContext } from '../../http.ts';
import { type Admitted, refuse } from './admit.ts';
import { invalidRequest, messageText, refusedSampling, replyFaultOf, tokensOf, unsupportedParamBody } from '../openai-common.ts';
import { defaultJsonReply, responseFormatError } from '../response-format.ts';
import { answerUsing, type MadeCall, scriptedCalls } from './tool-calls.ts';
import type { ToolHistory } from './tool-turns.ts';

export type StreamFault = Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }>;

export interface Shaped {
  content: string;
  finishReason: string;
  noChoices: boolean;
  promptTokens: number;
  completionTokens: number;
  model: string;
  streamFault?: StreamFault;
  /** The asynchronous filter's shape: trailing annotations after "stop", flagging this category when set. */
  asyncFilter?: { flag?: string };
  /** The scripted model's function calls this round (finish reason tool_calls), in place of text. */
  toolCalls?: MadeCall[];
}

interface ChatMessage {
  role?: string;
  content?: unknown;
}

/** The request's messages when its body passes Azure's checks; undefined once a refusal is sent. */
export function checkedMessages(ctx: RequestContext, admitted: Admitted): Array<ChatMessage | null> | undefined {
  const { req, deployment } = admitted;
  if (req.messages === undefined)
    return refuse(ctx, 400, invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'));
  if (!Array.isArray(req.messages))
    return refuse(ctx, 400, invalidRequest(`${JSON.stringify(req.messages)} is not of type 'array' - 'messages'`));
  if (req.messages.length === 0) return refuse(ctx, 400, invalidRequest("[] is too short - 'messages'"));
  const rejected = deployment.rejectsParam;
  if (rejected && req[rejected] !== undefined && req[rejected] !== null) {
    return refuse(ctx, 400, unsupportedParamBody(rejected, rejected === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens'));
  }
  const sampling = refusedSampling(deployment, req);
  if (sampling) return refuse(ctx, 400, sampling);
  // Entries are whatever the client sent: a null (or other non-object) entry must not crash the emulator.
  const messages = req.messages as Array<ChatMessage | null>;
  const formatError = responseFormatError(
    req.response_format,
    messages.map((message) => messageText(message?.content)),
  );
  if (formatError) return refuse(ctx, 400, formatError);
  return messages;
}

function tokenLimit(req: Record<string, unknown>): number | undefined {
  if (typeof req.max_completion_tokens === 'number') return req.max_completion_tokens;
  return typeof req.max_tokens === 'number' ? req.max_tokens : undefined;
}

/** The answer to a checked request, before any fault that shapes it. */
function replyTo(ctx: RequestContext, admitted: Admitted, messages: Array<ChatMessage | null>, history: ToolHistory): Shaped {
  const { req, deployment, shaping } = admitted;
  const lastUser = [...messages].reverse().find((message) => message?.role === 'user');
  // A queued `reply` fault answers this one request; JSON modes get JSON by default.
  const { fault: replyFault, content: replyContent } = replyFaultOf(ctx, shaping);
  const reply =
    replyContent ??
    deployment.reply ??
    defaultJsonReply(req.response_format, messageText(lastUser?.content)) ??
    answerUsing(`Emulated answer to: "${messageText(lastUser?.content).slice(0, 200)}"`, history);
  const calls = scriptedCalls(deployment, req, history);
  const shaped: Shaped = {
    content: calls.length > 0 ? '' : reply,
    finishReason: calls.length > 0 ? 'tool_calls' : (replyFault?.finishReason ?? 'stop'),
    noChoices: false,
    // The tools' definitions are part of the prompt the service counts.
    promptTokens:
      messages.reduce((sum, message) => sum + tokensOf(messageText(message?.content)), 0) +
      (Array.isArray(req.tools) ? tokensOf(JSON.stringify(req.tools)) : 0),
    completionTokens: tokensOf(calls.length > 0 ? calls.map((call) => call.name + call.arguments).join('') : reply),
    model: replyFault?.model ?? deployment.model,
  };
  if (calls.length > 0) shaped.toolCalls = calls;
  return shaped;
}

export function shapeChat(ctx: RequestContext, admitted: Admitted, messages: Array<ChatMessage | null>, history: ToolHistory): Shaped {
  const shaped = replyTo(ctx, admitted, messages, history);
  const maxTokens = tokenLimit(admitted.req);
  if (maxTokens !== undefined && shaped.completionTokens > maxTokens) {
    shaped.content = shaped.content.slice(0, Math.max(0, maxTokens) * 4);
    shaped.finishReason = 'length';
  }
  for (const fault of admitted.shaping) {
    if (fault.kind === 'no-choices') shaped.noChoices = true;
    else if (fault.kind === 'length') {
      shaped.content = shaped.content.slice(0, Math.ceil(shaped.content.length / 2));
      shaped.finishReason = 'length';
    } else if (fault.kind === 'content-filter-completion') {
      shaped.content = shaped.content.slice(0, Math.floor(shaped.content.length / 2));
      shaped.finishReason = 'content_filter';
    } else if (fault.kind === 'stall-stream' || fault.kind === 'cut-stream') shaped.streamFault = fault;
    else if (fault.kind === 'content-filter-async') shaped.asyncFilter = fault.flag === undefined ? {} : { flag: fault.flag };
  }
  if (!shaped.toolCalls) shaped.completionTokens = tokensOf(shaped.content);
  return shaped;
}
