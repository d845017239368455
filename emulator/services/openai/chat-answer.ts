// A shaped chat answer as Azure sends it: one chat.completion, or its server-sent events.

import { sendJson } from '../../http.ts';
import type { RequestContext } from '../../http.ts';
import type { DeploymentConfig } from '../../config.ts';
import {
  CHOICE_FILTER_RESULTS,
  FILTERED_CHOICE_RESULTS,
  fingerprint,
  PROMPT_FILTER_RESULTS,
  sendEvents,
  sendPartialJson,
  reasoningTokensOf,
} from '../openai-common.ts';
import type { CacheUse } from './prompt-cache.ts';
import type { Shaped } from './chat-shape.ts';
import { asyncFilterTail, flaggedResults } from '../recorded-shapes.ts';
import { streamPieces } from './stream-pieces.ts';
import { chatToolCalls, chatToolDeltas } from './tool-calls.ts';

export interface ChatAnswer {
  id: string;
  created: number;
  shaped: Shaped;
  headers: Record<string, string>;
  /** The service_tier the request asked for, echoed. */
  serviceTier?: string;
}

/** A reasoning model's hidden reasoning is billed as completion tokens, and cached tokens are part of the prompt's. */
export function chatUsage(deployment: DeploymentConfig, shaped: Shaped, cache: CacheUse): Record<string, unknown> {
  const reasoningTokens = reasoningTokensOf(deployment);
  const { cachedTokens, cacheWriteTokens } = cache;
  return {
    completion_tokens: shaped.completionTokens + reasoningTokens,
    completion_tokens_details: {
      accepted_prediction_tokens: 0,
      audio_tokens: 0,
      reasoning_tokens: reasoningTokens,
      rejected_prediction_tokens: 0,
    },
    prompt_tokens: shaped.promptTokens,
    prompt_tokens_details: {
      audio_tokens: 0,
      cached_tokens: cachedTokens,
      ...(cacheWriteTokens === undefined ? {} : { cache_write_tokens: cacheWriteTokens }),
    },
    total_tokens: shaped.promptTokens + shaped.completionTokens + reasoningTokens,
  };
}

const choiceFilter = (shaped: Shaped) => {
  if (shaped.asyncFilter?.flag !== undefined) return flaggedResults(shaped.asyncFilter.flag);
  return shaped.finishReason === 'content_filter' ? FILTERED_CHOICE_RESULTS : CHOICE_FILTER_RESULTS;
};

export async function sendCompletion(ctx: RequestContext, answer: ChatAnswer, usage: Record<string, unknown>): Promise<void> {
  const { shaped } = answer;
  const message: Record<string, unknown> = { annotations: [], content: shaped.content, refusal: null, role: 'assistant' };
  if (shaped.toolCalls) Object.assign(message, { content: null, tool_calls: chatToolCalls(shaped.toolCalls) });
  const choice = { content_filter_results: choiceFilter(shaped), finish_reason: shaped.finishReason, index: 0, logprobs: null, message };
  const completion = {
    choices: shaped.noChoices ? [] : [choice],
    created: answer.created,
    id: answer.id,
    model: shaped.model,
    object: 'chat.completion',
    prompt_filter_results: PROMPT_FILTER_RESULTS,
    ...(answer.serviceTier ? { service_tier: answer.serviceTier } : {}),
    system_fingerprint: fingerprint(shaped.model),
    usage,
  };
  if (shaped.streamFault) return sendPartialJson(ctx, completion, answer.headers, shaped.streamFault);
  sendJson(ctx, 200, completion, answer.headers);
}

/**
 * The choices of the stream after the prompt annotations: role, content pieces, finish reason. Synchronous
 * filtering annotates each content chunk; asynchronous filtering (a fault) sends the content bare and the
 * verdicts after the finish, in annotation chunks with offsets, as recorded.
 */
function choiceEvents(shaped: Shaped, chunk: (choices: unknown[]) => object): object[] {
  const events: object[] = [];
  const delta = shaped.toolCalls ? { content: null, role: 'assistant' } : { content: '', refusal: null, role: 'assistant' };
  const pieceFilter = shaped.asyncFilter ? undefined : CHOICE_FILTER_RESULTS;
  events.push(chunk([{ content_filter_results: {}, delta, finish_reason: null, index: 0, logprobs: null }]));
  for (const toolDelta of chatToolDeltas(shaped.toolCalls ?? [])) {
    events.push(chunk([{ content_filter_results: {}, delta: toolDelta, finish_reason: null, index: 0, logprobs: null }]));
  }
  for (const piece of streamPieces(shaped.content)) {
    const choice = { delta: { content: piece }, finish_reason: null, index: 0, logprobs: null };
    events.push(chunk([pieceFilter ? { content_filter_results: pieceFilter, ...choice } : choice]));
  }
  const finishFilter = shaped.finishReason === 'content_filter' ? FILTERED_CHOICE_RESULTS : {};
  const finishChoice = { content_filter_results: finishFilter, delta: {}, finish_reason: shaped.finishReason, index: 0, logprobs: null };
  events.push(chunk([finishChoice]));
  if (shaped.asyncFilter) events.push(...(asyncFilterTail(shaped.content.length, shaped.asyncFilter.flag) as object[]));
  return events;
}

export async function sendChatStream(ctx: RequestContext, answer: ChatAnswer, usage: Record<string, unknown> | undefined): Promise<void> {
  const { shaped } = answer;
  const systemFingerprint = fingerprint(shaped.model);
  const chunk = (choices: unknown[]) => ({
    choices,
    created: answer.created,
    id: answer.id,
    model: shaped.model,
    object: 'chat.completion.chunk',
    ...(answer.serviceTier ? { service_tier: answer.serviceTier } : {}),
    system_fingerprint: systemFingerprint,
    ...(usage ? { usage: null } : {}),
  });
  // Prompt annotations first: empty choices, blank id/model/object (as Azure sends it).
  const events: object[] = [{ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTER_RESULTS }];
  if (!shaped.noChoices) events.push(...choiceEvents(shaped, chunk));
  // The usage chunk when stream_options.include_usage.
  if (usage) events.push({ ...chunk([]), usage });
  const data = [...events.map((event) => JSON.stringify(event)), '[DONE]'];
  return sendEvents(
    ctx,
    answer.headers,
    data.map((line) => `data: ${line}\n\n`),
    shaped.streamFault,
  );
}
