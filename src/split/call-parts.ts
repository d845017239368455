/**
 * large-diff: split, the calls: each part asked on its own, at most
 * PARTS_IN_FLIGHT at once, then one combining call from their answers; all
 * under the one deadline a single call has (retry.ts). The first part that
 * fails fails the run: no part is started after it, and nothing is published
 * from the others. The result is the combining call's answer with the
 * tokens, attempts and wall time of every call.
 */
import type { Combining, PartOutcome } from '../budget/split-context.ts';
import type { PromptMessage } from '../model-call.ts';
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { FailoverResult } from '../call/failover-outcome.ts';

/** Parts in flight at once: a burst the service's per-minute limits take, and the wall time of a few calls. */
export const PARTS_IN_FLIGHT = 4;

export interface PartsRequest {
  parts: readonly PromptMessage[][];
  /** The combining call's messages from the parts' answers, in order. */
  combine: (answers: readonly string[]) => Combining;
  /** One call through the failover chain, keeping to `deadlineAt`. */
  ask(messages: PromptMessage[], deadlineAt: number): Promise<FailoverResult>;
  deadlineAt: number;
  log(message: string): void;
  now?: () => number;
}

export interface PartsResult extends FailoverResult {
  parts: PartOutcome[];
  /** Every call's own result, the parts' then the combining call's, for the cost. */
  calls: ModelAnswer[];
}

export async function callInParts(request: PartsRequest): Promise<PartsResult> {
  const now = request.now ?? Date.now;
  const started = now();
  const outcomes: FailoverResult[] = await runPool(request.parts.length, PARTS_IN_FLIGHT, async (index) => {
    const outcome = await request.ask(request.parts[index] ?? [], request.deadlineAt);
    request.log(`Part ${index + 1} of ${request.parts.length}: ${describe(outcome.result)}.`);
    return outcome;
  });
  const combining = request.combine(outcomes.map((outcome) => outcome.result.text));
  request.log(`Combining the ${outcomes.length} parts' answers in one more call.`);
  const last = await request.ask(combining.messages, request.deadlineAt);
  const final = combining.finish ? { ...last, result: { ...last.result, text: combining.finish(last.result.text) } } : last;
  return {
    ...final,
    result: summed(final.result, outcomes, now() - started),
    calls: [...outcomes.map((outcome) => outcome.result), last.result],
    parts: outcomes.map(({ result }) => ({
      latencyMs: result.latencyMs,
      promptTokens: result.promptTokens,
      cachedTokens: result.cachedTokens,
      completionTokens: result.completionTokens,
      finishReason: result.finishReason,
    })),
  };
}

function describe(result: ModelAnswer): string {
  const cached = result.cachedTokens ? ` (${result.cachedTokens} cached)` : '';
  return `${result.promptTokens} prompt${cached} + ${result.completionTokens} completion tokens in ${result.latencyMs} ms`;
}

/** The final answer, with every call's tokens and attempts, and the wall time of them all. */
function summed(final: ModelAnswer, parts: readonly FailoverResult[], latencyMs: number): ModelAnswer {
  const all = [...parts.map((part) => part.result), final];
  const sum = (pick: (result: ModelAnswer) => number) => all.reduce((total, result) => total + pick(result), 0);
  const reasons = all.flatMap((result) => result.retryReasons ?? []);
  const result: ModelAnswer = {
    ...final,
    promptTokens: sum((r) => r.promptTokens),
    completionTokens: sum((r) => r.completionTokens),
    totalTokens: sum((r) => r.totalTokens),
    cachedTokens: sum((r) => r.cachedTokens),
    reasoningTokens: sum((r) => r.reasoningTokens),
    attempts: sum((r) => r.attempts),
    latencyMs,
  };
  if (reasons.length > 0) result.retryReasons = reasons;
  return result;
}

/**
 * Runs task(0..count-1) with at most `limit` running; resolves in index order. The first failure rejects at
 * once and no further task starts; tasks already running are left to the exit watchdog.
 */
export function runPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<T>(count);
    let next = 0;
    let done = 0;
    let failed = false;
    const start = (): void => {
      if (failed || next >= count) return;
      const index = next++;
      task(index).then(
        (value) => {
          results[index] = value;
          done++;
          if (done === count) resolve(results);
          else start();
        },
        (error: unknown) => {
          failed = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    };
    if (count === 0) resolve(results);
    for (let i = 0; i < Math.min(limit, count); i++) start();
  });
}
