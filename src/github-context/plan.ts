/**
 * Plans the context variables before any network call: which ones the
 * prompt uses (from the rendered prompt's slots alone, so a prompt without
 * them costs no GitHub API call), and whether the run can give them and the
 * PR comment (a pull request, the repository, a token). Pure.
 */
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import type { RenderedPrompt } from '../prompt/render.ts';
import { type EventFacts, type RepoId, requirePullRequest, requireRepository } from './event.ts';
import { type ContextVariable, contextVariablesUsed, needsApi, needsPullRequest } from './context-variables.ts';

export interface ContextPlan {
  used: ReadonlySet<ContextVariable>;
  /** The repository, when a context variable reads the API or a comment goes to a pull request. */
  repository?: RepoId;
  /** The pull request, when a context variable or the comment needs one. */
  pullRequest?: number;
  /** True when a variable needs the GitHub API (and so github-token). */
  api: boolean;
}

/**
 * Which context variables the prompt uses, and what they and the comment need: the pull request and the
 * repository are required here, once, for every feature; fails as a bad input when the run cannot give them.
 */
export function planContext(
  config: Pick<Config, 'prompt' | 'githubToken' | 'pullRequest' | 'comment'>,
  facts: EventFacts,
  rendered: Pick<RenderedPrompt, 'slots'>,
): ContextPlan {
  const used = contextVariablesUsed(rendered.slots);
  const plan: ContextPlan = { used, api: needsApi(used) };
  const listed = [...used].map((name) => `{{${name}}}`).join(', ');
  const byPrompt = `The prompt uses ${listed}, which`;
  const commenting = config.comment !== 'none';
  const byComment = `comment: ${config.comment}`;
  if (needsPullRequest(used) || commenting) {
    plan.pullRequest = requirePullRequest(facts, config, needsPullRequest(used) ? byPrompt : byComment);
  }
  if (plan.api || commenting) plan.repository = requireRepository(facts, plan.api ? byPrompt : byComment);
  if (plan.api && !config.githubToken) {
    throw new InputError(
      'github-token',
      `is empty, and the prompt uses ${listed}, which read the GitHub API. Leave github-token at its default (\${{ github.token }}) or pass a token.`,
    );
  }
  return plan;
}
