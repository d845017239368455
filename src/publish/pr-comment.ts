/**
 * `comment: pr`: the response as a pull request comment. The comment carries
 * a hidden marker naming the step, so the next run updates it instead of
 * adding another. A response longer than GitHub allows is cut at a line
 * break (an open code fence closed) with a link to the run, where the job
 * summary holds it whole.
 */
import type { RepoId } from '../github-context/event.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';
import { oneLine, scrub } from '../secrets.ts';
import { commentSafe, footerText } from './comment-text.ts';

/** GitHub refuses issue and pull request comments longer than this (422). */
export const MAX_COMMENT_CHARACTERS = 65_536;

export function commentMarker(tag: string): string {
  // Nothing in the tag may close the HTML comment early.
  const safe = tag.replace(/--+/g, '-').replace(/>/g, '');
  return `<!-- azure-openai-keyless: ${safe} -->`;
}

export interface CommentParts {
  marker: string;
  response: string;
  /** A short line under the response (deployment, model, run link). */
  footer: string;
  runUrl: string;
}

/** The comment body, cut cleanly under GitHub's limit when the response is too long. */
export function buildCommentBody(parts: CommentParts, limit = MAX_COMMENT_CHARACTERS): { body: string; cut: boolean } {
  const whole = `${parts.marker}\n${parts.response.trimEnd()}\n\n${parts.footer}\n`;
  // UTF-16 length is at least the character count GitHub checks, so fitting it fits GitHub.
  if (whole.length <= limit) return { body: whole, cut: false };
  const notice = `\n\n> [!NOTE]\n> This response is longer than a comment can hold (${limit.toLocaleString('en-US')} characters) and was cut here. [Read it whole in the run's job summary](${parts.runUrl}).\n\n${parts.footer}\n`;
  const closing = '\n```';
  const room = limit - parts.marker.length - 1 - notice.length - closing.length - 8;
  let text = parts.response.slice(0, Math.max(0, room));
  // Do not split a surrogate pair, then back up to the end of a line.
  if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak > room / 2) text = text.slice(0, lastBreak);
  const fence = openFence(text);
  if (fence) text += `\n${fence}`;
  return { body: `${parts.marker}\n${text}${notice}`, cut: true };
}

/** The fence (``` or ~~~) left open at the end of `text`, if any. */
function openFence(text: string): string | undefined {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    const fence = m?.[1];
    if (!fence) continue;
    if (open === undefined) open = fence;
    else if (fence.startsWith(open.charAt(0)) && fence.length >= open.length && line.trim() === fence) open = undefined;
  }
  return open;
}

export interface PostedComment {
  action: 'created' | 'updated';
  id: number;
  url: string;
}

const WRITE_PERMISSION = 'pull-requests: write';

export async function upsertComment(
  gh: GithubClient,
  repo: RepoId,
  number: number,
  body: string,
  marker: string,
  context: { fromFork: boolean },
): Promise<PostedComment> {
  const target = `pull request #${number} of ${repo.owner}/${repo.repo}`;
  let existing: { id: number } | undefined;
  try {
    let own: string | undefined;
    for await (const page of gh.octokit.paginate.iterator(gh.octokit.rest.issues.listComments, {
      ...repo,
      issue_number: number,
      per_page: 100,
    })) {
      for (const comment of page.data) {
        if (!startsWithMarker(comment, marker)) continue;
        // Who this token is, asked only once a candidate is seen: most runs create their comment.
        own ??= await viewerLogin(gh);
        if (isOwnComment(comment, marker, own)) {
          existing = comment;
          break;
        }
      }
      if (existing) break;
    }
  } catch (error) {
    throw githubFailure(`read the comments of ${target}`, error, gh.apiUrl, { permission: WRITE_PERMISSION });
  }
  const hints = {
    permission: WRITE_PERMISSION,
    extra: context.fromFork
      ? [
          "This run is for a pull request from a fork: GitHub gives such runs a read-only token whatever the workflow asks for. Comment from a workflow on pull_request_target or workflow_run instead (and never check out or run the fork's code there).",
        ]
      : [],
  };
  try {
    if (existing) {
      const response = await gh.octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body });
      return { action: 'updated', id: response.data.id, url: response.data.html_url };
    }
    const response = await gh.octokit.rest.issues.createComment({ ...repo, issue_number: number, body });
    return { action: 'created', id: response.data.id, url: response.data.html_url };
  } catch (error) {
    throw githubFailure(`${existing ? 'update the comment on' : 'comment on'} ${target}`, error, gh.apiUrl, hints);
  }
}

/** The login GitHub gives this token: `<app>[bot]` for GITHUB_TOKEN and app tokens, the user's for a personal token. */
async function viewerLogin(gh: GithubClient): Promise<string> {
  const answer = await gh.octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }');
  const login = answer.viewer?.login;
  return typeof login === 'string' ? login : '';
}

function startsWithMarker(comment: { body?: string | null }, marker: string): boolean {
  const body = comment.body ?? '';
  return (body.split('\n', 1)[0] ?? '').trimEnd() === marker;
}

/**
 * Anyone can paste the marker into a comment: only a comment this token's own
 * identity wrote, whose first line is this step's marker, is taken over. A
 * person's comment holding the marker (a MEMBER quoting it, say) is left alone.
 */
export function isOwnComment(
  comment: { body?: string | null; user?: { login?: string } | null },
  marker: string,
  ownLogin: string,
): boolean {
  const author = comment.user?.login ?? '';
  return ownLogin !== '' && author.toLowerCase() === ownLogin.toLowerCase() && startsWithMarker(comment, marker);
}

/** The run's page: where the job summary holds the whole response. */
export function runUrl(env: Record<string, string | undefined>): string {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1') > 1 ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}${attempt}`;
}

/** Posts (or updates) the answer as this step's comment on the pull request, cut to GitHub's limit. */
export async function commentOnPullRequest(input: {
  gh: GithubClient;
  repo: RepoId;
  number: number;
  /** comment-tag: which of the workflow's comments is this step's. */
  tag: string;
  env: Record<string, string | undefined>;
  fromFork: boolean;
  deployment: string;
  answer: { text: string; model: string };
  log: { info: (message: string) => void; notice: (message: string) => void };
}): Promise<PostedComment & { cut: boolean }> {
  const { answer, log } = input;
  const url = runUrl(input.env);
  const marker = commentMarker(input.tag);
  const model = footerText(answer.model);
  const footer = `<sub>Azure OpenAI deployment \`${footerText(input.deployment)}\`${model ? ` (model \`${model}\`)` : ''} · [workflow run](${url})</sub>`;
  // Scrubbed (no secret is ever posted), made inert, and scrubbed again (removing controls may join a split token).
  const { body, cut } = buildCommentBody({ marker, response: scrub(commentSafe(scrub(answer.text))), footer, runUrl: url });
  if (cut) {
    log.notice(
      `The response (${answer.text.length} characters) is longer than a pull request comment can hold; the comment was cut and links to this run's summary.`,
    );
  }
  const posted = await upsertComment(input.gh, input.repo, input.number, body, marker, { fromFork: input.fromFork });
  log.info(`${posted.action === 'created' ? 'Commented' : 'Updated the comment'} on pull request #${input.number}: ${oneLine(posted.url)}`);
  return { ...posted, cut };
}
