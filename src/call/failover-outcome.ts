/**
 * What a failover chain yields: the answer with the deployment that gave it
 * and why the ones before did not, or one failure naming every entry.
 */
import type { CallError, ModelAnswer } from './call-outcome.ts';

/** One entry of the chain as it went: answered, failed (and why), or not reached. */
export interface TriedTarget {
  deployment: string;
  /** The endpoint's host name as shown to users. */
  host: string;
  outcome: 'answered' | 'failed' | 'not tried';
  /** Why it failed or was not tried, in a few words ("429 rate limited: ..."); absent for the one that answered. */
  reason?: string;
}

/** Where the answer came from: for the served-deployment and served-endpoint outputs. */
export interface ServedTarget {
  deployment: string;
  /** scheme://host[:port] and any gateway prefix: a value the endpoint input accepts. */
  endpoint: string;
  host: string;
}

export interface FailoverResult {
  result: ModelAnswer;
  served: ServedTarget;
  /** Every entry called, in order; the last answered. */
  tried: TriedTarget[];
}

/** Every entry failed, or one failed in a way no other would fix; the diagnosis gives `diagnosed`'s cause and fix. */
export class FailoverError extends Error {
  readonly tried: readonly TriedTarget[];
  /** The failure whose cause and fix the diagnosis gives: the first entry's when all failed, else the one that stopped the chain. */
  readonly diagnosed: CallError;
  /** True when an entry's failure stopped the chain (no fallback would fix it); false when every entry was tried. */
  readonly stopped: boolean;

  constructor(diagnosed: CallError, tried: readonly TriedTarget[], stopped: boolean) {
    super(diagnosed.message, { cause: diagnosed });
    this.name = 'FailoverError';
    this.diagnosed = diagnosed;
    this.tried = tried;
    this.stopped = stopped;
  }
}
