/**
 * max-cost: the most one run may cost, in US dollars, checked before each
 * call like max-total-tokens: the fitted input priced as if none of it were
 * cached (or at the cache-write price, when higher) plus the answer's limit
 * (max-tokens, else the model's output limit) at the output price. A chain
 * of fallbacks is bounded by its dearest entry: only one entry answers, and
 * the entries before it failed without an answer (a 429, a 404, a fault).
 * The run's budget is one value passed on: what is spent so far counts
 * against it, so later calls of the same run (parts, rounds) check what is
 * left. Pure but for the token count.
 */
import type { PromptMessage } from '../model-call.ts';
import type { Config, ServiceTier, TokenPrices } from '../config.ts';
import { formatUsd } from '../cost/estimate.ts';
import { lookUpPrices } from '../cost/prices.ts';
import { InputError } from '../errors.ts';
import type { BudgetFacts } from './fit-context.ts';
import type { SplitContext } from './split-context.ts';
import { countInput } from './total-tokens.ts';

/** The run's budget in dollars: the limit and what its calls have cost so far. */
export interface CostBudget {
  maxUsd: number;
  spentUsd: number;
}

export interface CostTarget {
  deployment: string;
  serviceTier?: ServiceTier;
}

/** The dearest a call to this target could be; undefined when no price or limit is known (readConfig refuses that). */
export function worstCallUsd(
  target: CostTarget,
  inputTokens: number,
  maxTokens: number | undefined,
  pricesInput: TokenPrices | undefined,
): number | undefined {
  const table = lookUpPrices(target.deployment);
  const prices = pricesInput ?? table;
  const outputTokens = maxTokens ?? table?.outputLimit;
  if (!prices || outputTokens === undefined) return undefined;
  const inputPrice = Math.max(prices.input, prices.cacheWrite ?? 0);
  const share = target.serviceTier === 'flex' ? 0.5 : 1;
  return ((inputTokens * inputPrice + outputTokens * prices.output) / 1_000_000) * share;
}

export interface MaxCostRequest {
  messages: readonly PromptMessage[];
  config: Pick<Config, 'deployment' | 'maxCostUsd' | 'maxTokens' | 'prices'>;
  targets: readonly CostTarget[];
  budget?: Pick<BudgetFacts, 'tokens' | 'encoding'>;
  spentUsd?: number;
  /** large-diff: split: every call's most input (the parts, then the combining call), each priced as one call. */
  split?: Pick<SplitContext, 'callTokens'> | undefined;
  log: { info(message: string): void };
}

/** Undefined without max-cost; otherwise the budget the run's calls share, or an InputError before any call. */
export async function checkMaxCost(request: MaxCostRequest): Promise<CostBudget | undefined> {
  const { maxCostUsd, maxTokens, prices, deployment } = request.config;
  if (maxCostUsd === undefined) return undefined;
  const counted = request.budget ?? (await countInput(request.messages, deployment));
  const spentUsd = request.spentUsd ?? 0;
  const calls = request.split?.callTokens ?? [counted.tokens];
  const worst = request.targets.map((target) => ({ target, usd: worstRunUsd(target, calls, maxTokens, prices) }));
  const unknown = worst.find((entry) => entry.usd === undefined);
  if (unknown) {
    throw new InputError(
      'max-cost',
      `has no price or answer limit for deployment ${unknown.target.deployment}: set prices and max-tokens.`,
    );
  }
  const dearest = worst.reduce((most, entry) => ((entry.usd ?? 0) > (most.usd ?? 0) ? entry : most));
  const most = spentUsd + (dearest.usd ?? 0);
  const limit = maxTokens !== undefined ? `max-tokens ${maxTokens}` : "the model's output limit";
  if (most > maxCostUsd) {
    throw new InputError(
      'max-cost',
      `this run could cost ${formatUsd(most)}: ${inputTokens(calls)} input tokens (counted with ${counted.encoding}) plus ${limit} on deployment ${dearest.target.deployment}${spentUsd > 0 ? `, after ${formatUsd(spentUsd)} already spent` : ''}, more than max-cost ${formatUsd(maxCostUsd)}. Raise max-cost, lower max-tokens, shorten the prompt (lower max-input-tokens), or use service-tier flex; the deployment was not called.`,
      'overMaxCost',
    );
  }
  request.log.info(
    `Cost: at most ${formatUsd(most)} (dearest entry: deployment ${dearest.target.deployment}) of max-cost ${formatUsd(maxCostUsd)}.`,
  );
  return { maxUsd: maxCostUsd, spentUsd };
}

/** Every call of the run at its dearest; undefined when a call has no price or limit. */
function worstRunUsd(target: CostTarget, calls: readonly number[], maxTokens: number | undefined, prices: TokenPrices | undefined) {
  let total = 0;
  for (const tokens of calls) {
    const usd = worstCallUsd(target, tokens, maxTokens, prices);
    if (usd === undefined) return undefined;
    total += usd;
  }
  return total;
}

function inputTokens(calls: readonly number[]): string {
  const total = calls.reduce((sum, tokens) => sum + tokens, 0).toLocaleString('en-US');
  return calls.length === 1 ? total : `${total} (over ${calls.length} calls)`;
}
