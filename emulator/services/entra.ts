// Microsoft Entra ID (https listener): OIDC discovery, JWKS and the v2.0 token endpoint for
// client_credentials with a federated client assertion (the GitHub OIDC token).
// Error bodies follow the real AADSTS shape: error, error_description ending in
// "Trace ID: ... Correlation ID: ... Timestamp: ...", error_codes, timestamp, trace_id,
// correlation_id, error_uri.

import type { EmulatorConfig } from '../config.ts';
import type { Fault } from '../faults.ts';
import { sendRecorded } from '../http.ts';
import { applyTransportFault, header, sendJson, uuid } from '../http.ts';
import type { EmulatorState, RequestContext, Route } from '../http.ts';
import { claimString, decodeJwt, nowSeconds } from '../jwt.ts';
import type { Claims } from '../jwt.ts';
import { type AadContext, aadErrorBody, aadstsText } from './entra/aadsts.ts';
import { openidConfiguration } from './entra/discovery.ts';

export { aadErrorBody, type AadContext } from './entra/aadsts.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

// Claims of an Entra v1 app-only access token (the kind Cognitive Services receives).
export function accessTokenClaims(
  config: EmulatorConfig,
  principal: { oid: string; appid: string; aud: string; tid?: string; extra?: Claims },
): Claims {
  const tid = principal.tid ?? config.tenantId;
  const iat = nowSeconds();
  return {
    aud: principal.aud,
    iss: `https://sts.windows.net/${tid}/`,
    iat,
    nbf: iat,
    exp: iat + config.accessTokenLifetimeSeconds,
    aio: Buffer.from(uuid()).toString('base64url').slice(0, 40),
    appid: principal.appid,
    appidacr: '2',
    azp: principal.appid,
    idp: `https://sts.windows.net/${tid}/`,
    idtyp: 'app',
    oid: principal.oid,
    rh: `0.${Buffer.from(uuid()).toString('base64url').slice(0, 40)}.`,
    sub: principal.oid,
    tid,
    uti: Buffer.from(uuid()).toString('base64url').slice(0, 22),
    ver: '1.0',
    ...(principal.extra ?? {}),
  };
}

function correlationOf(ctx: RequestContext): string {
  return header(ctx, 'client-request-id') ?? uuid();
}

function entraHeaders(ctx: RequestContext): Record<string, string> {
  return {
    'x-ms-request-id': uuid(),
    'client-request-id': correlationOf(ctx),
    'cache-control': 'no-store, no-cache',
    pragma: 'no-cache',
  };
}

function sendAad(
  ctx: RequestContext,
  code: number,
  context: AadContext,
  status?: number,
  override?: { error?: string; message?: string },
): void {
  // Entra refuses invalid_client with 401 (recorded: microsoft/Agents#202); other errors with 400.
  const error = override?.error ?? aadstsText(code, context).error;
  sendJson(
    ctx,
    status ?? (error === 'invalid_client' ? 401 : 400),
    aadErrorBody(code, context, correlationOf(ctx), override),
    entraHeaders(ctx),
  );
}

function knownTenant(state: EmulatorState, tenant: string): boolean {
  return tenant.toLowerCase() === state.config.tenantId.toLowerCase();
}

// Default bodies for { kind: 'status' } faults on the token endpoint.
function entraStatusBody(status: number): { body: unknown } {
  const code = status === 429 ? 90055 : 90033;
  return { body: aadErrorBody(code, {}) };
}

async function tokenEndpoint(ctx: RequestContext, tenant: string): Promise<void> {
  const state = ctx.state;
  const config = state.config;
  const fault: Fault | undefined = state.faults.take('entra');
  if (fault?.kind === 'recorded') return sendRecorded(ctx, fault);
  if (await applyTransportFault(ctx, fault, { statusBody: entraStatusBody, headers: () => entraHeaders(ctx) })) return;
  const form = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as Record<string, string | undefined>;
  const c: AadContext = { tenant, tenantDisplayName: config.tenantDisplayName, clientId: form.client_id, scope: form.scope };
  const assertion = form.client_assertion ? decodeJwt(form.client_assertion) : null;
  if (assertion) c.assertion = assertion.payload;
  c.app = config.apps.find((a) => a.clientId.toLowerCase() === (form.client_id ?? '').toLowerCase());

  if (fault?.kind === 'aadsts') {
    const o: { error?: string; message?: string } = {};
    if (fault.error !== undefined) o.error = fault.error;
    if (fault.message !== undefined) o.message = fault.message;
    return sendAad(ctx, fault.code, c, fault.status, o);
  }
  if (!knownTenant(state, tenant)) return sendAad(ctx, 90002, c);
  if (!form.grant_type) return sendAad(ctx, 900144, { ...c, grantType: 'grant_type' });
  if (form.grant_type !== 'client_credentials') return sendAad(ctx, 70003, { ...c, grantType: form.grant_type });
  if (!form.client_id) return sendAad(ctx, 900144, { ...c, grantType: 'client_id' });
  const app = c.app;
  if (!app) return sendAad(ctx, 700016, c);
  if (form.client_secret) return sendAad(ctx, 7000215, c);
  if (!form.client_assertion || form.client_assertion_type !== JWT_BEARER) return sendAad(ctx, 7000216, c);
  if (!assertion) return sendAad(ctx, 50027, c);

  // 1. signature: the only issuer whose keys the emulator knows is its GitHub OIDC signer.
  const verified = state.githubSigner.verify(form.client_assertion);
  if (!verified.ok) return sendAad(ctx, 50013, c);
  const claims = verified.payload;
  // 2. lifetime
  const now = nowSeconds();
  if (typeof claims.exp !== 'number' || claims.exp <= now || (typeof claims.nbf === 'number' && claims.nbf > now)) {
    return sendAad(ctx, 700024, c);
  }
  // 3. a credential matching issuer, subject (case-sensitive) and audience; as recorded, 700213 when none does,
  // 7002138 when only the subject's letter case differs.
  const credential = federatedMatch(app.federatedCredentials, claims);
  if (credential !== 'match') return sendAad(ctx, credential === 'case' ? 7002138 : 700213, c);

  // 4. scope: client credentials need RESOURCE/.default.
  const scopes = (form.scope ?? '').split(' ').filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s));
  const scope = scopes[0];
  if (!scope) return sendAad(ctx, 900144, { ...c, grantType: 'scope' });
  if (!scope.endsWith('/.default')) return sendAad(ctx, 1002012, c);
  const aud = scope.slice(0, -'/.default'.length);

  const lifetime = config.accessTokenLifetimeSeconds;
  const token = state.entraSigner.sign(accessTokenClaims(config, { oid: app.objectId, appid: app.clientId, aud, tid: config.tenantId }));
  sendJson(
    ctx,
    200,
    { token_type: 'Bearer', expires_in: lifetime - 1, ext_expires_in: lifetime - 1, access_token: token },
    entraHeaders(ctx),
  );
}

export function entraRoutes(): Route[] {
  return [
    {
      service: 'entra',
      method: 'GET',
      path: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
      handle(ctx, match) {
        const tenant = match[1] ?? '';
        if (!knownTenant(ctx.state, tenant)) {
          // The discovery endpoint says invalid_tenant (the token endpoint says invalid_request).
          return sendAad(ctx, 90002, { tenant }, 400, { error: 'invalid_tenant' });
        }
        sendJson(ctx, 200, openidConfiguration(ctx.state, tenant), entraHeaders(ctx));
      },
    },
    {
      service: 'entra',
      method: 'GET',
      path: /^\/([^/]+)\/discovery\/v2\.0\/keys$/,
      handle(ctx) {
        sendJson(ctx, 200, { keys: [ctx.state.entraSigner.jwk()] }, entraHeaders(ctx));
      },
    },
    {
      service: 'entra',
      method: 'POST',
      path: /^\/([^/]+)\/oauth2\/v2\.0\/token$/,
      handle: (ctx, m) => tokenEndpoint(ctx, m[1] ?? ''),
    },
  ];
}

/** Whether a credential matches the assertion, would match but for its subject's letter case, or none does. */
function federatedMatch(
  credentials: Array<{ issuer: string; subject: string; audiences: string[] }>,
  claims: Record<string, unknown>,
): 'match' | 'case' | 'none' {
  const auds = Array.isArray(claims.aud) ? claims.aud.map(String) : [claimString(claims.aud)];
  const sub = claimString(claims.sub);
  const fits = credentials.filter((f) => f.issuer === claims.iss && f.audiences.some((a) => auds.includes(a)));
  if (fits.some((f) => f.subject === sub)) return 'match';
  return fits.some((f) => f.subject.toLowerCase() === sub.toLowerCase()) ? 'case' : 'none';
}
