/**
 * The texts of a review as GitHub will show them: each inline comment
 * (severity, the finding, a ```suggestion block where GitHub can apply it, a
 * code block elsewhere) and the review's body (summary, the findings not
 * placed inline as `path:line`, the footer). Every one is made safe as a PR
 * comment is (publish/comment-text.ts): scrubbed of secrets, no pings, no
 * remote images, no raw HTML or markers, and cut under GitHub's size limit.
 */
import { commentSafe } from '../publish/comment-text.ts';
import { openFence } from '../publish/pr-comment.ts';
import { MAX_COMMENT_CHARACTERS } from '../github-limits.ts';
import { scrub } from '../secrets.ts';
import type { Finding } from './review-schema.ts';

/** A finding's text or suggestion is cut to this, so a comment with both stays under GitHub's limit. */
const MAX_FINDING_PART_CHARS = 30_000;
/** A path as the body lists it: cut, and without the characters that could end its code span or line. */
const MAX_PATH_CHARS = 300;

/** The model's Markdown, safe to post: scrubbed, made inert, scrubbed again (removing controls may join a token). */
export function publicText(text: string): string {
  return scrub(commentSafe(scrub(text)));
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Markdown text with any code fence it leaves open closed, so what follows is not swallowed by it. */
function closed(text: string): string {
  const fence = openFence(text);
  return fence ? `${text}\n${fence}` : text;
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function codeBlock(info: string, text: string): string {
  const code = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const fence = fenceFor(code);
  return `${fence}${info}\n${code}\n${fence}`;
}

/** One inline comment's body. */
export function inlineCommentBody(finding: Finding, suggestible: boolean): string {
  const parts = [`**${finding.severity}**: ${closed(cut(finding.body.trim(), MAX_FINDING_PART_CHARS))}`];
  if (finding.suggestion !== null && finding.suggestion.length <= MAX_FINDING_PART_CHARS) {
    parts.push(suggestible ? codeBlock('suggestion', finding.suggestion) : `Suggested change:\n\n${codeBlock('', finding.suggestion)}`);
  }
  return cut(publicText(parts.join('\n\n')), MAX_COMMENT_CHARACTERS - 100);
}

/** `path:line` (or `path:start-line`, with its side) as plain code: nothing in a path can render or ping. */
export function citation(finding: Pick<Finding, 'path' | 'line' | 'start_line' | 'side'>): string {
  const path = finding.path.replace(/[`\r\n\u2028\u2029]/g, '').slice(0, MAX_PATH_CHARS);
  const lines = finding.start_line !== null && finding.start_line !== finding.line ? `${finding.start_line}-${finding.line}` : finding.line;
  return `\`${path}:${lines}\`${finding.side === 'LEFT' ? ' (deleted side)' : ''}`;
}

/** The findings not placed inline, listed in the body with why, each whole (the body is cut to fit as one). */
export function listedFindings(listed: ReadonlyArray<{ finding: Finding; why: string }>): string {
  if (listed.length === 0) return '';
  const items = listed.map(({ finding, why }) => {
    const text = closed(cut(finding.body.trim(), MAX_FINDING_PART_CHARS)).replace(/\n/g, '\n  ');
    const suggestion = finding.suggestion === null ? '' : `\n\n  Suggested change:\n\n${indent(codeBlock('', finding.suggestion))}`;
    return `- **${finding.severity}** ${citation(finding)} (${why}): ${text}${suggestion}`;
  });
  return `**Not placed on a line of the diff** (${listed.length}):\n\n${items.join('\n')}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
