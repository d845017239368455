/**
 * large-diff: split, as the later steps take it: each part's messages and
 * counted input, how its answers are combined by one last call, the most the
 * whole run may use, and what the log and job summary say of the parts. Built
 * once from a plan (split-plan.ts) for both a prompt's {{pr.diff}} and a
 * review's numbered diff; they differ only in how the last call is rendered
 * and how its answer becomes the run's answer.
 */
import type { PromptMessage } from '../model-call.ts';
import type { Message, OmittedFile } from './fit.ts';
import { combineMessages } from './part-answers.ts';
import { MAX_PARTS, mostTokens, planSplit, type SplitRequest } from './split-plan.ts';

/** What one part's call gave, for the job summary. */
export interface PartOutcome {
  latencyMs: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  finishReason: string;
}

/** One part of a split diff, for the job summary: its files, its input, and what its call gave. */
export interface PartFacts {
  /** Its files, a cut file as `path (piece 2 of 3)`. */
  files: string[];
  tokens: number;
  outcome?: PartOutcome;
}

/** The combining call: its messages, and how its answer becomes the run's answer (as it is, when absent). */
export interface Combining {
  messages: PromptMessage[];
  finish?: (text: string) => string;
}

export interface SplitContext {
  /** Each part's messages, as they are sent: the same prompt first, then the part's share of the diff. */
  parts: PromptMessage[][];
  /** Each part's input as counted. */
  partTokens: number[];
  /** The most input of each call, the parts' then the combining call's, for max-cost. */
  callTokens: number[];
  /** The combining call from the parts' answers, in order. */
  combine: (answers: readonly string[]) => Combining;
  /** The most the parts, their answers and the combining call may use together. */
  mostTokens: number;
  facts: PartFacts[];
}

export interface SplitSetup extends SplitRequest {
  /** The combining call's messages when {{pr.diff}} holds the parts' answers; else the part's own render. */
  combineRender?: (values: Record<string, string>) => Message[];
  /** Each answer as the combining call reads it (a review's summary); as it is, when absent. */
  answerOf?: (text: string) => string;
  finish?: (answers: readonly string[], text: string) => string;
  log: { info(message: string): void; notice(message: string): void };
}

/** The split's context, or undefined when one part holds the whole diff (asked as one request, no combining call). */
export function splitContext(
  setup: SplitSetup,
): { values: Record<string, string>; omitted: OmittedFile[]; context: SplitContext } | undefined {
  const { diffFiles, maxTokens, log } = setup;
  const plan = planSplit(setup);
  if (plan.parts.length < 2) return undefined;
  const facts = plan.parts.map((part) => ({
    files: part.pieces.map((piece) => (piece.piece ? `${piece.path} (piece ${piece.piece.index} of ${piece.piece.of})` : piece.path)),
    tokens: part.tokens,
  }));
  const combineRender = setup.combineRender ?? ((values: Record<string, string>) => setup.render(values));
  log.info(
    `large-diff: split: the diff (${diffFiles.length} files) in ${facts.length} parts of at most ${maxTokens} tokens each (${facts.map((p) => p.tokens).join(', ')}), then one call to combine their answers.`,
  );
  if (plan.omitted.length) {
    const why = setup.maxTotalTokens === undefined ? `${MAX_PARTS} parts` : `max-total-tokens (${setup.maxTotalTokens})`;
    log.notice(
      `Left ${plan.omitted.length} of ${diffFiles.length} changed files out of the split diff to keep within ${why}: ${plan.omitted.map((o) => o.path).join(', ')}.`,
    );
  }
  const combine = (answers: readonly string[]): Combining => {
    const read = answers.map(setup.answerOf ?? ((text) => text));
    const { messages } = combineMessages({ answers: read, values: setup.values, render: combineRender, count: setup.count, maxTokens });
    const finish = setup.finish;
    return { messages: messages as PromptMessage[], ...(finish ? { finish: (text: string) => finish(answers, text) } : {}) };
  };
  const partTokens = plan.parts.map((part) => part.tokens);
  const most = mostTokens({ ...setup, render: combineRender }, plan.parts);
  const answer = setup.answerTokens ?? 0;
  const combineInput = most - partTokens.reduce((sum, tokens) => sum + tokens + answer, 0) - answer;
  return {
    values: plan.parts[0]?.values ?? setup.values,
    omitted: plan.omitted,
    context: {
      parts: plan.parts.map((part) => part.messages as PromptMessage[]),
      partTokens,
      callTokens: [...partTokens, combineInput],
      combine,
      mostTokens: most,
      facts,
    },
  };
}
