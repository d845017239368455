import { sendJson } from '../../http.ts';
import type { Route } from '../../http.ts';
import { authenticate, COMMENTER, commonHeaders, error, prelude } from './common.ts';

/**
 * GraphQL `{ viewer { login } }`: the one query the action sends. The job's token is an app
 * installation token, and GraphQL names it by the app's bot login (REST `GET /user` refuses it).
 */
export function graphqlRoute(): Route {
  return {
    service: 'github-api',
    method: 'POST',
    path: /^(?:\/api)?\/graphql$/,
    async handle(ctx) {
      if (await prelude(ctx)) return;
      const access = authenticate(ctx);
      if (access === undefined) return;
      if (access === 'anonymous')
        return error(
          ctx,
          401,
          'This endpoint requires you to be authenticated.',
          'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
        );
      const sent = typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as { query?: unknown }).query : undefined;
      const query = typeof sent === 'string' ? sent : '';
      if (!/viewer\s*\{\s*login\s*\}/.test(query)) {
        return sendJson(ctx, 200, { errors: [{ message: 'The emulator answers only { viewer { login } }.' }] }, commonHeaders());
      }
      sendJson(ctx, 200, { data: { viewer: { login: COMMENTER.login } } }, commonHeaders());
    },
  };
}
