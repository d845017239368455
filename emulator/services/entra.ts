// Microsoft Entra ID (https listener): OIDC discovery, JWKS and the v2.0 token endpoint for
// client_credentials with a federated client assertion (the GitHub OIDC token).
// Error bodies follow the real AADSTS shape: error, error_description ending in
// "Trace ID: ... Correlation ID: ... Timestamp: ...", error_codes, timestamp, trace_id,
// correlation_id, error_uri.

import type { AppRegistration, EmulatorConfig } from '../config.ts';
import type { Fault } from '../faults.ts';
import { applyTransportFault, header, sendJson, uuid } from '../http.ts';
import type { EmulatorState, RequestContext, Route } from '../http.ts';
import { claimString, decodeJwt, nowSeconds } from '../jwt.ts';
import type { Claims } from '../jwt.ts';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const FIC_DOC = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

// "2025-08-18 15:26:14Z", as in error_description and timestamp.
export function aadTimestamp(d = new Date()): string {
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

// .NET round-trip style used in AADSTS700024 ("2023-07-04T06:52:31.6590062Z").
function dotnetTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}0000Z`);
}

export interface AadContext {
  tenant?: string;
  tenantDisplayName?: string;
  clientId?: string;
  app?: AppRegistration;
  assertion?: Claims;
  resource?: string;
  scope?: string;
  grantType?: string;
}

function audString(aud: unknown): string {
  return Array.isArray(aud) ? aud.join(',') : claimString(aud);
}

// Known AADSTS codes: the `error` value and message Entra uses. Unknown codes get a generic text.
export function aadstsText(code: number, c: AadContext): { error: string; message: string } {
  const a = c.assertion ?? {};
  switch (code) {
    case 700024: {
      const now = nowSeconds();
      const nbf = typeof a.nbf === 'number' ? a.nbf : typeof a.iat === 'number' ? a.iat : now - 600;
      const exp = typeof a.exp === 'number' ? a.exp : now - 300;
      return {
        error: 'invalid_client',
        message: `AADSTS700024: Client assertion is not within its valid time range. Current time: ${dotnetTime(now)}, assertion valid from ${dotnetTime(nbf)}, expiry time of assertion ${dotnetTime(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
      };
    }
    case 70021:
      return {
        // Entra answers invalid_request for this one (seen in real responses), not invalid_client.
        error: 'invalid_request',
        message: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${claimString(a.iss)}'. Assertion Subject: '${claimString(a.sub)}'. Assertion Audience: '${audString(a.aud)}'. ${FIC_DOC}`,
      };
    case 700213:
      return {
        error: 'invalid_client',
        message: `AADSTS700213: No matching federated identity record found for presented assertion subject '${claimString(a.sub)}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FIC_DOC}`,
      };
    case 700016:
      return {
        error: 'unauthorized_client',
        message: `AADSTS700016: Application with identifier '${c.clientId ?? ''}' was not found in the directory '${c.tenantDisplayName ?? c.tenant ?? ''}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      };
    case 90002:
      return {
        error: 'invalid_request',
        message: `AADSTS90002: Tenant '${c.tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      };
    case 7000215:
      return {
        error: 'invalid_client',
        message: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${c.clientId ?? ''}'.`,
      };
    case 7000216:
      return {
        error: 'invalid_client',
        message: "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      };
    case 50013:
      return {
        error: 'invalid_client',
        message:
          "AADSTS50013: Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: 'unknown', Found key 'Start=01/01/0001 00:00:00, End=01/01/0001 00:00:00']",
      };
    case 50027:
      return { error: 'invalid_request', message: 'AADSTS50027: JWT token is invalid or malformed.' };
    case 900144:
      return {
        error: 'invalid_request',
        message: `AADSTS900144: The request body must contain the following parameter: '${c.grantType ?? 'grant_type'}'.`,
      };
    case 70003:
      return {
        error: 'unsupported_grant_type',
        message: `AADSTS70003: The app requested an unsupported grant type '${c.grantType ?? ''}'.`,
      };
    case 1002012:
      return {
        error: 'invalid_scope',
        message: `AADSTS1002012: The provided value for scope ${c.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      };
    case 500011:
      return {
        error: 'invalid_resource',
        message: `AADSTS500011: The resource principal named ${c.resource ?? ''} was not found in the tenant named ${c.tenantDisplayName ?? c.tenant ?? ''}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      };
    case 53003:
      return {
        error: 'access_denied',
        message: 'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
      };
    case 7000112:
      return {
        error: 'unauthorized_client',
        message: `AADSTS7000112: Application '${c.clientId ?? ''}'(${c.app?.displayName ?? ''}) is disabled.`,
      };
    case 90033:
      return { error: 'temporarily_unavailable', message: 'AADSTS90033: A transient error has occurred. Please try again.' };
    case 90055:
      return {
        error: 'temporarily_unavailable',
        message: 'AADSTS90055: TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked tenants.',
      };
    default:
      return { error: 'invalid_request', message: `AADSTS${code}: Emulated Entra ID error.` };
  }
}

export interface AadErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

export function aadErrorBody(
  code: number,
  c: AadContext,
  correlationId = uuid(),
  override?: { error?: string; message?: string },
): AadErrorBody {
  const t = aadstsText(code, c);
  const ts = aadTimestamp();
  const traceId = uuid();
  const message = override?.message ?? t.message;
  return {
    error: override?.error ?? t.error,
    error_description: `${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${ts}`,
    error_codes: [code],
    timestamp: ts,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  };
}

// Claims of an Entra v1 app-only access token (the kind Cognitive Services receives).
export function accessTokenClaims(
  config: EmulatorConfig,
  p: { oid: string; appid: string; aud: string; tid?: string; extra?: Claims },
): Claims {
  const tid = p.tid ?? config.tenantId;
  const iat = nowSeconds();
  return {
    aud: p.aud,
    iss: `https://sts.windows.net/${tid}/`,
    iat,
    nbf: iat,
    exp: iat + config.accessTokenLifetimeSeconds,
    aio: Buffer.from(uuid()).toString('base64url').slice(0, 40),
    appid: p.appid,
    appidacr: '2',
    azp: p.appid,
    idp: `https://sts.windows.net/${tid}/`,
    idtyp: 'app',
    oid: p.oid,
    rh: `0.${Buffer.from(uuid()).toString('base64url').slice(0, 40)}.`,
    sub: p.oid,
    tid,
    uti: Buffer.from(uuid()).toString('base64url').slice(0, 22),
    ver: '1.0',
    ...(p.extra ?? {}),
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

function sendAad(ctx: RequestContext, code: number, c: AadContext, status = 400, override?: { error?: string; message?: string }): void {
  sendJson(ctx, status, aadErrorBody(code, c, correlationOf(ctx), override), entraHeaders(ctx));
}

function openidConfiguration(state: EmulatorState, tenant: string): Record<string, unknown> {
  const base = `${state.authorityHost}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${state.authorityHost}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    // MSAL checks that the issuer's scheme, host and port match the authority.
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${state.authorityHost}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
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
    return sendAad(ctx, fault.code, c, fault.status ?? 400, o);
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
  // 3. a federated credential matching issuer, subject (case-sensitive) and audience.
  const auds = Array.isArray(claims.aud) ? claims.aud.map(String) : [claimString(claims.aud)];
  const fic = app.federatedCredentials.find(
    (f) => f.issuer === claims.iss && f.subject === claims.sub && f.audiences.some((a) => auds.includes(a)),
  );
  if (!fic) return sendAad(ctx, 70021, c);

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
      handle(ctx, m) {
        const tenant = m[1] ?? '';
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
