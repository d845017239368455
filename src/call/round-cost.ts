/**
 * max-cost across a run's tool rounds: before the tools run for a further
 * round, what the rounds so far cost (priced as their answers say) plus the
 * least the next round will send and the most it may answer must stay within
 * max-cost. The first call was checked before any call (budget/max-cost.ts).
 * Pure.
 */
import type { TokenPrices } from '../config.ts';
import { callCost, formatUsd } from '../cost/estimate.ts';
import { lookUpPrices } from '../cost/prices.ts';
import { ActionFailure } from '../errors.ts';
import type { ModelAnswer } from './call-outcome.ts';

export interface RoundBudget {
  maxUsd: number;
  /** The prices input, else the table's for the model that answered. */
  prices?: TokenPrices;
  maxTokens?: number;
}

const PER_TOKEN = 1 / 1_000_000;
const FLEX_SHARE = 0.5;

export function checkRoundCost(budget: RoundBudget, sum: ModelAnswer, nextPromptTokens: number): void {
  const entry = budget.prices ?? lookUpPrices(sum.model);
  const spent = callCost(sum, budget.prices);
  // A model without a price was refused by max-cost before the first call; one the answer names differently is not guessed at.
  if (!entry || spent.usd === undefined) return;
  const output = budget.maxTokens ?? lookUpPrices(sum.model)?.outputLimit ?? 0;
  const share = sum.serviceTier === 'flex' ? FLEX_SHARE : 1;
  const next = (nextPromptTokens * entry.input + output * entry.output) * PER_TOKEN * share;
  if (spent.usd + next <= budget.maxUsd) return;
  throw new ActionFailure(
    `Tool calls took the run past max-cost: ${formatUsd(spent.usd)} spent so far, and the next round would send at least ${nextPromptTokens.toLocaleString('en-US')} input tokens and may answer ${output.toLocaleString('en-US')} (${formatUsd(next)}), over max-cost ${formatUsd(budget.maxUsd)}. Raise max-cost or lower max-tool-calls.`,
    { topic: 'toolsPastMaxCost' },
  );
}
