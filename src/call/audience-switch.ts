/**
 * Which token the model call presents, and the one switch to the other Azure
 * AI audience. Microsoft's pages name two audiences (cognitiveservices and
 * ai.azure.com); a resource that wants the other one answers 401 "audience is
 * incorrect". On the first such answer the call asks, once, for a token for
 * the other audience from the same credential and tries again; a second
 * refusal is final. The caller decides whether a switch is allowed at all
 * (never with an explicit scope input).
 */
import type { AccessTokenFacts } from './call-outcome.ts';

/** A token the call can present: the bearer for each attempt, and its scope and claims. */
export interface CallToken {
  token: () => Promise<string>;
  tokenFacts: () => AccessTokenFacts;
}

/** The token the call was given; its facts may be unknown (tests). */
interface FirstToken {
  token: () => Promise<string>;
  tokenFacts?: () => AccessTokenFacts | undefined;
}

/** How to get a token for the other audience: its scope, and the request (masked on arrival by its source). */
export interface AudienceSwitch {
  scope: string;
  obtain: () => Promise<CallToken>;
}

/** Azure's 401 body has no `error` wrapper: `{"statusCode": 401, "message": "Unauthorized. ... audience is incorrect (...)..."}`. */
const AUDIENCE_WORDING = /\baudience is incorrect\b/i;
/** The wording sits near the start; the cut keeps the match bounded whatever a hostile body holds. */
const MESSAGE_SCAN_CHARS = 1000;

/** Whether a refused attempt's answer says the token's audience may be wrong. Pure. */
export function isAudienceRefusal(status: number | undefined, errorBody: string | undefined): boolean {
  if (status !== 401 || !errorBody) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(errorBody);
  } catch {
    return false;
  }
  if (!parsed || typeof parsed !== 'object') return false;
  const body = parsed as { message?: unknown; error?: { code?: unknown; message?: unknown } };
  // A missing role is a different refusal, whatever its text says.
  if (body.error?.code === 'PermissionDenied') return false;
  const message = typeof body.message === 'string' ? body.message : body.error?.message;
  return typeof message === 'string' && AUDIENCE_WORDING.test(message.slice(0, MESSAGE_SCAN_CHARS));
}

/**
 * The token the attempts present: the first one, until a 401 about the
 * audience makes `switchAfter` fetch the other audience's token (once). The
 * facts then name both scopes, for the diagnosis.
 */
export function presentedToken(first: FirstToken, alternate: AudienceSwitch | undefined) {
  let current: FirstToken = first;
  let refusedScope: string | undefined;
  return {
    token: (): Promise<string> => current.token(),
    tokenFacts: (): AccessTokenFacts | undefined => {
      const facts = current.tokenFacts?.();
      return facts && refusedScope ? { ...facts, refusedScope } : facts;
    },
    /**
     * After a failed attempt: when it was the first 401 about the audience and
     * a switch is allowed, logs why and gets the other audience's token, and
     * returns true; otherwise false, and nothing changes.
     */
    async switchAfter(status: number | undefined, errorBody: string | undefined, log: (message: string) => void): Promise<boolean> {
      if (!alternate || refusedScope !== undefined || !isAudienceRefusal(status, errorBody)) return false;
      const from = current.tokenFacts?.()?.scope ?? 'the first scope';
      refusedScope = from;
      log(`Azure OpenAI refused the token for ${from} (401: audience is incorrect); trying once more with a token for ${alternate.scope}.`);
      current = await alternate.obtain();
      return true;
    },
  };
}
