/**
 * `comment: review`, after the call: one pull request review, event COMMENT
 * (it never approves or requests changes), on the head commit that was
 * reviewed. Findings are ranked most severe first; those GitHub takes
 * (placement.ts), up to max-review-comments, become inline comments, the
 * rest are listed in the body. Should GitHub still refuse the comments, the
 * review is posted once more with every finding in its body.
 */
import type { CommentedAnswer } from '../publish/pr-comment.ts';
import { buildCommentBody, runUrl, tokenUse } from '../publish/pr-comment.ts';
import { HYGIENE_MAX_CHARS } from '../publish/comment-text.ts';
import { footerText } from '../publish/comment-text.ts';
import { WRITE_PERMISSION } from '../publish/own-comment.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';
import type { CommentTarget } from '../publish/comment-target.ts';
import { oneLine } from '../secrets.ts';
import { type InlinePlace, sortFindings } from './placement.ts';
import type { PreparedReview } from './prepare-review.ts';
import { inlineCommentBody, listedFindings, publicText } from './review-body.ts';
import { reviewMarker } from './review-marker.ts';
import { bySeverity, type Finding, type ReviewAnswer } from './review-schema.ts';
import { shortSha } from './review-scope.ts';

export interface PostedReview {
  url: string;
  /** Findings posted as inline comments. */
  inline: number;
  findings: number;
}

interface ReviewComment {
  path: string;
  line: number;
  side: 'LEFT' | 'RIGHT';
  start_line?: number;
  start_side?: 'LEFT' | 'RIGHT';
  body: string;
}

export async function postReview(input: {
  gh: GithubClient;
  target: CommentTarget;
  tag: string;
  env: Record<string, string | undefined>;
  deployment: string;
  answer: CommentedAnswer;
  /** The answer, valid against the review schema. */
  review: ReviewAnswer;
  prepared: PreparedReview;
  maxComments: number;
  /** The run's estimated cost, "$0.0123" (formatUsd: digits, '$' and '.' only), when there is one. */
  cost?: string;
  log: { info(message: string): void; warning(message: string): void };
}): Promise<PostedReview> {
  const { prepared, review, log } = input;
  const ranked = bySeverity(review.findings);
  const { inline, listed } = sortFindings(prepared.lines, ranked, input.maxComments);
  const comments = inline.map(({ finding, place, suggestible }) => reviewComment(place, inlineCommentBody(finding, suggestible)));
  const url = runUrl(input.env);
  const footer = reviewFooter(input, inline.length, ranked.length, url);
  const marker = reviewMarker(input.tag, {
    head: prepared.head,
    request: prepared.fingerprint,
    ...(prepared.scope.kind === 'since' ? { since: prepared.scope.since } : {}),
  });
  const bodyOf = (notPlaced: ReadonlyArray<{ finding: Finding; why: string }>): string => {
    const text = joinParts(review.summary, listedFindings(notPlaced));
    return buildCommentBody({ marker, response: publicText(text), footer, runUrl: url, cutBefore: text.length > HYGIENE_MAX_CHARS }).body;
  };

  let posted = await createReview(input, bodyOf(listed), comments).catch((error: unknown) => ({ error }));
  let placed = inline.length;
  if ('error' in posted) {
    if ((posted.error as { status?: number }).status !== 422 || comments.length === 0) throw posted.error;
    // The placement is checked against the diff as read; a diff that changed meanwhile can still be refused.
    log.warning(`GitHub refused the review's inline comments (422); every finding is listed in the review's body instead.`);
    const all = ranked.map((finding) => ({ finding, why: 'GitHub refused the inline comments' }));
    posted = await createReview(input, bodyOf(all), []);
    placed = 0;
  }
  log.info(`Reviewed pull request #${input.target.number} (${placed} inline comments): ${oneLine(posted.url)}`);
  return { url: posted.url, inline: placed, findings: ranked.length };
}

/** What was reviewed and how it went, in plain characters: "Changes since abc1234 (1 file) at def5678: …". */
function reviewFooter(
  input: { prepared: PreparedReview; deployment: string; answer: CommentedAnswer; cost?: string },
  inline: number,
  findings: number,
  url: string,
): string {
  const { prepared } = input;
  const model = footerText(input.answer.model);
  const deployment = `Azure OpenAI deployment \`${footerText(input.deployment)}\`${model ? ` (model \`${model}\`)` : ''}`;
  const reviewed = `${prepared.described} at ${shortSha(prepared.head)}: ${inline} of ${findings} finding${findings === 1 ? '' : 's'} inline`;
  const cost = input.cost ? ` · about ${input.cost}` : '';
  return `<sub>${reviewed} · ${deployment} · ${tokenUse(input.answer)}${cost} · [workflow run](${url})</sub>`;
}

function joinParts(...parts: string[]): string {
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join('\n\n');
}

function reviewComment(place: InlinePlace, body: string): ReviewComment {
  const comment: ReviewComment = { path: place.path, line: place.line, side: place.side, body };
  if (place.startLine !== undefined) {
    comment.start_line = place.startLine;
    comment.start_side = place.side;
  }
  return comment;
}

async function createReview(
  input: { gh: GithubClient; target: CommentTarget; prepared: PreparedReview },
  body: string,
  comments: ReviewComment[],
): Promise<{ url: string }> {
  const { gh, target, prepared } = input;
  try {
    const response = await gh.octokit.rest.pulls.createReview({
      ...target.repo,
      pull_number: target.number,
      commit_id: prepared.head,
      event: 'COMMENT',
      body,
      comments,
    });
    return { url: response.data.html_url };
  } catch (error) {
    if ((error as { status?: number }).status === 422 && comments.length > 0) throw error;
    throw githubFailure(`post a review on pull request #${target.number} of ${target.repo.owner}/${target.repo.repo}`, error, gh.apiUrl, {
      permission: WRITE_PERMISSION,
    });
  }
}
