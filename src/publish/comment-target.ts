/**
 * `comment: pr`: the pull request the comment goes to, decided before any
 * network call, so a run that could never post fails as a bad input. Pure.
 */
import type { Config } from '../config.ts';
import { type EventFacts, type RepoId, requirePullRequest, requireRepository } from '../github-context/event.ts';
import { InputError } from '../errors.ts';

export interface CommentTarget {
  repo: RepoId;
  number: number;
}

export function commentTarget(
  config: Pick<Config, 'comment' | 'pullRequest' | 'githubToken'>,
  facts: EventFacts,
): CommentTarget | undefined {
  if (config.comment === 'none') return undefined;
  const mode = `comment: ${config.comment}`;
  const number = requirePullRequest(facts, config, mode);
  const repo = requireRepository(facts, mode);
  if (!config.githubToken) {
    throw new InputError(
      'github-token',
      `is empty, and ${mode} posts with it. Leave github-token at its default (\${{ github.token }}) and give the job \`permissions: pull-requests: write\`.`,
    );
  }
  return { repo, number };
}
