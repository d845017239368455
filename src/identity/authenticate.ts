/**
 * The identity phase of a run: choose the path (and say why), build its one
 * credential, and get the run's one access token up front, so that an
 * identity failure is reported as such and never as a failed model call.
 * The same credential can later give a token for another scope (the other
 * Azure AI audience, when the deployment refuses the first).
 */
import type { Config } from '../config.ts';
import { createAccessTokenCache } from './access-token.ts';
import { chooseIdentity, type IdentityChoice } from './choose.ts';
import { readCliSession } from './cli-profile.ts';
import { buildCredential } from './credential.ts';
import type { IdTokenFetcher } from './github-id-token.ts';
import { IdentityError, MissingIdTokenError } from './identity-error.ts';
import type { Claims } from './jwt-claims.ts';
import { retryingIdTokenFetcher } from './retry-id-token.ts';

/** A token of one scope: the bearer for each attempt (cached, renewed only near expiry), and its facts. */
export interface ScopedToken {
  token: () => Promise<string>;
  /** The scope of the current token and its claims (oid, appid, aud), for the diagnosis of a refused call. */
  tokenFacts: () => { scope: string; claims?: Claims; scopeFromInput: boolean };
}

export interface Authenticated extends ScopedToken {
  /** The path that produced it: github-oidc, azure-cli, managed-identity, ... */
  authMethod: string;
  /** A token for another scope from the same credential, fetched and masked now; fails as an IdentityError naming that scope. */
  tokenFor: (scope: string) => Promise<ScopedToken>;
}

export interface AuthenticateDeps {
  env: Record<string, string | undefined>;
  /** The job can mint a GitHub ID token (canMintGithubIdToken, read once by main). */
  canMintOidc: boolean;
  /** Fetches and masks a GitHub ID token (runner-id-token.ts). */
  getIdToken: IdTokenFetcher;
  setSecret: (secret: string) => void;
  info: (message: string) => void;
  debug: (message: string) => void;
}

/** Its failures are IdentityErrors carrying the choice, the identity inputs and the ID token's claims. */
export async function authenticate(config: Config, deps: AuthenticateDeps): Promise<Authenticated> {
  const choice = await chooseIdentity(config.identity, deps.canMintOidc, () => readCliSession(deps.env, deps.debug));
  deps.info(`Identity: ${choice.method} (${choice.reason}).`);
  const identity = choice.sessionIds ? { ...config.identity, ...choice.sessionIds } : config.identity;
  const sessionFacts = choice.cliSession ? { cliSession: choice.cliSession } : {};

  if (choice.method === 'github-oidc' && !deps.canMintOidc) {
    throw new IdentityError(choice.method, new MissingIdTokenError(), { choice, config: identity });
  }
  const built = await buildCredential(choice.method, identity, {
    env: deps.env,
    fetchIdToken: retryingIdTokenFetcher(deps.getIdToken, { log: deps.info }),
    debug: deps.debug,
    log: deps.info,
    processTimeoutMs: config.timeoutMs,
    sessionFallback: choice.sessionIds !== undefined,
  });
  const { scopeFromInput } = config.identity;
  const scopedToken = async (scope: string): Promise<ScopedToken> => {
    const cache = createAccessTokenCache({
      credential: built.credential,
      scope,
      mask: deps.setSecret,
      limitMs: identityLimitMs(config.timeoutMs),
    });
    try {
      await cache.get();
    } catch (error) {
      const idTokenClaims = built.assertion?.claims;
      // After a fallback it is the CLI session that failed, and is diagnosed as such.
      const fellBack = built.fellBack?.();
      const failed: IdentityChoice = fellBack ? { method: 'azure-cli', reason: fellBack } : choice;
      // A proxy that failed Entra's requests is the cause, whatever MSAL made of it.
      throw new IdentityError(failed.method, built.proxyFailure() ?? error, {
        choice: failed,
        config: { ...identity, scope },
        ...sessionFacts,
        ...(idTokenClaims && !fellBack ? { idTokenClaims } : {}),
      });
    }
    const authMethod = built.resolvedMethod();
    deps.info(
      `Got a Microsoft Entra token for ${scope} with ${authMethod}${choice.sessionIds && authMethod === 'github-oidc' ? ', as the service principal of the azure/login session' : ''}.`,
    );
    return {
      token: () => cache.get(),
      tokenFacts: () => (cache.claims ? { scope, claims: cache.claims, scopeFromInput } : { scope, scopeFromInput }),
    };
  };
  const first = await scopedToken(config.identity.scope);
  return { ...first, authMethod: built.resolvedMethod(), tokenFor: scopedToken };
}

/** The identity phase's time limit: the per-attempt timeout, but at least 10 s (az and MSAL retry inside it). */
function identityLimitMs(timeoutMs: number): number {
  return Math.max(timeoutMs, 10_000);
}
