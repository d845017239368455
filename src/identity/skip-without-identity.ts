/**
 * `on-missing-identity: skip`: tells "this job has no identity at all" (a pull
 * request from a fork gets no OIDC token, and there is no azure/login session
 * or managed identity) apart from an identity that exists and fails, which
 * must still fail the step. Pure.
 */
import type { Config } from '../config.ts';
import type { EventFacts } from '../github-context/event.ts';
import { MissingIdTokenError } from './identity-error.ts';
import { type NoTokenCause, noTokenByDesign, tokenlessRun } from './no-token-by-design.ts';

/** What the skip rule reads: the input, the event and the environment. */
export interface SkipFacts {
  config: Pick<Config, 'onMissingIdentity'>;
  facts: Pick<EventFacts, 'fromFork'>;
  env: Record<string, string | undefined>;
}

/**
 * True when the token request failed only because no identity is available:
 * the job cannot mint a GitHub OIDC token, and every credential tried said it
 * is unavailable (not that it was refused).
 */
export function isMissingIdentity(error: unknown, canMintOidc: boolean): boolean {
  if (canMintOidc) return false;
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  if (cause instanceof MissingIdTokenError) return true;
  return allUnavailable(cause);
}

function allUnavailable(error: unknown): boolean {
  const e = error as { name?: string; errors?: unknown[] } | undefined;
  if (!e) return false;
  if (e.name === 'AggregateAuthenticationError' && Array.isArray(e.errors) && e.errors.length > 0) return e.errors.every(unavailable);
  return unavailable(e);
}

/**
 * @azure/identity reports an az session whose login has expired as
 * "unavailable" too; Entra's AADSTS code in the text tells that an identity
 * exists and was refused.
 */
function unavailable(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'CredentialUnavailableError' && !/AADSTS\d+/.test(e.message ?? '');
}

/**
 * on-missing-identity: skip, and the job has no identity at all because GitHub
 * gives it none by design (a fork's pull request, Dependabot). Elsewhere a
 * missing OIDC token is a forgotten `id-token: write`, which must stay red.
 */
export function skipsMissingIdentity(run: SkipFacts | undefined, error: unknown, canMintOidc: boolean): run is SkipFacts {
  if (run?.config.onMissingIdentity !== 'skip') return false;
  return noTokenCause(run) !== undefined && isMissingIdentity(error, canMintOidc);
}

export function skipNotice(run: SkipFacts): string {
  const why = `${tokenlessRun(noTokenCause(run) ?? 'dependabot')}, which GitHub gives no OIDC token, and no other Azure identity is available`;
  return `${why}: skipping the Azure OpenAI call (on-missing-identity: skip). The step succeeds with skipped=true.`;
}

function noTokenCause(run: SkipFacts): NoTokenCause | undefined {
  return noTokenByDesign({ fromFork: run.facts.fromFork, actor: run.env.GITHUB_ACTOR });
}
