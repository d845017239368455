/**
 * This step's latest review of a pull request: the last review whose first
 * line is this step's review marker and whose author is this token's own
 * identity (anyone can paste a marker: authorship decides, as for comments).
 * The listing is bounded in pages and body size.
 */
import type { RepoId } from '../github-context/event.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';
import { hasNextPage, pageQuery, PER_PAGE } from '../github-context/paging.ts';
import { isOwnAuthor, MAX_COMMENT_BODY_CHARS, viewerLogin, WRITE_PERMISSION } from '../publish/own-comment.ts';
import { readReviewMarker, type ReviewStamp } from './review-marker.ts';

export interface EarlierReview {
  id: number;
  url: string;
  stamp: ReviewStamp;
}

/** 100 reviews a page: a pull request with more than 3,000 reviews is searched in its first 3,000. */
const MAX_REVIEW_PAGES = 30;

interface ListedReview {
  id: number;
  html_url: string;
  body?: string | null;
  user?: { login?: string } | null;
}

export async function findEarlierReview(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  tag: string,
  log: { warning: (message: string) => void },
): Promise<EarlierReview | undefined> {
  const target = `pull request #${number} of ${repo.owner}/${repo.repo}`;
  try {
    const candidates = await listMarked(gh, repo, number, tag, log, target);
    if (candidates.length === 0) return undefined;
    // Who this token is, asked only when a review carries the marker.
    const login = await viewerLogin(gh);
    const own = candidates.filter((review) => isOwnAuthor(review, login));
    for (const review of own.reverse()) {
      const stamp = readReviewMarker(review.body, tag)?.stamp;
      if (stamp) return { id: review.id, url: review.html_url, stamp };
    }
    return undefined;
  } catch (error) {
    throw githubFailure(`read the reviews of ${target}`, error, gh.apiUrl, { permission: WRITE_PERMISSION });
  }
}

/** The reviews whose first line is this step's marker, oldest first. */
async function listMarked(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  tag: string,
  log: { warning: (message: string) => void },
  target: string,
): Promise<ListedReview[]> {
  const marked: ListedReview[] = [];
  // Pages by number against the API's own URL: a Link header's URL is never followed with the token.
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await gh.octokit.rest.pulls.listReviews({ ...repo, pull_number: number, ...pageQuery(pageNumber) });
    for (const review of page.data as ListedReview[]) {
      const body = review.body ?? '';
      if (body.length <= MAX_COMMENT_BODY_CHARS && readReviewMarker(body, tag)) marked.push(review);
    }
    if (!hasNextPage(page.headers.link)) return marked;
    if (pageNumber >= MAX_REVIEW_PAGES) {
      log.warning(`Looked for this step's earlier review in the first ${MAX_REVIEW_PAGES * PER_PAGE} reviews of ${target} only.`);
      return marked;
    }
  }
}
