// GitHub Actions OIDC token service: what ACTIONS_ID_TOKEN_REQUEST_URL points at.
// @actions/core's getIDToken appends `&audience=...` and sends the request token as Bearer.

import type { EmulatorState, Route } from '../http.ts';
import { applyTransportFault, header, sendJson } from '../http.ts';
import { claimString, newJti, nowSeconds, withOverrides } from '../jwt.ts';
import type { Claims } from '../jwt.ts';

// The immutable form puts the owner's and the repository's numeric ids after `@`:
// repo:octo-org@98765432/octo-repo@712345678:ref:refs/heads/main.
function immutableSubject(sub: string, claims: Claims): string {
  const ownerId = claimString(claims.repository_owner_id);
  const repoId = claimString(claims.repository_id);
  return sub.replace(/^repo:([^/:@]+)\/([^/:@]+):/, (_m, owner: string, repo: string) => `repo:${owner}@${ownerId}/${repo}@${repoId}:`);
}

// Claims of an ID token as GitHub issues it; `aud` defaults to the owner's URL like GitHub.
export function githubIdTokenClaims(state: EmulatorState, audience: string | undefined, overrides: Claims = {}): Claims {
  const g = state.config.github;
  const iat = nowSeconds();
  const owner = claimString(g.claims.repository_owner ?? 'octo-org');
  const sub = claimString(g.claims.sub);
  const base: Claims = {
    jti: newJti(),
    ...g.claims,
    sub: g.subjectForm === 'immutable' ? immutableSubject(sub, g.claims) : sub,
    aud: audience ?? `https://github.com/${owner}`,
    iss: g.issuer,
    nbf: iat - 5,
    exp: iat + g.idTokenLifetimeSeconds,
    iat,
  };
  return withOverrides(base, overrides);
}

export function githubOidcRoutes(): Route[] {
  return [
    {
      service: 'github-oidc',
      method: 'GET',
      path: /^\/github\/oidc\/token$/,
      async handle(ctx) {
        const state = ctx.state;
        const fault = state.faults.take('github-oidc');
        const statusBody = (status: number) => ({ body: { message: status === 429 ? 'Too Many Requests' : 'Internal Server Error' } });
        if (await applyTransportFault(ctx, fault, { statusBody })) return;
        const auth = header(ctx, 'authorization') ?? '';
        const m = /^Bearer\s+(.+)$/i.exec(auth);
        if (m?.[1] !== state.config.github.requestToken) {
          return sendJson(ctx, 401, { message: 'Unauthorized: the request token is missing or invalid.' });
        }
        const value = state.githubSigner.sign(githubIdTokenClaims(state, ctx.query.audience || undefined));
        sendJson(ctx, 200, { count: value.length, value });
      },
    },
    {
      service: 'github-oidc',
      method: 'GET',
      path: /^\/github\/oidc\/\.well-known\/jwks$/,
      handle(ctx) {
        sendJson(ctx, 200, { keys: [ctx.state.githubSigner.jwk()] });
      },
    },
    {
      service: 'github-oidc',
      method: 'GET',
      path: /^\/github\/oidc\/\.well-known\/openid-configuration$/,
      handle(ctx) {
        sendJson(ctx, 200, {
          issuer: ctx.state.config.github.issuer,
          jwks_uri: `${ctx.state.httpUrl}/github/oidc/.well-known/jwks`,
          subject_types_supported: ['public', 'pairwise'],
          response_types_supported: ['id_token'],
          claims_supported: [
            'sub',
            'aud',
            'exp',
            'iat',
            'iss',
            'jti',
            'nbf',
            'ref',
            'repository',
            'repository_owner',
            'job_workflow_ref',
            'event_name',
          ],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid'],
        });
      },
    },
  ];
}
