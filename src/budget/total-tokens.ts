/**
 * max-total-tokens: the most one run may use, checked before the call, so a
 * run that could cost more fails with zero model requests. The input is
 * counted as the budget counts it (fit-context.ts: the deployment's
 * encoding, the chat format's per-message tokens); a response format's schema
 * and the service's own framing add a little the count does not see.
 */
import type { PromptMessage } from '../model-call.ts';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import type { BudgetFacts } from './fit-context.ts';
import type { SplitContext } from './split-context.ts';

export interface TotalTokensRequest {
  messages: readonly PromptMessage[];
  /** max-total-tokens, and max-tokens (the answer's limit: a run may use the input plus this much). */
  config: Pick<Config, 'deployment' | 'maxTotalTokens' | 'maxTokens'>;
  /** The input as the budget step counted it, when the prompt had context variables. */
  budget?: Pick<BudgetFacts, 'tokens' | 'encoding'>;
  /** large-diff: split: the most its parts, their answers and the combining call use together. */
  split?: Pick<SplitContext, 'mostTokens' | 'callTokens'> | undefined;
  log: { info(message: string): void };
}

/** Does nothing without max-total-tokens (readConfig makes sure max-tokens is set with it). */
export async function checkTotalTokens(request: TotalTokensRequest): Promise<void> {
  const { maxTotalTokens, maxTokens, deployment } = request.config;
  if (maxTotalTokens === undefined || maxTokens === undefined) return;
  const shown = (n: number) => n.toLocaleString('en-US');
  if (request.split) {
    // The split plan already left files out to keep within max-total-tokens (split-plan.ts).
    const { mostTokens, callTokens } = request.split;
    request.log.info(
      `Tokens: at most ${shown(mostTokens)} over ${callTokens.length} calls (the parts, their answers and the combining call) of max-total-tokens ${shown(maxTotalTokens)}.`,
    );
    return;
  }
  const counted = request.budget ?? (await countInput(request.messages, deployment));
  const most = counted.tokens + maxTokens;
  if (most > maxTotalTokens) {
    throw new InputError(
      'max-total-tokens',
      `this run could use ${shown(most)} tokens: ${shown(counted.tokens)} of input (counted with ${counted.encoding}) plus max-tokens ${shown(maxTokens)}, more than max-total-tokens ${shown(maxTotalTokens)}. Raise max-total-tokens, lower max-tokens, or shorten the prompt (lower max-input-tokens to trim {{pr.diff}} further); the deployment was not called.`,
      'overMaxTotalTokens',
    );
  }
  request.log.info(
    `Tokens: at most ${shown(most)} (${shown(counted.tokens)} input + max-tokens ${shown(maxTokens)}) of max-total-tokens ${shown(maxTotalTokens)}.`,
  );
}

export async function countInput(messages: readonly PromptMessage[], deployment: string): Promise<{ tokens: number; encoding: string }> {
  const { chooseEncoding, countMessages, loadTokenCounter } = await import('./tokenizer.ts');
  const { encoding } = chooseEncoding(deployment);
  return { tokens: countMessages(messages, await loadTokenCounter(encoding)), encoding };
}
