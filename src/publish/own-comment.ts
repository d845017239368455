/**
 * Finds this step's own comment on a pull request: the first comment whose
 * first line is this step's marker and whose author is this token's own
 * identity. Anyone can paste the marker, so authorship decides; the listing
 * is bounded (pages and body size), so a flooded pull request cannot hold
 * the run.
 */
import type { RepoId } from '../github-context/event.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';
import { hasNextPage, pageQuery, PER_PAGE } from '../github-context/paging.ts';
import { type MarkerStamp, readMarker } from './comment-marker.ts';

export interface OwnComment {
  id: number;
  url: string;
  body: string;
  /** The marker's stamp, when it carries one. */
  stamp?: MarkerStamp;
}

/** 100 comments a page: far more than a pull request's conversation usually holds. */
const MAX_COMMENT_PAGES = 30;
/** GitHub stores no longer comment body; a longer one is not this action's. */
export const MAX_COMMENT_BODY_CHARS = 65_536;

export const WRITE_PERMISSION = 'pull-requests: write';

interface ListedComment {
  id: number;
  html_url: string;
  body?: string | null;
  user?: { login?: string } | null;
}

export async function findOwnComment(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  tag: string,
  log: { warning: (message: string) => void },
): Promise<OwnComment | undefined> {
  const target = `pull request #${number} of ${repo.owner}/${repo.repo}`;
  const viewer: { login?: string } = {};
  // A dropped connection is retried by the client itself (github-client.ts), as for every GitHub request.
  try {
    return await scanComments(gh, repo, number, tag, viewer, log, target);
  } catch (error) {
    throw githubFailure(`read the comments of ${target}`, error, gh.apiUrl, { permission: WRITE_PERMISSION });
  }
}

async function scanComments(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  tag: string,
  viewer: { login?: string },
  log: { warning: (message: string) => void },
  target: string,
): Promise<OwnComment | undefined> {
  // Pages by number against the API's own URL: a Link header's URL (a hostile server's) is never followed with the token.
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await gh.octokit.rest.issues.listComments({ ...repo, issue_number: number, ...pageQuery(pageNumber) });
    for (const comment of page.data as ListedComment[]) {
      if (!readMarker(boundedBody(comment), tag)) continue;
      // Who this token is, asked only once a candidate is seen: most runs create their comment.
      viewer.login ??= await viewerLogin(gh);
      if (isOwnComment(comment, tag, viewer.login)) {
        const body = boundedBody(comment) ?? '';
        const stamp = readMarker(body, tag)?.stamp;
        return { id: comment.id, url: comment.html_url, body, ...(stamp ? { stamp } : {}) };
      }
    }
    if (!hasNextPage(page.headers.link)) return undefined;
    if (pageNumber >= MAX_COMMENT_PAGES) {
      log.warning(
        `Looked for this step's comment in the first ${MAX_COMMENT_PAGES * PER_PAGE} comments of ${target} only; a new comment is posted if it lies further on.`,
      );
      return undefined;
    }
  }
}

function boundedBody(comment: { body?: string | null }): string | undefined {
  const body = comment.body ?? '';
  return body.length > MAX_COMMENT_BODY_CHARS ? undefined : body;
}

/** The login GitHub gives this token: `<app>[bot]` for GITHUB_TOKEN and app tokens, the user's for a personal token. */
export async function viewerLogin(gh: GithubClient): Promise<string> {
  const answer = await gh.octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
  const login = answer.viewer?.login;
  return typeof login === 'string' ? login : '';
}

/**
 * Only a comment this token's own identity wrote, whose first line is this
 * step's marker, is taken over. A person's comment holding the marker (a
 * MEMBER quoting it, say) is left alone. A login names one account, bot or
 * user (a user's login cannot hold `[bot]`), so it also settles user.type.
 */
export function isOwnComment(comment: { body?: string | null; user?: { login?: string } | null }, tag: string, ownLogin: string): boolean {
  return isOwnAuthor(comment, ownLogin) && readMarker(boundedBody(comment), tag) !== undefined;
}

/** Whether this token's own login wrote it (logins compare without letter case); an unknown login owns nothing. */
export function isOwnAuthor(written: { user?: { login?: string } | null }, ownLogin: string): boolean {
  return ownLogin !== '' && (written.user?.login ?? '').toLowerCase() === ownLogin.toLowerCase();
}
