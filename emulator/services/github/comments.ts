// Issue and pull request comments: listed, created, read and edited.

import type { FixtureComment } from '../../fixtures/github-repos.ts';
import { sendJson } from '../../http.ts';
import type { RequestContext, Route } from '../../http.ts';
import { apiUrl, canWrite, COMMENTER, commonHeaders, error, type Found, repoRoute, sendPage } from './common.ts';
import { commentJson } from './shapes.ts';

/** Issue and pull request comments: GitHub refuses a longer body with 422. */
const MAX_COMMENT_CHARACTERS = 65536;

function validateCommentBody(ctx: RequestContext, documentation: string): string | undefined {
  const body = (ctx.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== 'string' || body.length === 0) {
    error(ctx, 422, 'Invalid request.\n\n"body" wasn\'t supplied.', documentation);
    return undefined;
  }
  if (Array.from(body).length > MAX_COMMENT_CHARACTERS) {
    error(ctx, 422, 'Validation Failed', documentation, {
      errors: [
        {
          resource: 'IssueComment',
          code: 'unprocessable',
          field: 'data',
          message: `Body is too long (maximum is ${MAX_COMMENT_CHARACTERS} characters)`,
        },
      ],
    });
    return undefined;
  }
  return body;
}

function createComment(ctx: RequestContext, found: Found, match: RegExpExecArray): void {
  const documentation = 'https://docs.github.com/rest/issues/comments#create-an-issue-comment';
  if (!canWrite(ctx, found, documentation)) return;
  const number = Number(match[3]);
  if (!found.repo.pulls[String(number)]) return error(ctx, 404, 'Not Found', documentation);
  const body = validateCommentBody(ctx, documentation);
  if (body === undefined) return;
  const now = new Date().toISOString();
  const nextId = Math.max(9000, ...found.repo.comments.map((comment) => comment.id)) + 1;
  const comment: FixtureComment = {
    id: nextId,
    issue_number: number,
    body,
    user: COMMENTER.login,
    user_type: COMMENTER.type,
    created_at: now,
    updated_at: now,
  };
  found.repo.comments.push(comment);
  sendJson(ctx, 201, commentJson(ctx, found.name, comment), {
    ...commonHeaders(),
    location: apiUrl(ctx, `/repos/${found.name}/issues/comments/${comment.id}`),
  });
}

function editComment(ctx: RequestContext, found: Found, match: RegExpExecArray): void {
  const documentation = 'https://docs.github.com/rest/issues/comments#update-an-issue-comment';
  if (!canWrite(ctx, found, documentation)) return;
  const comment = found.repo.comments.find((candidate) => candidate.id === Number(match[3]));
  if (!comment) return error(ctx, 404, 'Not Found', documentation);
  const body = validateCommentBody(ctx, documentation);
  if (body === undefined) return;
  comment.body = body;
  comment.updated_at = new Date().toISOString();
  sendJson(ctx, 200, commentJson(ctx, found.name, comment), commonHeaders());
}

export function commentRoutes(): Route[] {
  return [
    repoRoute('GET', '/issues/(\\d+)/comments', (ctx, found, match) => {
      const number = Number(match[3]);
      const comments = found.repo.comments.filter((comment) => comment.issue_number === number);
      sendPage(ctx, comments, (comment) => commentJson(ctx, found.name, comment));
    }),
    repoRoute('POST', '/issues/(\\d+)/comments', createComment),
    repoRoute('PATCH', '/issues/comments/(\\d+)', editComment),
    repoRoute('GET', '/issues/comments/(\\d+)', (ctx, found, match) => {
      const comment = found.repo.comments.find((candidate) => candidate.id === Number(match[3]));
      if (!comment) return error(ctx, 404, 'Not Found', 'https://docs.github.com/rest/issues/comments#get-an-issue-comment');
      sendJson(ctx, 200, commentJson(ctx, found.name, comment), commonHeaders());
    }),
  ];
}
