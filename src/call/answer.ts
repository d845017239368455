/**
 * The model's answer as the action reports it, read from a whole chat
 * completion or assembled from a stream (read-stream.ts): both paths yield
 * the same shape, so the outputs do not depend on how the answer arrived.
 * Pure.
 */
import { addFlag, type Flag, flaggedCategories } from './flagged-answer.ts';
import type { ToolCall } from '../model-call.ts';

export interface Answer {
  text: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens served from the prompt cache (0 when the service does not say). */
  cachedTokens: number;
  /** Prompt tokens written to the prompt cache, billed on the newest families (0 when the service does not say). */
  cacheWriteTokens?: number;
  /** Completion tokens the model spent reasoning, counted in completionTokens (0 when the service does not say). */
  reasoningTokens: number;
  model: string;
  /** Completion filter categories Azure flagged as filtered, e.g. "violence (severity medium)". */
  filtered: string[];
  /** The Responses API's summary of the model's reasoning, when asked for (reasoning-summary). */
  reasoningSummary?: string;
  /** The filter marked the answer filtered though it did not end with content_filter (flagged-answer.ts). */
  flagged?: Flag;
  /** The function calls the model asked for (finish reason tool_calls); absent when it answered. */
  toolCalls?: ToolCall[];
  /** The tier that processed the request (`service_tier`), when the service says. */
  serviceTier?: string;
}

/** A 200 that carries no usable answer: what was wrong, and whether another attempt may help. */
export class MalformedAnswerError extends Error {
  readonly retryable: boolean;
  /** A few words for the log ("no choices", "HTML instead of JSON"). */
  readonly label: string;
  constructor(label: string, message: string, retryable: boolean) {
    super(message);
    this.name = 'MalformedAnswerError';
    this.label = label;
    this.retryable = retryable;
  }
}

export const NO_CHOICES = (): MalformedAnswerError =>
  new MalformedAnswerError('no choices', 'the service answered 200 with no choices', true);

type FilterResults = Record<string, { filtered?: boolean; severity?: string; detected?: boolean } | undefined>;

interface CompletionLike {
  model?: string | null;
  service_tier?: string | null;
  choices?: Array<{
    message?: { content?: string | null; tool_calls?: unknown } | null;
    finish_reason?: string | null;
    content_filter_results?: unknown;
  }> | null;
  usage?: Usage | null;
}

/** Chat completion usage as Azure reports it; the details are absent from older API versions and some models. */
export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** The Answer's token counts from a usage object, 0 for anything not reported. */
export function tokenCounts(
  usage: Usage | null | undefined,
): Pick<Answer, 'promptTokens' | 'completionTokens' | 'totalTokens' | 'cachedTokens' | 'cacheWriteTokens' | 'reasoningTokens'> {
  return {
    promptTokens: count(usage?.prompt_tokens),
    completionTokens: count(usage?.completion_tokens),
    totalTokens: count(usage?.total_tokens),
    cachedTokens: count(usage?.prompt_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage?.prompt_tokens_details?.cache_write_tokens),
    reasoningTokens: count(usage?.completion_tokens_details?.reasoning_tokens),
  };
}

/** A count the service sent, or 0: a gateway may send null, a string or a negative number. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** The tier the service says processed the request; nothing when it does not say. */
export function servedTier(value: unknown): { serviceTier?: string } {
  return typeof value === 'string' && value !== '' ? { serviceTier: value.slice(0, 40) } : {};
}

/** A string the service sent, or the fallback: a gateway may send an object, a number or null where one belongs. */
export function stringOr(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

/** The answer's text: a string, or nothing (a refusal, a tool call); anything else is not an answer. */
export function answerText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  throw new MalformedAnswerError(
    'content not text',
    `the service answered 200 with a message whose content is ${typeof value}, not text`,
    false,
  );
}

export function answerFromCompletion(data: CompletionLike): Answer {
  const choice = data.choices?.[0];
  if (!choice) throw NO_CHOICES();
  const text = answerText(choice.message?.content);
  const finishReason = stringOr(choice.finish_reason, 'unknown');
  // The whole answer was checked: a verdict without offsets covers all of it.
  const flagged =
    finishReason === 'content_filter' ? undefined : addFlag(undefined, flaggedCategories(choice.content_filter_results), undefined);
  const answer: Answer = {
    text,
    finishReason,
    ...tokenCounts(data.usage),
    model: stringOr(data.model),
    filtered: filteredCategories(choice.content_filter_results),
    ...withToolCalls(chatToolCalls(choice.message?.tool_calls)),
    ...servedTier(data.service_tier),
  };
  if (flagged) answer.flagged = flagged;
  return answer;
}

/** A chat message's `tool_calls` (function calls only), each with its id, name and argument text. */
function chatToolCalls(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } | null } | null) =>
    item && (item.type === 'function' || item.function)
      ? [{ id: stringOr(item.id), name: stringOr(item.function?.name), arguments: stringOr(item.function?.arguments) }]
      : [],
  );
}

/** The Answer's toolCalls property, present only when there are calls. */
export function withToolCalls(calls: ToolCall[]): Pick<Answer, 'toolCalls'> {
  return calls.length > 0 ? { toolCalls: calls } : {};
}

/** "violence (severity medium)", "protected_material_code (detected)" for each category marked filtered. */
export function filteredCategories(results: unknown): string[] {
  if (!results || typeof results !== 'object') return [];
  return Object.entries(results as FilterResults)
    .filter(([, value]) => value?.filtered === true)
    .map(([name, value]) =>
      typeof value?.severity === 'string' && value.severity ? `${name} (severity ${value.severity})` : `${name} (detected)`,
    );
}
