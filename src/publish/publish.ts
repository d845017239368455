/**
 * Publishes a judged answer: the response file, the PR comment (only for an
 * answer that passed expect), then all outputs together and the job summary.
 * An answer that is not the JSON asked for writes response-file only.
 */
import type { BudgetFacts } from '../budget/fit-context.ts';
import { formatUsd, type RunCost } from '../cost/estimate.ts';
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { ServedTarget, TriedTarget } from '../call/failover-outcome.ts';
import type { PromptMessage } from '../model-call.ts';
import type { Config } from '../config.ts';
import type { SharedGithubClient } from '../github-context/github-client.ts';
import { ActionFailure } from '../errors.ts';
import type { Verdict } from '../judge/judge.ts';
import { answeredFingerprint } from '../prompt/fingerprint.ts';
import { describeParameters } from '../prompt/parameters.ts';
import type { CommentTarget } from './comment-target.ts';
import { renderContextSummary } from './context-summary.ts';
import { buildOutputs, writeResponseFile } from './outputs.ts';
import type { OwnComment } from './own-comment.ts';
import { commentOnPullRequest, type PostedComment } from './pr-comment.ts';
import { renderSummary } from './summary.ts';

export interface Publication {
  config: Config;
  result: ModelAnswer;
  /** The deployment that answered (the deployment input's, or a fallback's). */
  served: ServedTarget;
  /** Every deployment called, in order, and why those before the last did not answer. */
  tried: readonly TriedTarget[];
  verdict: Verdict;
  messages: PromptMessage[];
  authMethod: string;
  /** The context variables the prompt used, and the budget they were fitted to. */
  context: { used: readonly string[]; budget?: BudgetFacts };
  commentTarget?: CommentTarget;
  /** The fingerprint of what was sent, stamped into the comment. */
  fingerprint?: string;
  /** This step's comment, when the lookup before the call found it. */
  comment?: OwnComment;
  /** The answer is that comment's (skip-unchanged): the comment is left as it is. */
  reused?: boolean;
  /** The run's estimated cost (estimate.ts); empty when nothing was called or no price is known. */
  cost?: RunCost;
  github: SharedGithubClient;
  fromFork: boolean;
  /** comment: review: posts the review of the answer (valid against its schema); returns the review's outputs. */
  postReview?: (answer: unknown) => Promise<Record<string, string>>;
}

export interface PublishDeps {
  info: (message: string) => void;
  notice: (message: string) => void;
  warning: (message: string) => void;
  setOutput: (name: string, value: string) => void;
  /** Appends Markdown to the job summary. */
  writeSummary: (markdown: string) => Promise<unknown>;
  /** Where response-file goes (RUNNER_TEMP). */
  tempDirectory: string;
  env: Record<string, string | undefined>;
}

export async function publish(publication: Publication, deps: PublishDeps): Promise<void> {
  const { config, result, verdict, served } = publication;
  const responseFile = writeResponseFile(result.text, deps.tempDirectory);
  if (verdict.notJson !== undefined) {
    deps.setOutput('response-file', responseFile);
    throw new ActionFailure(
      `Deployment '${served.deployment}' answered, but not with the JSON asked for. ${verdict.notJson}\nThe raw answer is in ${responseFile} (the response-file output, the only output written).`,
    );
  }

  const reusedFrom = publication.reused ? publication.comment : undefined;
  const costUsd = publication.cost?.usd;
  const outputs: Record<string, string> = {
    ...buildOutputs(result, publication.authMethod, responseFile, served, reusedFrom !== undefined, costUsd),
  };
  if (verdict.json !== undefined) outputs.json = verdict.json;
  if (publication.context.used.length > 0 && publication.context.budget) {
    outputs.truncated = String(publication.context.budget.omitted.length > 0);
    outputs['omitted-files'] = publication.context.budget.omitted.map((o) => o.path).join('\n');
  }
  if (verdict.expect) outputs.passed = String(verdict.expect.passed);
  let comment: (PostedComment & { cut: boolean }) | undefined;
  let review: Record<string, string> | undefined;
  if (reusedFrom) {
    outputs['comment-url'] = reusedFrom.url;
  } else if (publication.postReview && !verdict.failure) {
    review = await publication.postReview(verdict.value);
    Object.assign(outputs, review);
  } else if (publication.commentTarget && !verdict.failure) {
    comment = await commentOnPullRequest({
      gh: await publication.github.get(),
      ...publication.commentTarget,
      tag: config.commentTag,
      env: deps.env,
      fromFork: publication.fromFork,
      deployment: served.deployment,
      answer: result,
      ...(publication.fingerprint ? { fingerprint: stampedFingerprint(publication.fingerprint, config, served) } : {}),
      ...(publication.comment ? { existing: publication.comment } : {}),
      log: deps,
      ...(costUsd !== undefined ? { cost: formatUsd(costUsd) } : {}),
    });
    outputs['comment-url'] = comment.url;
  }
  try {
    for (const [name, value] of Object.entries(outputs)) deps.setOutput(name, value);
  } catch (error) {
    if (!comment) throw error;
    // The comment is public already: say so, or a re-run would look like the first attempt.
    throw new ActionFailure(
      `The pull request comment was ${comment.action} (${comment.url}), but the step outputs could not be written: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }

  if (!config.summary) return;
  const client = publication.github.created;
  const markdown =
    renderSummary({
      deployment: served.deployment,
      endpointHost: served.host,
      tried: publication.tried,
      authMethod: publication.authMethod,
      result,
      messages: publication.messages,
      // Stated after the call: the token limit's name is the one the deployment accepted.
      parameters: describeParameters(config, result),
      ...(reusedFrom ? { reusedFrom: reusedFrom.url } : {}),
      ...(publication.cost ? { cost: publication.cost } : {}),
    }) +
    renderContextSummary({
      result,
      used: publication.context.used,
      ...(publication.context.budget ? { budget: publication.context.budget } : {}),
      ...(client ? { apiRequests: client.requests } : {}),
      ...(verdict.expect ? { expect: verdict.expect } : {}),
      ...(comment ? { comment } : {}),
      ...(review ? { review } : {}),
    });
  // The call succeeded and the outputs are written: a summary that cannot be written is worth a warning, not a red step.
  try {
    await deps.writeSummary(markdown);
  } catch (error) {
    deps.warning(`The job summary was not written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The request's fingerprint, bound to the deployment that answered when a fallback did. */
function stampedFingerprint(fingerprint: string, config: Config, served: ServedTarget): string {
  const asked = { endpoint: `${config.endpoint.origin}${config.endpoint.pathPrefix}`, deployment: config.deployment };
  return answeredFingerprint(fingerprint, asked, served);
}
