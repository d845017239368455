/**
 * Reads a streamed chat completion into the same Answer a non-streamed call
 * gives (answer.ts), with progress lines (stream-progress.ts).
 *
 * Azure interleaves annotation chunks with the content: a first chunk with
 * empty `choices` and `prompt_filter_results`, chunks whose choice has no
 * `delta` but `content_filter_offsets` (after the finish), and a last chunk
 * with empty `choices` and the `usage`. None of them may end the answer.
 */
import {
  type Answer,
  answerText,
  filteredCategories,
  MalformedAnswerError,
  NO_CHOICES,
  servedTier,
  stringOr,
  tokenCounts,
  type Usage,
  withToolCalls,
} from './answer.ts';
import { addFlag, type Flag, flaggedCategories, offsetsRange } from './flagged-answer.ts';
import type { ToolCall } from '../model-call.ts';
import { type ReadStreamOptions, streamedText } from './stream-progress.ts';

export type { ReadStreamOptions } from './stream-progress.ts';

/** A chunk as Azure sends it: the OpenAI shape plus filter annotations, any field possibly absent. */
export interface StreamChunk {
  model?: string | null;
  /** Azure: on the first chunk, whose `choices` are empty. */
  prompt_filter_results?: unknown;
  choices?: Array<{
    index?: number;
    delta?: { content?: string | null; tool_calls?: ToolCallDelta[] | null } | null;
    finish_reason?: string | null;
    content_filter_results?: unknown;
    /** Azure: on annotation-only chunks, which have no `delta`. */
    content_filter_offsets?: unknown;
  }> | null;
  usage?: Usage | null;
  service_tier?: string | null;
}

/** A piece of a streamed tool call: the first names the call and its function, later ones add argument text. */
export interface ToolCallDelta {
  index?: number;
  id?: string | null;
  function?: { name?: string | null; arguments?: string | null } | null;
}

export async function readChatStream(chunks: AsyncIterable<StreamChunk>, options: ReadStreamOptions): Promise<Answer> {
  const streamed = streamedText(options, "Azure OpenAI's streamed text");
  let sawChoice = false;
  let finishReason: string | undefined;
  let model = '';
  let usage: StreamChunk['usage'];
  let tier: unknown;
  const filtered = new Set<string>();
  // Verdicts that mark text filtered: with asynchronous filtering they come after finish_reason "stop".
  let flag: Flag | undefined;
  const calls: ToolCall[] = [];
  // The arguments share the text's cap: both are held in memory until the end.
  const argumentText = streamedText(
    { ...options, progress: () => undefined, debug: () => undefined },
    "Azure OpenAI's streamed tool calls",
  );

  for await (const chunk of chunks) {
    if (!model) model = stringOr(chunk.model);
    if (chunk.usage) usage = chunk.usage;
    if (chunk.service_tier) tier = chunk.service_tier;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      sawChoice = true;
      const piece = answerText(choice.delta?.content);
      if (piece) streamed.add(piece);
      for (const delta of choice.delta?.tool_calls ?? []) addToolCallDelta(calls, delta, (piece) => argumentText.add(piece));
      if (typeof choice.finish_reason === 'string' && choice.finish_reason) finishReason = choice.finish_reason;
      for (const category of filteredCategories(choice.content_filter_results)) filtered.add(category);
      flag = addFlag(flag, flaggedCategories(choice.content_filter_results), offsetsRange(choice.content_filter_offsets));
    }
    streamed.tick();
  }

  if (!sawChoice) throw NO_CHOICES();
  if (finishReason === undefined) {
    throw new MalformedAnswerError('stream ended early', `the stream ended after ${streamed.pieces} tokens without a finish reason`, true);
  }
  const answer: Answer = {
    text: streamed.text,
    finishReason,
    ...tokenCounts(usage),
    model,
    filtered: [...filtered],
    // A sparse index leaves holes, which are no calls.
    ...withToolCalls(calls.filter(Boolean)),
    ...servedTier(tier),
  };
  // A content_filter finish is a cut answer (truncation.ts); a verdict on an answer that ended otherwise flags it.
  if (flag && finishReason !== 'content_filter') answer.flagged = flag;
  return answer;
}

/** Parallel calls arrive interleaved, each piece naming its call by index; argument text counts against the text's cap. */
function addToolCallDelta(calls: ToolCall[], delta: ToolCallDelta, count: (piece: string) => void): void {
  const index = typeof delta.index === 'number' && delta.index >= 0 && delta.index < MAX_STREAMED_TOOL_CALLS ? delta.index : 0;
  const call = (calls[index] ??= { id: '', name: '', arguments: '' });
  if (typeof delta.id === 'string' && delta.id) call.id = delta.id;
  if (typeof delta.function?.name === 'string' && delta.function.name) call.name = delta.function.name;
  const piece = delta.function?.arguments;
  if (typeof piece === 'string' && piece) {
    count(piece);
    call.arguments += piece;
  }
}

/** Far more than any model makes in one turn; an index past it is read as the first call's. */
const MAX_STREAMED_TOOL_CALLS = 128;

/** The first dated API version whose streams carry usage (`stream_options.include_usage`). */
const FIRST_STREAM_USAGE_VERSION = '2024-09-01';

/**
 * Whether to stream: older dated API versions reject `stream_options`, and a
 * stream without usage could not give the token outputs, so those calls go
 * unstreamed, and say so.
 */
export function streamDecision(wanted: boolean, apiVersion: string): { stream: boolean; note?: string } {
  if (!wanted) return { stream: false };
  if (apiVersion === 'v1' || apiVersion.slice(0, 10) >= FIRST_STREAM_USAGE_VERSION) return { stream: true };
  return {
    stream: false,
    note: `api-version ${apiVersion} predates token usage in streamed answers (${FIRST_STREAM_USAGE_VERSION} or v1): calling without streaming.`,
  };
}
