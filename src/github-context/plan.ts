/**
 * Plans the context variables before any network call: which ones the
 * prompt uses (from its placeholders alone, so a prompt without them costs no
 * GitHub API call), and whether the run can give them (a pull request, the
 * repository, a token). Pure.
 */
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import { placeholders } from '../prompt/template.ts';
import { type EventFacts, type RepoId, requirePullRequest, requireRepository } from './event.ts';
import { type ContextVariable, contextVariablesUsed, needsApi, needsPullRequest } from './context-variables.ts';

export interface ContextPlan {
  used: ReadonlySet<ContextVariable>;
  repository?: RepoId;
  pullRequest?: number;
  /** True when a variable needs the GitHub API (and so github-token). */
  api: boolean;
}

/** Which context variables the prompt uses, and what they need; fails as a bad input when the run cannot give it. */
export function planContext(config: Pick<Config, 'prompt' | 'githubToken' | 'pullRequest'>, facts: EventFacts): ContextPlan {
  const { prompt } = config;
  const names = prompt.messages.flatMap((message) => placeholders(message.content));
  const used = contextVariablesUsed(names, new Set(Object.keys(prompt.variables ?? {})));
  const plan: ContextPlan = { used, api: needsApi(used) };
  const listed = [...used].map((n) => `{{${n}}}`).join(', ');
  if (needsPullRequest(used)) plan.pullRequest = requirePullRequest(facts, config, `The prompt uses ${listed}, which`);
  if (plan.api) {
    plan.repository = requireRepository(facts, `The prompt uses ${listed}, which`);
    if (!config.githubToken) {
      throw new InputError(
        'github-token',
        `is empty, and the prompt uses ${listed}, which read the GitHub API. Leave github-token at its default (\${{ github.token }}) or pass a token.`,
      );
    }
  }
  return plan;
}
