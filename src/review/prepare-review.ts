/**
 * `comment: review`, before the call: the pull request's diff (where the
 * comments are placed), this step's earlier review, what to review (the
 * whole pull request or the changes since that review), the numbered diff
 * fitted into max-input-tokens after the reviewer's prompt, and the request's
 * fingerprint. A re-run on a head already reviewed with the same request
 * makes no call and posts nothing.
 */
import { type BudgetFacts, splitBudget, splitLimits } from '../budget/fit-context.ts';
import type { SplitContext } from '../budget/split-context.ts';
import type { PromptMessage } from '../model-call.ts';
import type { Config } from '../config.ts';
import type { EventFacts } from '../github-context/event.ts';
import type { GithubClient } from '../github-context/github-client.ts';
import { fetchPullRequest } from '../github-context/pull-request.ts';
import { requestFingerprint } from '../prompt/fingerprint.ts';
import type { CommentTarget } from '../publish/comment-target.ts';
import { indexPullRequest, type LineIndex } from './diff-lines.ts';
import { type EarlierReview, findEarlierReview } from './earlier-review.ts';
import { numberedFiles, reviewMessage } from './review-prompt.ts';
import { reviewSplit } from './review-split.ts';
import { describeScope, reviewScope, type ReviewScope, shortSha } from './review-scope.ts';

export interface PreparedReview {
  messages: PromptMessage[];
  fingerprint: string;
  head: string;
  scope: ReviewScope;
  /** "Changes since abc1234 (2 files)": said in the review and the log. */
  described: string;
  /** The pull request's whole diff by path: every comment is placed against it. */
  lines: Map<string, LineIndex>;
  budget: BudgetFacts;
  /** large-diff: split: the parts asked on their own, then combined into one review (review-split.ts). */
  split?: SplitContext;
}

export type ReviewPlan = { review: PreparedReview } | { unchanged: { url: string; why: string } };

export async function prepareReview(input: {
  gh: GithubClient;
  target: CommentTarget;
  config: Config;
  facts: EventFacts;
  /** The reviewer's prompt, rendered. */
  messages: readonly PromptMessage[];
  url: string;
  log: { info: (message: string) => void; notice: (message: string) => void; warning: (message: string) => void };
}): Promise<ReviewPlan> {
  const { gh, target, config, log } = input;
  const { repo, number } = target;
  const counts = number === input.facts.pullRequest ? input.facts.pullRequestCounts : undefined;
  const needs = { meta: true, diff: true, files: false, commits: false };
  const [pr, earlier] = await Promise.all([
    fetchPullRequest(gh, repo, number, needs, log.info, counts),
    findEarlierReview(gh, repo, number, config.commentTag, log),
  ]);
  const head = pr.headSha ?? '';
  const prFiles = pr.files ?? [];
  const since = sinceCommit(earlier, head, config);
  const scope = await reviewScope({ gh, repo, head, prFiles, ...(since ? { since } : {}) });
  const described = describeScope(scope);
  if (earlier && scope.kind === 'since' && scope.files.length === 0) {
    return { unchanged: { url: earlier.url, why: `no file of the pull request changed since ${shortSha(scope.since)}` } };
  }
  const fitted = await fitReview(input, scope, described);
  const asked = fitted.split ? fitted.split.parts.flat() : fitted.messages;
  const fingerprint = requestFingerprint({ messages: asked, url: input.url, config });
  if (earlier && config.skipUnchanged && earlier.stamp.head === head && earlier.stamp.request === fingerprint) {
    return { unchanged: { url: earlier.url, why: `this step's review of ${shortSha(head)} answers exactly this request` } };
  }
  log.info(`Reviewing: ${described}.`);
  return {
    review: {
      messages: fitted.messages,
      fingerprint,
      head,
      scope,
      described,
      lines: indexPullRequest(prFiles),
      budget: fitted.budget,
      ...(fitted.split ? { split: fitted.split } : {}),
    },
  };
}

/**
 * The commit to review the changes since: the earlier review's head, or (on that same head, a re-run) what
 * that review counted from, so the same request is rebuilt; none for review-scope full or a first review.
 */
function sinceCommit(earlier: EarlierReview | undefined, head: string, config: Pick<Config, 'reviewScope'>): string | undefined {
  if (!earlier || config.reviewScope === 'full') return undefined;
  return earlier.stamp.head === head ? earlier.stamp.since : earlier.stamp.head;
}

/** The numbered diff after the reviewer's prompt, files left out (lock, generated, then largest) to fit the budget. */
async function fitReview(
  input: { config: Config; messages: readonly PromptMessage[]; log: { info(message: string): void; notice(message: string): void } },
  scope: ReviewScope,
  described: string,
): Promise<{ messages: PromptMessage[]; budget: BudgetFacts; split?: SplitContext }> {
  const { config, log } = input;
  const [{ chooseEncoding, loadTokenCounter }, { fitToBudget }] = await Promise.all([
    import('../budget/tokenizer.ts'),
    import('../budget/fit.ts'),
  ]);
  const encoding = chooseEncoding(config.deployment);
  const count = await loadTokenCounter(encoding.encoding);
  const render = (values: Record<string, string>): PromptMessage[] => [
    ...input.messages,
    { role: 'user', content: reviewMessage(described, values['pr.diff'] ?? '') },
  ];
  const files = numberedFiles(scope.files);
  const fit = fitToBudget({ render, values: {}, diffFiles: files, maxTokens: config.maxInputTokens, count });
  log.info(`Review input: ${fit.tokens} tokens (${encoding.encoding}); max-input-tokens ${config.maxInputTokens}.`);
  const budget: BudgetFacts = {
    encoding: encoding.encoding,
    tokens: fit.tokens,
    maxTokens: config.maxInputTokens,
    omitted: fit.omitted,
    diffFiles: scope.files.length,
  };
  const split =
    config.largeDiff === 'split' && fit.omitted.length > 0
      ? await reviewSplit({
          ...splitLimits(config),
          messages: input.messages,
          described,
          files,
          maxTokens: config.maxInputTokens,
          count,
          log,
        })
      : undefined;
  if (split) return { messages: split.first, budget: splitBudget(budget, split), split: split.context };
  if (fit.omitted.length > 0) {
    log.notice(
      `Left ${fit.omitted.length} of ${scope.files.length} files out of the review to fit max-input-tokens ` +
        `(${config.maxInputTokens}): ${fit.omitted.map((o) => o.path).join(', ')}.`,
    );
  }
  return { messages: render(fit.values), budget };
}
