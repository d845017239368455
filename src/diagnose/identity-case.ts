/** An identity failure, read once into what every entry of the identity catalogue looks at. */
import type { IdentityConfig } from '../config.ts';
import type { IdentityError, IdentityFacts } from '../identity/identity-error.ts';
import { collectMessages } from './error-text.ts';
import type { RunFacts } from '../github-context/run-facts.ts';

export interface IdentityCase {
  cause: unknown;
  /** Every message of the cause chain, one per line. */
  text: string;
  /** The identity path that failed. */
  method: string;
  facts: Readonly<IdentityFacts>;
  identity: IdentityConfig | undefined;
  clientId: string;
  tenantId: string;
  run: RunFacts;
}

export function identityCase(error: IdentityError, run: RunFacts): IdentityCase {
  const identity = error.facts.config;
  return {
    cause: error.cause,
    text: collectMessages(error.cause),
    method: error.facts.choice?.method ?? error.method,
    facts: error.facts,
    identity,
    clientId: identity?.clientId ?? '(unknown)',
    tenantId: identity?.tenantId ?? '(unknown)',
    run,
  };
}

export function authorityOf(failure: IdentityCase): string {
  return failure.identity?.authorityHost ?? 'the authority host';
}
