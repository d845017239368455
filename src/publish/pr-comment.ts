/**
 * `comment: pr`: the response as a pull request comment. The comment carries
 * a hidden marker naming the step, so the next run updates it instead of
 * adding another, stamped with what was asked and answered and with the
 * comment's own id (comment-marker.ts) so that a run asking the same can
 * reuse it: a new comment is posted, then stamped by an edit once its id
 * is known. A response longer than GitHub allows is cut at a line
 * break (an open code fence closed) with a link to the run, where the job
 * summary holds it whole.
 */
import type { RepoId } from '../github-context/event.ts';
import { type GithubClient, githubFailure } from '../github-context/github-client.ts';
import { oneLine, scrub } from '../secrets.ts';
import { answerDigest } from '../prompt/fingerprint.ts';
import { commentSafe, footerText, HYGIENE_MAX_CHARS } from './comment-text.ts';
import { MAX_COMMENT_CHARACTERS } from '../github-limits.ts';
import { commentMarker } from './comment-marker.ts';
import { findOwnComment, type OwnComment, WRITE_PERMISSION } from './own-comment.ts';

/** Where the footer (a `<sub>` line, the body's last) starts: its last occurrence in a body this action built. */
const FOOTER_SEPARATOR = '\n\n<sub>';

export interface CommentParts {
  marker: string;
  response: string;
  /** A short line under the response (deployment, model, run link). */
  footer: string;
  runUrl: string;
  /** The text was cut before the hygiene (HYGIENE_MAX_CHARS): the comment says so, however short the rest is. */
  cutBefore?: boolean;
}

/** The comment body, cut cleanly under GitHub's limit when the response is too long. */
export function buildCommentBody(parts: CommentParts, limit = MAX_COMMENT_CHARACTERS): { body: string; cut: boolean } {
  const whole = `${parts.marker}\n${parts.response.trimEnd()}\n\n${parts.footer}\n`;
  // UTF-16 length is at least the character count GitHub checks, so fitting it fits GitHub.
  if (whole.length <= limit && !parts.cutBefore) return { body: whole, cut: false };
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
export function openFence(text: string): string | undefined {
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

/**
 * Updates `existing`, or creates the step's comment when there is none (looked up now when not given).
 * `bodyFor` gives the body for a comment id (none before the comment exists); a created comment whose
 * stamped body names its id differs from the one posted is edited right away to carry it.
 */
async function upsertComment(
  gh: GithubClient,
  target: { repo: RepoId; number: number; tag: string },
  bodyFor: (commentId?: number) => string,
  context: { fromFork: boolean; existing?: OwnComment; warning: (message: string) => void },
): Promise<PostedComment> {
  const { repo, number } = target;
  const where = `pull request #${number} of ${repo.owner}/${repo.repo}`;
  // Looked up again when an earlier lookup found none: a concurrent run may have posted it since.
  const existing = context.existing ?? (await findOwnComment(gh, repo, number, target.tag, context));
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
      const response = await gh.octokit.rest.issues.updateComment({ ...repo, comment_id: existing.id, body: bodyFor(existing.id) });
      return { action: 'updated', id: response.data.id, url: response.data.html_url };
    }
    const first = bodyFor();
    const response = await gh.octokit.rest.issues.createComment({ ...repo, issue_number: number, body: first });
    const created: PostedComment = { action: 'created', id: response.data.id, url: response.data.html_url };
    const stamped = bodyFor(created.id);
    if (stamped !== first) await gh.octokit.rest.issues.updateComment({ ...repo, comment_id: created.id, body: stamped });
    return created;
  } catch (error) {
    throw githubFailure(`${existing ? 'update the comment on' : 'comment on'} ${where}`, error, gh.apiUrl, hints);
  }
}

/**
 * The response as it stands in a comment this action built (between the
 * marker line and the footer), or undefined for a body of another shape.
 */
export function commentResponse(body: string): string | undefined {
  const start = body.indexOf('\n');
  const footer = body.lastIndexOf(FOOTER_SEPARATOR);
  if (start === -1 || footer <= start || !body.endsWith('</sub>\n')) return undefined;
  return body.slice(start + 1, footer);
}

/** The run's page: where the job summary holds the whole response. */
export function runUrl(env: Record<string, string | undefined>): string {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const attempt = Number(env.GITHUB_RUN_ATTEMPT ?? '1') > 1 ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
  return `${server}/${env.GITHUB_REPOSITORY ?? ''}/actions/runs/${env.GITHUB_RUN_ID ?? ''}${attempt}`;
}

/** The answer as the comment shows it, with the token use of the run that wrote it. */
export interface CommentedAnswer {
  text: string;
  model: string;
  finishReason: string;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  totalTokens: number;
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
  answer: CommentedAnswer;
  /** The fingerprint of what was sent: stamped into the marker, so a later run with the same input can reuse the answer. */
  fingerprint?: string;
  /** This step's comment, when a lookup before the call found it. */
  existing?: OwnComment;
  log: { info: (message: string) => void; notice: (message: string) => void; warning: (message: string) => void };
  /** The run's estimated cost, "$0.0123" (formatUsd of a number: digits, '$' and '.' only), when there is one. */
  cost?: string;
}): Promise<PostedComment & { cut: boolean }> {
  const { answer, log } = input;
  const url = runUrl(input.env);
  const fingerprint = input.fingerprint;
  // Once: the digest reads the whole answer, and each body is built more than once.
  const digest = fingerprint && answerDigest(answer);
  // Stamped only with the comment's own id: before the comment exists, it carries the plain marker.
  const markerFor = (commentId?: number): string =>
    commentMarker(
      input.tag,
      fingerprint && digest && commentId !== undefined
        ? { request: fingerprint, answer: digest, finishReason: answer.finishReason, comment: commentId }
        : undefined,
    );
  const model = footerText(answer.model);
  const footer = `<sub>Azure OpenAI deployment \`${footerText(input.deployment)}\`${model ? ` (model \`${model}\`)` : ''} · ${tokenUse(answer)}${input.cost ? ` · about ${input.cost}` : ''} · [workflow run](${url})</sub>`;
  // Scrubbed (no secret is ever posted), made inert, and scrubbed again (removing controls may join a split token).
  const response = scrub(commentSafe(scrub(answer.text)));
  const cutBefore = answer.text.length > HYGIENE_MAX_CHARS;
  const bodyFor = (commentId?: number) => buildCommentBody({ marker: markerFor(commentId), response, footer, runUrl: url, cutBefore });
  const { cut } = bodyFor(Number.MAX_SAFE_INTEGER);
  if (cut) {
    log.notice(
      `The response (${answer.text.length} characters) is longer than a pull request comment can hold; the comment was cut and links to this run's summary.`,
    );
  }
  const posted = await upsertComment(input.gh, input, (commentId) => bodyFor(commentId).body, {
    fromFork: input.fromFork,
    warning: log.warning,
    ...(input.existing ? { existing: input.existing } : {}),
  });
  log.info(`${posted.action === 'created' ? 'Commented' : 'Updated the comment'} on pull request #${input.number}: ${oneLine(posted.url)}`);
  return { ...posted, cut };
}

/** "46 tokens (12 prompt, 8 cached, 34 completion, 20 reasoning)", the details when reported: numbers only, nothing in it renders. */
export function tokenUse(answer: Omit<CommentedAnswer, 'text' | 'model' | 'finishReason'>): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const parts = [
    `${n(answer.promptTokens)} prompt`,
    ...(answer.cachedTokens ? [`${n(answer.cachedTokens)} cached`] : []),
    `${n(answer.completionTokens)} completion`,
    ...(answer.reasoningTokens ? [`${n(answer.reasoningTokens)} reasoning`] : []),
  ];
  return `${n(answer.totalTokens)} tokens (${parts.join(', ')})`;
}
