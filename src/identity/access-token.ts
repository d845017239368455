/**
 * One Entra access token per run: obtained once, masked the moment it
 * arrives, and handed to every attempt of the model call. It is renewed only
 * if a run outlives it (two minutes of margin), never per retry.
 */
import type { TokenCredential } from '@azure/identity';
import { withTimeLimit } from '../time-limit.ts';
import { type Claims, decodeClaims } from './jwt-claims.ts';

const RENEW_MARGIN_MS = 2 * 60 * 1000;

export interface AccessTokenCache {
  /** The current token, fetching it the first time (and near its expiry). */
  get(): Promise<string>;
  /** Claims of the last token (oid, appid, tid, aud), for diagnostics. */
  readonly claims: Claims | undefined;
  /** Token requests made through the credential. */
  readonly requests: number;
}

export function createAccessTokenCache(options: {
  credential: TokenCredential;
  scope: string;
  mask: (secret: string) => void;
  /**
   * The longest a token request may take, retries included. Some credentials
   * have no time limit of their own (a managed identity whose metadata
   * service accepts the connection and never answers would hold the job).
   */
  limitMs: number;
  now?: () => number;
}): AccessTokenCache {
  const now = options.now ?? Date.now;
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let claims: Claims | undefined;
  let requests = 0;

  const fetchToken = async (): Promise<string> => {
    requests += 1;
    const result = await withTimeLimit(
      (abortSignal) => options.credential.getToken(options.scope, { abortSignal }),
      options.limitMs,
      () => new TokenTimeoutError(options.limitMs),
    );
    if (!result) throw new Error(`the credential returned no token for scope ${options.scope}`);
    options.mask(result.token);
    token = { value: result.token, expiresAt: result.expiresOnTimestamp };
    claims = decodeClaims(result.token);
    return result.token;
  };

  return {
    get(): Promise<string> {
      if (token && token.expiresAt - now() > RENEW_MARGIN_MS) return Promise.resolve(token.value);
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    get claims() {
      return claims;
    },
    get requests() {
      return requests;
    },
  };
}

/** No token within the identity phase's time limit. */
export class TokenTimeoutError extends Error {
  readonly limitMs: number;
  constructor(limitMs: number) {
    super(`no token within ${limitMs / 1000} s`);
    this.name = 'TokenTimeoutError';
    this.limitMs = limitMs;
  }
}
