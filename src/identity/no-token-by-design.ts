/**
 * GitHub gives no OIDC token, by design, to a run for a pull request from a
 * fork or to a Dependabot run: keyless federation cannot work there, whatever
 * the workflow says. Decided and worded here only; the identity choice, the
 * skip (on-missing-identity) and the diagnosis ask this module.
 */

export type NoTokenCause = 'fork' | 'dependabot';

/** The facts that decide it, fixed when the run starts. */
export interface TokenlessRunFacts {
  /** A pull request whose head is in another repository (context/event.ts). */
  fromFork: boolean;
  /** GITHUB_ACTOR. */
  actor: string | undefined;
}

export function noTokenByDesign(run: TokenlessRunFacts): NoTokenCause | undefined {
  if (run.fromFork) return 'fork';
  if (run.actor === 'dependabot[bot]') return 'dependabot';
  return undefined;
}

/** Which run this is, as the start of a sentence. */
export function tokenlessRun(cause: NoTokenCause): string {
  return cause === 'fork' ? 'This run is for a pull request from a fork' : 'This run was triggered by Dependabot';
}

export const NO_TOKEN_BY_DESIGN =
  "GitHub issues no OIDC token to workflows run for pull requests from forks (nor to Dependabot pull requests), so keyless federation cannot work there. Set `on-missing-identity: skip` to end such runs green with a notice, or run this step only for branches of this repository (for example `if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'`).";

/** The diagnosis's explanation: which run this is, why it has no token, and the ways out. */
export function noTokenExplanation(cause: NoTokenCause): string {
  return `${tokenlessRun(cause)}. ${NO_TOKEN_BY_DESIGN}`;
}

/** Why a job may have no GitHub OIDC token at all, for the identity choice's reason. */
export const NO_OIDC_TOKEN_WHY = 'the job lacks permissions: id-token: write, or this is a pull request from a fork';
