// Azure OpenAI's Responses API: POST /openai/v1/responses (body `model` = deployment name), JSON or,
// with stream:true, server-sent events named by their `type`, each with a `sequence_number`, ending
// with response.completed, response.incomplete or response.failed (no `data: [DONE]`, unlike chat).
// Shapes follow OpenAI's Responses reference, which Azure's v1 API serves; where Azure differs:
// responses are stored for 30 days unless `store: false`, and a Responses-only model's chat route
// answers 400 OperationNotSupported (openai-common.ts).

import type { Fault } from '../faults.ts';
import { sendJson } from '../http.ts';
import type { RequestContext } from '../http.ts';
import {
  admit,
  type Admitted,
  invalidRequest,
  refusedSampling,
  replyFaultOf,
  sendEvents,
  sendPartialJson,
  successHeaders,
  tokensOf,
  reasoningTokensOf,
  cacheUse,
} from './openai-common.ts';
import { type ResponseShape, responseObject, streamEvents } from './openai/responses-answer.ts';
import { asChatFormat, isObject, readInput, textFormatError } from './openai/responses-input.ts';
import { refuse } from './openai/admit.ts';
import { defaultJsonReply } from './response-format.ts';
import { answerUsing, scriptedCalls } from './openai/tool-calls.ts';
import { responsesToolHistory } from './openai/tool-turns.ts';

type StreamFault = Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }>;

/** The request's texts (instructions first) when it passes Azure's checks; undefined once a refusal is sent. */
function checkedTexts(ctx: RequestContext, admitted: Admitted): { texts: string[]; lastUser: string } | undefined {
  const { req, deployment } = admitted;
  if (deployment.apis && !deployment.apis.includes('responses')) {
    const message = `The model ${deployment.model} does not support the Responses API.`;
    return refuse(ctx, 400, invalidRequest(message, 'model', 'unsupported_model'));
  }
  const input = readInput(req.input);
  if ('error' in input) return refuse(ctx, 400, input.error);
  const sampling = refusedSampling(deployment, req);
  if (sampling) return refuse(ctx, 400, sampling);
  const text = isObject(req.text) ? req.text : {};
  const instructions = typeof req.instructions === 'string' ? req.instructions : '';
  const texts = [instructions, ...input.messages.map((message) => message.text)];
  const formatError = textFormatError(text.format, texts);
  if (formatError) return refuse(ctx, 400, formatError);
  const lastUser = [...input.messages].reverse().find((message) => message.role === 'user');
  return { texts, lastUser: lastUser?.text ?? '' };
}

/** The answer, cut by max_output_tokens (which bounds reasoning and visible output together) and by the shaping faults. */
function shapeResponse(admitted: Admitted, reply: string, texts: string[]): { shaped: ResponseShape; streamFault?: StreamFault } {
  const { req, deployment } = admitted;
  const reasoning = isObject(req.reasoning) ? req.reasoning : {};
  const shaped: ResponseShape = {
    text: reply,
    status: 'completed',
    inputTokens: texts.reduce((n, t) => n + tokensOf(t), 0),
    outputTokens: 0,
  };
  if (typeof reasoning.summary === 'string' && deployment.reasoningSummary) shaped.summary = deployment.reasoningSummary;
  const reasoningTokens = reasoningTokensOf(deployment);
  const limit = typeof req.max_output_tokens === 'number' ? req.max_output_tokens : undefined;
  const cut = (text: string, reason: ResponseShape['incompleteReason']) => {
    shaped.text = text;
    shaped.status = 'incomplete';
    shaped.incompleteReason = reason;
  };
  if (limit !== undefined && tokensOf(reply) + reasoningTokens > limit)
    cut(reply.slice(0, Math.max(0, limit - reasoningTokens) * 4), 'max_output_tokens');
  let streamFault: StreamFault | undefined;
  for (const fault of admitted.shaping) {
    if (fault.kind === 'length') cut(shaped.text.slice(0, Math.ceil(shaped.text.length / 2)), 'max_output_tokens');
    else if (fault.kind === 'content-filter-completion') cut(shaped.text.slice(0, Math.floor(shaped.text.length / 2)), 'content_filter');
    else if (fault.kind === 'content-filter-async') shaped.asyncFilter = fault.flag === undefined ? {} : { flag: fault.flag };
    else if (fault.kind === 'stall-stream' || fault.kind === 'cut-stream') streamFault = fault;
  }
  shaped.outputTokens = tokensOf(shaped.text) + reasoningTokens;
  return { shaped, streamFault };
}

export function responsesHandler(served: { requests: number; tokens: number }) {
  return async function respond(ctx: RequestContext): Promise<void> {
    const admitted = await admit(ctx, { route: 'v1', operation: 'Responses_Create' });
    if (!admitted) return;
    const checked = checkedTexts(ctx, admitted);
    if (!checked) return;
    const { req, deployment, deploymentName, shaping } = admitted;
    const history = responsesToolHistory(req.input);
    if ('error' in history) return refuse(ctx, 400, history.error);
    const { fault: replyFault, content: replyContent } = replyFaultOf(ctx, shaping);
    const text = isObject(req.text) ? req.text : {};
    const format = isObject(text.format) ? asChatFormat(text.format) : undefined;
    const reply =
      replyContent ??
      deployment.reply ??
      defaultJsonReply(format, checked.lastUser) ??
      answerUsing(`Emulated answer to: "${checked.lastUser.slice(0, 200)}"`, history);
    const { shaped, streamFault } = shapeResponse(admitted, reply, [
      ...checked.texts,
      ...history.results,
      Array.isArray(req.tools) ? JSON.stringify(req.tools) : '',
    ]);
    const calls = scriptedCalls(deployment, req, history);
    if (calls.length > 0) {
      shaped.toolCalls = calls;
      shaped.text = '';
      shaped.outputTokens = tokensOf(calls.map((call) => call.name + call.arguments).join(''));
    }
    served.requests += 1;
    served.tokens += shaped.inputTokens + shaped.outputTokens;
    const headers = successHeaders(served, deploymentName);
    const reasoningTokens = reasoningTokensOf(deployment);
    const { cachedTokens, cacheWriteTokens } = cacheUse(ctx, admitted, checked.texts.join('\n'), shaped.inputTokens);
    const usage = {
      input_tokens: shaped.inputTokens,
      input_tokens_details: {
        cached_tokens: cachedTokens,
        ...(cacheWriteTokens === undefined ? {} : { cache_write_tokens: cacheWriteTokens }),
      },
      output_tokens: shaped.outputTokens,
      output_tokens_details: { reasoning_tokens: reasoningTokens },
      total_tokens: shaped.inputTokens + shaped.outputTokens,
    };
    const response = responseObject(req, { model: replyFault?.model ?? deployment.model, shaped, usage });
    if (req.stream === true) return sendEvents(ctx, headers, streamEvents(response, shaped), streamFault);
    if (streamFault) return sendPartialJson(ctx, response, headers, streamFault);
    sendJson(ctx, 200, response, headers);
  };
}
