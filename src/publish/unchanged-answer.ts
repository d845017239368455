/**
 * skip-unchanged: before the model call, this step's own PR comment is read;
 * when its stamp says it answered exactly the request this run would send,
 * and its answer is still as posted, that answer is reused and nothing is
 * paid. The stamp is trusted only on a comment this token's own identity
 * wrote (own-comment.ts), only when it names that comment's own id (written
 * by an edit right after the comment was posted: another workflow relaying
 * text under the same bot login cannot know it beforehand), and only with
 * the answer's digest matching the text restored from the body: an edit of
 * the answer, of the stamp or a cut answer fails the check, and the
 * deployment is called as usual. An answer a fallback gave is stamped with
 * that deployment (answeredFingerprint), so it never answers a request to
 * another one.
 *
 * An unkeyed digest cannot stop someone who can edit the bot's comment (write
 * access) from writing a matching one; such a person can change the workflow
 * itself, so no trust is lost. `updated_at` cannot stand in: this action's own
 * update sets it too, after the body (and its stamp) was written.
 */
import type { ModelAnswer } from '../call/call-outcome.ts';
import type { SharedGithubClient } from '../github-context/github-client.ts';
import { answerDigest } from '../prompt/fingerprint.ts';
import type { CommentTarget } from './comment-target.ts';
import { restoreAnswer } from './comment-text.ts';
import { findOwnComment, type OwnComment } from './own-comment.ts';
import { commentResponse } from './pr-comment.ts';

export interface StoredAnswer {
  text: string;
  finishReason: string;
}

export interface CommentLookup {
  /** This step's comment, to be updated without another lookup. */
  comment?: OwnComment;
  /** The answer to reuse: the comment answers this very request. */
  reuse?: StoredAnswer;
}

export async function lookUpComment(input: {
  github: SharedGithubClient;
  target: CommentTarget;
  tag: string;
  fingerprint: string;
  log: { info: (message: string) => void; warning: (message: string) => void };
}): Promise<CommentLookup> {
  const { target, log } = input;
  const comment = await findOwnComment(await input.github.get(), target.repo, target.number, input.tag, log);
  if (!comment) return {};
  const reading = storedAnswer(comment, input.fingerprint);
  if ('why' in reading) {
    log.info(`skip-unchanged: the deployment is called, as ${reading.why}.`);
    return { comment };
  }
  log.info(
    `skip-unchanged: this step's comment (${comment.url}) answers exactly this request and is unchanged; its answer is reused and the deployment is not called.`,
  );
  return { comment, reuse: reading };
}

/** The comment's answer when it is trustworthy for this request, or why not. Pure. */
export function storedAnswer(comment: OwnComment, fingerprint: string): StoredAnswer | { why: string } {
  const { stamp } = comment;
  if (!stamp) return { why: 'the comment carries no fingerprint' };
  // A stamp this step wrote names the comment it was written into; one relayed into another comment does not.
  if (stamp.comment !== comment.id) return { why: 'its stamp was written for another comment (copied or relayed)' };
  if (stamp.request !== fingerprint) return { why: 'the input differs from the one the comment answers' };
  const shown = commentResponse(comment.body);
  const answer = shown === undefined ? undefined : { text: restoreAnswer(shown), finishReason: stamp.finishReason };
  if (!answer || answerDigest(answer) !== stamp.answer) {
    return { why: "the comment's answer is not exactly the one posted (edited, cut to fit, or changed by the comment's escaping)" };
  }
  return answer;
}

/** The reused answer as a result: nothing was called, so no tokens, no request id, no model and no time. */
export function reusedResult(answer: StoredAnswer): ModelAnswer {
  return {
    text: answer.text,
    finishReason: answer.finishReason,
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    cachedTokens: 0,
    reasoningTokens: 0,
    model: '',
    requestId: '',
    latencyMs: 0,
    attempts: 0,
  };
}
