/**
 * `comment: pr` and `comment: review`: the pull request the comment goes to,
 * decided before any network call, so a run that could never post fails as a
 * bad input. Pure.
 */
import type { Config } from '../config.ts';
import type { RepoId } from '../github-context/event.ts';
import type { ContextPlan } from '../github-context/plan.ts';
import { InputError } from '../errors.ts';

export interface CommentTarget {
  repo: RepoId;
  number: number;
}

/** The plan (plan.ts) required the pull request and the repository for a comment: they are taken from it. */
export function commentTarget(
  config: Pick<Config, 'comment' | 'githubToken'>,
  plan: Pick<ContextPlan, 'pullRequest' | 'repository'>,
): CommentTarget | undefined {
  const { pullRequest: number, repository: repo } = plan;
  if (config.comment === 'none' || number === undefined || !repo) return undefined;
  if (!config.githubToken) {
    throw new InputError(
      'github-token',
      `is empty, and comment: ${config.comment} posts with it. Leave github-token at its default (\${{ github.token }}) and give the job \`permissions: pull-requests: write\`.`,
    );
  }
  return { repo, number };
}
