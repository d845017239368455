/**
 * The call with tools: each time the model answers with function calls
 * (finish reason tool_calls, or Responses function_call items), the calls
 * are run by the run's ToolRunner and the conversation goes back to the same
 * deployment with their results, until the model answers in text. Every
 * round is one call of the same chain (failover.ts), under its one deadline;
 * the rounds' tokens add up, and what a round learnt (the Responses API, a
 * refused temperature) is kept for the next. Once the run's tool calls or
 * its token budget are spent the tools are withdrawn (tool_choice none) and
 * the model must answer. The runner is given, never imported: the tools'
 * code loads only when the model calls one.
 */
import type { ToolCall, ToolCallRecord, ToolDefinition, ToolTurn } from '../model-call.ts';
import { ActionFailure } from '../errors.ts';
import type { ModelAnswer } from './call-outcome.ts';
import type { CallOptions, ModelRequest } from './call-request.ts';
import { checkRoundCost, type RoundBudget } from './round-cost.ts';

/** What the call layer needs of the tools; src/tools/ gives it (tool-session.ts). */
export interface ToolRunner {
  /** The tools offered (an MCP server's are listed on first use, within the deadline). */
  definitions(deadlineAt: number): Promise<ToolDefinition[]>;
  /**
   * Runs one round's calls in order; each result is capped, and a call past the run's caps is refused with a
   * short reason. `budgetBytes` is the most output the round may add before max-total-tokens would be passed.
   */
  run(calls: ToolCall[], limits: { deadlineAt: number; budgetBytes: number }): Promise<ToolTurn['results']>;
  /** The model may call no more tools (its calls or the token budget are spent). */
  spent(): boolean;
  /** Every call so far, for the job summary and the tool-calls output. */
  records(): ToolCallRecord[];
}

export interface ToolLoopOptions {
  runner: ToolRunner;
  /** max-total-tokens and max-tokens, when a run's tokens are bounded. */
  maxTotalTokens?: number;
  maxTokens?: number;
  /** max-cost, checked before each further round (round-cost.ts). */
  maxCost?: RoundBudget;
}

/** A tool's output as tokens, counted high (UTF-8 bytes / 3): the estimate must not let a run pass its budget. */
const BYTES_PER_TOKEN = 3;
/** The chat format's tokens around each message, counted high. */
const MESSAGE_OVERHEAD_TOKENS = 16;

type Call = (request: ModelRequest, options: CallOptions) => Promise<ModelAnswer>;

export async function callWithTools(request: ModelRequest, options: CallOptions, call: Call, tools: ToolLoopOptions): Promise<ModelAnswer> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadlineAt = options.deadlineAt ?? Number.POSITIVE_INFINITY;
  const definitions = await tools.runner.definitions(deadlineAt);
  const turns: ToolTurn[] = [];
  let current = request;
  let sum: ModelAnswer | undefined;
  for (let round = 1; ; round++) {
    const withdrawn = tools.runner.spent();
    const result = await call({ ...current, toolUse: { definitions, choice: withdrawn ? 'none' : 'auto', turns: [...turns] } }, options);
    sum = addUp(sum, result);
    const calls = result.toolCalls ?? [];
    if (calls.length === 0) return finalResult(sum, tools.runner.records(), now() - started);
    if (withdrawn) {
      throw new ActionFailure(
        `The model asked for ${calls.length} more tool call${calls.length === 1 ? '' : 's'} after the tools were withdrawn (tool_choice none, round ${round}); the deployment did not answer in text. Lower the prompt's reliance on tools or raise max-tool-calls.`,
        { topic: 'modelKeptCallingTools' },
      );
    }
    if (tools.maxCost) checkRoundCost(tools.maxCost, sum, nextPromptTokens(result, calls.length));
    const budgetBytes = remainingBytes(tools, sum, result, calls.length);
    const results = await tools.runner.run(calls, { deadlineAt, budgetBytes });
    turns.push({ calls, results });
    current = learnt(current, result);
  }
}

/** What the next round sends again (what the last one read and wrote) before the tools' results. */
function nextPromptTokens(last: ModelAnswer, callCount: number): number {
  return last.promptTokens + last.completionTokens + MESSAGE_OVERHEAD_TOKENS * (callCount + 1);
}

/** How much tool output the next round may carry and still fit max-total-tokens with a whole answer. */
function remainingBytes(tools: ToolLoopOptions, sum: ModelAnswer, last: ModelAnswer, callCount: number): number {
  if (tools.maxTotalTokens === undefined) return Number.POSITIVE_INFINITY;
  // The next round sends again what the last one read and wrote, plus the results, and may answer max-tokens.
  const nextPrompt = nextPromptTokens(last, callCount);
  const left = tools.maxTotalTokens - sum.totalTokens - nextPrompt - (tools.maxTokens ?? 0);
  if (left < 0) {
    const shown = (n: number) => n.toLocaleString('en-US');
    throw new ActionFailure(
      `Tool calls took the run past max-total-tokens: ${shown(sum.totalTokens)} tokens used so far, and the next round would send ${shown(nextPrompt)} more and may answer max-tokens ${shown(tools.maxTokens ?? 0)}, over max-total-tokens ${shown(tools.maxTotalTokens)}. Raise max-total-tokens or lower max-tool-calls.`,
      { topic: 'toolsPastMaxTotalTokens' },
    );
  }
  return left * BYTES_PER_TOKEN;
}

/** The next round keeps what this one learnt of the deployment: the API that answered, sampling it refused. */
function learnt(request: ModelRequest, result: ModelAnswer): ModelRequest {
  const next: ModelRequest = { ...request };
  if (result.api) next.api = result.api;
  if (result.droppedParameters?.length) {
    delete next.temperature;
    delete next.topP;
  }
  return next;
}

function addUp(sum: ModelAnswer | undefined, result: ModelAnswer): ModelAnswer {
  if (!sum) return result;
  return {
    ...result,
    promptTokens: sum.promptTokens + result.promptTokens,
    completionTokens: sum.completionTokens + result.completionTokens,
    totalTokens: sum.totalTokens + result.totalTokens,
    cachedTokens: sum.cachedTokens + result.cachedTokens,
    // Each round writes its own new prefix to the cache, billed where the model bills writes (estimate.ts).
    ...(sum.cacheWriteTokens !== undefined || result.cacheWriteTokens !== undefined
      ? { cacheWriteTokens: (sum.cacheWriteTokens ?? 0) + (result.cacheWriteTokens ?? 0) }
      : {}),
    reasoningTokens: sum.reasoningTokens + result.reasoningTokens,
    attempts: sum.attempts + result.attempts,
    retryReasons: [...(sum.retryReasons ?? []), ...(result.retryReasons ?? [])],
    droppedParameters: result.droppedParameters ?? sum.droppedParameters,
  };
}

function finalResult(sum: ModelAnswer, records: ToolCallRecord[], latencyMs: number): ModelAnswer {
  const { toolCalls: _none, ...answer } = sum;
  return { ...answer, latencyMs, toolRecords: records };
}
