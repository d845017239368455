/**
 * The review step's ends as main.ts calls them: posting the judged answer,
 * its outputs, and what a run that posts nothing (a head already reviewed
 * with this very request) says and outputs.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { Config } from '../config.ts';
import type { SharedGithubClient } from '../github-context/github-client.ts';
import type { CommentTarget } from '../publish/comment-target.ts';
import { type PostedReview, postReview } from './post-review.ts';
import type { PreparedReview } from './prepare-review.ts';
import type { ReviewAnswer } from './review-schema.ts';

/** Posts the review of the judged answer (checked against the review schema); returns the review's outputs. */
export function reviewPoster(input: {
  github: SharedGithubClient;
  target: CommentTarget;
  config: Config;
  env: Record<string, string | undefined>;
  deployment: string;
  result: ModelAnswer;
  review: PreparedReview;
  /** The run's estimated cost, formatted (formatUsd), for the review's footer. */
  cost?: string;
  log: { info(message: string): void; warning(message: string): void };
}): (answer: unknown) => Promise<Record<string, string>> {
  const { config } = input;
  return async (answer) =>
    reviewOutputs(
      await postReview({
        gh: await input.github.get(),
        target: input.target,
        tag: config.commentTag,
        env: input.env,
        deployment: input.deployment,
        answer: input.result,
        // The judge checked the answer against the review schema (review-schema.ts): the shape is this one.
        review: answer as ReviewAnswer,
        prepared: input.review,
        maxComments: config.maxReviewComments,
        ...(input.cost ? { cost: input.cost } : {}),
        log: input.log,
      }),
    );
}

function reviewOutputs(posted: PostedReview): Record<string, string> {
  return { 'review-url': posted.url, 'review-comments': String(posted.inline), 'review-findings': String(posted.findings) };
}

/** Nothing is called or posted: the earlier review stands; cache-hit says so. */
export function reportUnchangedReview(
  unchanged: { url: string; why: string },
  log: { notice(message: string): void; setOutput(name: string, value: string): void },
): void {
  log.notice(`comment: review: the deployment is not called and nothing is posted, as ${unchanged.why} (${unchanged.url}).`);
  for (const [name, value] of Object.entries({ 'review-url': unchanged.url, 'cache-hit': 'true' })) log.setOutput(name, value);
}
