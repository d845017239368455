// Pull request reviews (docs.github.com/rest/pulls/reviews): `POST .../pulls/{n}/reviews` with `comments[]` of
// {path, line, side, start_line, start_side, body}, all or nothing: each comment is placed by parsing the diff
// this emulator serves for the pull request (review-placement.ts), and one misplaced comment refuses the whole
// review with GitHub's 422; `GET .../pulls/{n}/reviews`, oldest first, with their authors. A review made with
// the job's token is the GitHub Actions app's, as its comments are.

import type { FixturePull, FixtureReview } from '../../fixtures/github-repos.ts';
import { sendJson } from '../../http.ts';
import type { RequestContext, Route } from '../../http.ts';
import { apiUrl, canWrite, COMMENTER, commonHeaders, error, type Found, repoRoute, sendPage, user } from './common.ts';
import { placementError, type ReviewCommentInput, servedDiffLines } from './review-placement.ts';
import { unifiedDiff } from './shapes.ts';

const CREATE_DOCS = 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request';
const STATES: Record<string, FixtureReview['state']> = {
  COMMENT: 'COMMENTED',
  APPROVE: 'APPROVED',
  REQUEST_CHANGES: 'CHANGES_REQUESTED',
};
const MAX_BODY_CHARACTERS = 65536;

function reviewJson(ctx: RequestContext, repoName: string, review: FixtureReview) {
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: user(review.user),
    body: review.body,
    state: review.state,
    html_url: `https://github.com/${repoName}/pull/${review.pull_number}#pullrequestreview-${review.id}`,
    pull_request_url: apiUrl(ctx, `/repos/${repoName}/pulls/${review.pull_number}`),
    commit_id: review.commit_id,
    submitted_at: review.submitted_at ?? '2025-06-01T12:00:00Z',
    author_association: review.user.endsWith('[bot]') ? 'NONE' : 'MEMBER',
  };
}

function pullOf(ctx: RequestContext, found: Found, number: string): FixturePull | undefined {
  const pr = found.repo.pulls[String(Number(number))];
  if (!pr) error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/pulls/reviews');
  return pr;
}

/** The stored comment, as GitHub keeps it: a range's start side defaults to the line's side. */
function storedComment(comment: ReviewCommentInput): FixtureReview['comments'][number] {
  const side = comment.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  const stored: FixtureReview['comments'][number] = {
    path: String(comment.path),
    line: Number(comment.line),
    side,
    body: typeof comment.body === 'string' ? comment.body : '',
  };
  if (typeof comment.start_line === 'number') {
    stored.start_line = comment.start_line;
    stored.start_side = comment.start_side === 'LEFT' ? 'LEFT' : comment.start_side === 'RIGHT' ? 'RIGHT' : side;
  }
  return stored;
}

/** Validates a review as GitHub does, in its order; answers a refusal itself and returns undefined then. */
function validReview(ctx: RequestContext, pr: FixturePull): Omit<FixtureReview, 'id' | 'user' | 'submitted_at'> | undefined {
  const sent = (typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {}) as Record<string, unknown>;
  const refuse = (errors: unknown[], message = 'Unprocessable Entity'): undefined => {
    error(ctx, 422, message, CREATE_DOCS, { errors });
    return undefined;
  };
  // Only submitted reviews are emulated: a pending one (no event) is a draft the action never makes.
  const state = typeof sent.event === 'string' ? STATES[sent.event] : undefined;
  if (!state) return refuse([`event ${JSON.stringify(sent.event ?? null)} is not one the emulator takes`]);
  const comments = Array.isArray(sent.comments) ? (sent.comments as ReviewCommentInput[]) : [];
  const body = typeof sent.body === 'string' ? sent.body : '';
  const texts = [body, ...comments.map((comment) => (typeof comment.body === 'string' ? comment.body : ''))];
  if (texts.some((text) => Array.from(text).length > MAX_BODY_CHARACTERS)) {
    // The shape GitHub gives a body over its limit (renovatebot/renovate#2032, a pull request's body).
    const message = `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`;
    return refuse([{ resource: 'PullRequestReview', code: 'custom', field: 'body', message }], 'Validation Failed');
  }
  const problem = placementError(servedDiffLines(unifiedDiff(pr.files)), comments);
  if (problem) return refuse([problem]);
  const commitId = typeof sent.commit_id === 'string' ? sent.commit_id : pr.head.sha;
  return { pull_number: pr.number, body, commit_id: commitId, state, comments: comments.map(storedComment) };
}

export function reviewRoutes(): Route[] {
  return [
    repoRoute('GET', '/pulls/(\\d+)/reviews', (ctx, found, match) => {
      const pr = pullOf(ctx, found, match[3] ?? '');
      if (!pr) return;
      const listed = (found.repo.reviews ?? []).filter((review) => review.pull_number === pr.number);
      sendPage(ctx, listed, (review) => reviewJson(ctx, found.name, review));
    }),
    repoRoute('POST', '/pulls/(\\d+)/reviews', (ctx, found, match) => {
      if (!canWrite(ctx, found, CREATE_DOCS)) return;
      const pr = pullOf(ctx, found, match[3] ?? '');
      if (!pr) return;
      const valid = validReview(ctx, pr);
      if (!valid) return;
      const id = Math.max(80_000, ...(found.repo.reviews ?? []).map((review) => review.id)) + 1;
      const review: FixtureReview = { ...valid, id, user: COMMENTER.login, submitted_at: new Date().toISOString() };
      found.repo.reviews = [...(found.repo.reviews ?? []), review];
      sendJson(ctx, 200, reviewJson(ctx, found.name, review), commonHeaders());
    }),
  ];
}
