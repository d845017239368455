/**
 * The input budget step: the fetched context values fitted into
 * max-input-tokens with the deployment's tokenizer, leaving files out of
 * {{pr.diff}} when needed (fit.ts), and what the log and summary say of it.
 * The tokenizer is loaded only for a prompt with context variables.
 */
import type { PromptMessage } from '../model-call.ts';
import type { Config } from '../config.ts';
import type { ResolvedContext } from '../github-context/fetch-context.ts';
import type { OmittedFile } from './fit.ts';
import type { PartFacts, SplitContext } from './split-context.ts';

export interface BudgetFacts {
  /** The diff was split into these parts (large-diff: split), each asked on its own. */
  parts?: PartFacts[];
  encoding: string;
  tokens: number;
  maxTokens: number;
  omitted: OmittedFile[];
  diffSource?: 'diff' | 'patches';
  diffFiles?: number;
  range?: { from?: string; to: string; fromSource: string };
}

export interface FittedContext {
  /** The context values that fit, pr.diff trimmed (the first part's, when split). */
  values: Record<string, string>;
  budget: BudgetFacts;
  split?: SplitContext;
}

export interface BudgetRequest {
  resolved: ResolvedContext;
  deployment: string;
  maxInputTokens: number;
  /** The messages with these context values, as they would be sent. */
  render: (values: Record<string, string>) => PromptMessage[];
  log: { info(message: string): void; notice(message: string): void };
  /** large-diff: split packs the diff into parts instead of leaving files out; with max-tokens and max-total-tokens. */
  split?: { answerTokens?: number; maxTotalTokens?: number } | undefined;
}

export async function fitContext(request: BudgetRequest): Promise<FittedContext> {
  const { resolved, maxInputTokens, log } = request;
  const [{ chooseEncoding, loadTokenCounter }, { fitToBudget }] = await Promise.all([import('./tokenizer.ts'), import('./fit.ts')]);
  const encoding = chooseEncoding(request.deployment);
  const count = await loadTokenCounter(encoding.encoding);
  const fit = fitToBudget({
    render: request.render,
    values: resolved.values,
    ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles } : {}),
    maxTokens: maxInputTokens,
    count,
  });
  const budget: BudgetFacts = {
    encoding: encoding.encoding,
    tokens: fit.tokens,
    maxTokens: maxInputTokens,
    omitted: fit.omitted,
    ...(resolved.diffSource ? { diffSource: resolved.diffSource } : {}),
    ...(resolved.diffFiles ? { diffFiles: resolved.diffFiles.length } : {}),
    ...(resolved.range ? { range: resolved.range } : {}),
  };
  log.info(`Input: ${fit.tokens} tokens (${encoding.encoding}: ${encoding.reason}); max-input-tokens ${maxInputTokens}.`);
  if (request.split && resolved.diffFiles && fit.omitted.length > 0) {
    const { splitContext } = await import('./split-context.ts');
    const split = splitContext({
      ...request.split,
      render: request.render,
      values: resolved.values,
      diffFiles: resolved.diffFiles,
      maxTokens: maxInputTokens,
      count,
      log,
    });
    if (split) return { values: split.values, budget: splitBudget(budget, split), split: split.context };
  }
  if (fit.omitted.length) {
    log.notice(
      `Left ${fit.omitted.length} of ${resolved.diffFiles?.length ?? 0} changed files out of {{pr.diff}} to fit max-input-tokens (${maxInputTokens}): ${fit.omitted.map((o) => o.path).join(', ')}.`,
    );
  }
  return { values: fit.values, budget };
}

/** What each part's answer may add, and the run's limit, for planning the parts within max-total-tokens. */
export function splitLimits(config: Pick<Config, 'maxTokens' | 'maxTotalTokens'>): { answerTokens?: number; maxTotalTokens?: number } {
  return {
    ...(config.maxTokens !== undefined ? { answerTokens: config.maxTokens } : {}),
    ...(config.maxTotalTokens !== undefined ? { maxTotalTokens: config.maxTotalTokens } : {}),
  };
}

/** The budget as the split sends it: its largest part, the files it left out, and its parts. */
export function splitBudget(budget: BudgetFacts, split: { omitted: OmittedFile[]; context: SplitContext }): BudgetFacts {
  const tokens = Math.max(...split.context.partTokens);
  return { ...budget, tokens, omitted: split.omitted, parts: split.context.facts };
}

/** large-diff: split for a prompt's {{pr.diff}}; a review splits its own numbered diff (review/prepare-review.ts). */
export function promptSplit(config: Pick<Config, 'largeDiff' | 'comment' | 'maxTokens' | 'maxTotalTokens'>) {
  return config.largeDiff === 'split' && config.comment !== 'review' ? splitLimits(config) : undefined;
}
