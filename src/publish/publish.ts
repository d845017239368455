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
  const { verdict, served } = publication;
  const responseFile = writeResponseFile(publication.result.text, deps.tempDirectory);
  if (verdict.notJson !== undefined) {
    deps.setOutput('response-file', responseFile);
    throw new ActionFailure(
      `Deployment '${served.deployment}' answered, but not with the JSON asked for. ${verdict.notJson}\nThe raw answer is in ${responseFile} (the response-file output, the only output written).`,
      { topic: 'notTheJsonAskedFor' },
    );
  }
  const outputs = answerOutputs(publication, responseFile);
  const posted = await postAnswer(publication, deps);
  if (posted.comment) outputs['comment-url'] = posted.comment.url;
  if (posted.review) Object.assign(outputs, posted.review);
  writeOutputs(outputs, posted.comment, deps);
  if (publication.config.summary) await writeJobSummary(publication, posted, deps);
}

/** What the answer posted: the reused comment, the new or updated one, or the review. */
interface Posted {
  reusedFrom?: OwnComment | undefined;
  comment?: (PostedComment & { cut: boolean }) | undefined;
  review?: Record<string, string> | undefined;
}

function answerOutputs(publication: Publication, responseFile: string): Record<string, string> {
  const { result, verdict, served, context } = publication;
  const reused = publication.reused === true && publication.comment !== undefined;
  const outputs: Record<string, string> = {
    ...buildOutputs(result, publication.authMethod, responseFile, served, reused, publication.cost?.usd),
  };
  if (reused && publication.comment) outputs['comment-url'] = publication.comment.url;
  if (verdict.json !== undefined) outputs.json = verdict.json;
  if (context.used.length > 0 && context.budget) {
    outputs.truncated = String(context.budget.omitted.length > 0);
    outputs['omitted-files'] = context.budget.omitted.map((omitted) => omitted.path).join('\n');
  }
  if (verdict.expect) outputs.passed = String(verdict.expect.passed);
  return outputs;
}

/** Posts the review or the comment, unless the answer is the comment's own (reused) or failed its expect. */
async function postAnswer(publication: Publication, deps: PublishDeps): Promise<Posted> {
  const { config, verdict, served } = publication;
  if (publication.reused && publication.comment) return { reusedFrom: publication.comment };
  if (verdict.failure) return {};
  if (publication.postReview) return { review: await publication.postReview(verdict.value) };
  if (!publication.commentTarget) return {};
  const costUsd = publication.cost?.usd;
  const comment = await commentOnPullRequest({
    gh: await publication.github.get(),
    ...publication.commentTarget,
    tag: config.commentTag,
    env: deps.env,
    fromFork: publication.fromFork,
    deployment: served.deployment,
    answer: publication.result,
    fingerprint: publication.fingerprint ? stampedFingerprint(publication.fingerprint, config, served) : undefined,
    existing: publication.comment,
    log: deps,
    cost: costUsd === undefined ? undefined : formatUsd(costUsd),
  });
  return { comment };
}

function writeOutputs(outputs: Record<string, string>, comment: PostedComment | undefined, deps: PublishDeps): void {
  try {
    for (const [name, value] of Object.entries(outputs)) deps.setOutput(name, value);
  } catch (error) {
    if (!comment) throw error;
    // The comment is public already: say so, or a re-run would look like the first attempt.
    throw new ActionFailure(
      `The pull request comment was ${comment.action} (${comment.url}), but the step outputs could not be written: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error, topic: 'outputsNotWritten' },
    );
  }
}

async function writeJobSummary(publication: Publication, posted: Posted, deps: PublishDeps): Promise<void> {
  const { config, result, served, verdict } = publication;
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
      reusedFrom: posted.reusedFrom?.url,
      cost: publication.cost,
    }) +
    renderContextSummary({
      result,
      used: publication.context.used,
      budget: publication.context.budget,
      apiRequests: client?.requests,
      expect: verdict.expect,
      comment: posted.comment,
      review: posted.review,
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
