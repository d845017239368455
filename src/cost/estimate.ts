/**
 * What a call cost, in US dollars, from its token counts and the prices that
 * apply: the prices input, else the table's for the model the service says
 * answered. The flex tier bills half (Microsoft's flex processing page);
 * priority has no price in the table, so it gets an estimate only from the
 * prices input. A model or tier without a price gets no estimate and a
 * reason, never a guessed number. A run's cost is the sum over its calls.
 * Pure.
 */
import type { TokenPrices } from '../config.ts';
import { lookUpPrices, PRICES_CHECKED } from './prices.ts';

const FLEX_SHARE = 0.5;
const PER_TOKEN = 1 / 1_000_000;

export interface CallUsage {
  /** The model the service says answered ("gpt-5-mini-2025-08-07"). */
  model: string;
  promptTokens: number;
  cachedTokens: number;
  cacheWriteTokens?: number;
  completionTokens: number;
  /** The tier the service says processed the call. */
  serviceTier?: string;
}

export type CallCost = { usd: number; source: string } | { usd?: undefined; missing: string };

export function callCost(usage: CallUsage, pricesInput: TokenPrices | undefined): CallCost {
  const entry = pricesInput ?? lookUpPrices(usage.model);
  if (!entry) {
    return { missing: `the action's price table (${PRICES_CHECKED}) does not know model '${usage.model.slice(0, 80) || 'unknown'}'` };
  }
  const tier = usage.serviceTier;
  if (tier === 'priority' && !pricesInput) return { missing: 'the price table has no priority-tier prices' };
  const writes = Math.min(usage.cacheWriteTokens ?? 0, usage.promptTokens);
  const cached = Math.min(usage.cachedTokens, usage.promptTokens - writes);
  const uncached = usage.promptTokens - cached - writes;
  const full =
    uncached * entry.input + cached * entry.cached + writes * (entry.cacheWrite ?? entry.input) + usage.completionTokens * entry.output;
  const share = tier === 'flex' ? FLEX_SHARE : 1;
  return { usd: full * PER_TOKEN * share, source: pricesInput ? 'the prices input' : `list prices of ${PRICES_CHECKED}` };
}

/** A run's calls summed: no total when any call has no price (a partial sum would be a wrong number). */
export interface RunCost {
  usd?: number;
  missing?: string;
  source?: string;
}

export function runCost(costs: readonly CallCost[]): RunCost {
  const missing = costs.find((cost) => cost.usd === undefined);
  if (missing && 'missing' in missing) return { missing: missing.missing };
  const priced = costs.filter((cost): cost is { usd: number; source: string } => cost.usd !== undefined);
  if (priced.length === 0) return {};
  return { usd: priced.reduce((sum, cost) => sum + cost.usd, 0), source: priced[0]?.source ?? '' };
}

/** "$0.0123": four significant decimals for small sums, cents for large ones. */
export function formatUsd(usd: number): string {
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd === 0) return '$0';
  return `$${usd.toPrecision(3)}`;
}
