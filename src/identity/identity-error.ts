/**
 * Errors of the identity phase, carrying the identity facts their diagnosis
 * needs: the path chosen and why, the identity inputs, and the claims of the
 * GitHub ID token presented to Entra (never a token itself).
 */
import type { IdentityConfig } from '../config.ts';
import { messageOf } from '../errors.ts';
import type { IdentityChoice } from './choose.ts';
import type { CliSession } from './cli-profile.ts';
import type { Claims } from './jwt-claims.ts';

export interface IdentityFacts {
  /** The identity path chosen, and why. */
  choice?: IdentityChoice;
  /** The identity inputs: client and tenant ids, authority host, audience, scope. */
  config?: IdentityConfig;
  /** Claims of the GitHub ID token presented to Entra, once one was fetched. */
  idTokenClaims?: Claims;
  /** The Azure CLI profile azure/login left (who signed in, and when it was written), when one was read. */
  cliSession?: CliSession;
}

/** The chosen identity could not produce an Entra token. */
export class IdentityError extends Error {
  readonly method: string;
  readonly facts: Readonly<IdentityFacts>;
  constructor(method: string, cause: unknown, facts: IdentityFacts = {}) {
    super(`Failed to get a Microsoft Entra token with ${method}: ${messageOf(cause)}`, { cause });
    this.name = 'IdentityError';
    this.method = method;
    this.facts = facts;
  }
}

/** A thrown error meaning "this job cannot mint a GitHub OIDC token". */
export class MissingIdTokenError extends Error {
  constructor() {
    super('ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set');
    this.name = 'MissingIdTokenError';
  }
}
