/**
 * What the action says about an answered run's model and money: a warning
 * when the model the service says answered retires within WARN_DAYS (or has
 * retired and still answers), and the run's estimated cost, with one notice
 * when there is no estimate. The clock is passed in.
 */
import type { TokenPrices } from '../config.ts';
import { type CallUsage, callCost, type RunCost, runCost } from './estimate.ts';
import { describeRetirement, retirementDue } from './retirements.ts';

export interface AfterCallLog {
  warning(message: string): void;
  notice(message: string): void;
}

export function reviewAnsweredRun(
  calls: readonly CallUsage[],
  pricesInput: TokenPrices | undefined,
  today: Date,
  log: AfterCallLog,
): RunCost {
  const warned = new Set<string>();
  for (const call of calls) {
    const due = retirementDue(call.model, today);
    if (due && !warned.has(due.family)) {
      warned.add(due.family);
      log.warning(describeRetirement(call.model, due));
    }
  }
  const cost = runCost(calls.map((call) => callCost(call, pricesInput)));
  if (cost.missing) log.notice(`No cost estimate: ${cost.missing}. Set the prices input (USD per million tokens) to get one.`);
  return cost;
}
