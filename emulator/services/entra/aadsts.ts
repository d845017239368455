// Entra's AADSTS errors as it sends them: the `error` value and message of each known code, and
// the body around them (error_description ending in "Trace ID: ... Correlation ID: ... Timestamp:
// ...", error_codes, timestamp, trace_id, correlation_id, error_uri).

import type { AppRegistration } from '../../config.ts';
import { uuid } from '../../http.ts';
import { claimString, nowSeconds } from '../../jwt.ts';
import type { Claims } from '../../jwt.ts';

const FIC_DOC = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

interface AadText {
  error: string;
  message: string;
}

// "2025-08-18 15:26:14Z", as in error_description and timestamp.
function aadTimestamp(date = new Date()): string {
  return date
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
  /** The subject Entra names as expected (AADSTS7002137). */
  expectedSubject?: string;
}

function audString(aud: unknown): string {
  return Array.isArray(aud) ? aud.join(',') : claimString(aud);
}

// Known AADSTS codes: the `error` value and message Entra uses. Unknown codes get a generic text.
const AADSTS: Record<number, (context: AadContext) => AadText> = {
  700024: ({ assertion: a = {} }) => {
    const now = nowSeconds();
    const nbf = typeof a.nbf === 'number' ? a.nbf : typeof a.iat === 'number' ? a.iat : now - 600;
    const exp = typeof a.exp === 'number' ? a.exp : now - 300;
    return {
      error: 'invalid_client',
      message: `AADSTS700024: Client assertion is not within its valid time range. Current time: ${dotnetTime(now)}, assertion valid from ${dotnetTime(nbf)}, expiry time of assertion ${dotnetTime(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    };
  },
  70021: ({ assertion: a = {} }) => ({
    // Entra answers invalid_request for this one (seen in real responses), not invalid_client.
    error: 'invalid_request',
    message: `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${claimString(a.iss)}'. Assertion Subject: '${claimString(a.sub)}'. Assertion Audience: '${audString(a.aud)}'. ${FIC_DOC}`,
  }),
  700213: ({ assertion: a = {} }) => ({
    error: 'invalid_client',
    message: `AADSTS700213: No matching federated identity record found for presented assertion subject '${claimString(a.sub)}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FIC_DOC}`,
  }),
  // Recorded: Azure/login#515 (7002138), microsoft/Agents#202 (7002137, with the subject Entra expects).
  7002138: ({ assertion: a = {} }) => ({
    error: 'invalid_client',
    message: `AADSTS7002138: No matching federated identity record found for presented assertion subject '${claimString(a.sub)}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: ${FIC_DOC}. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.`,
  }),
  7002137: ({ assertion: a = {}, expectedSubject }) => ({
    error: 'invalid_client',
    message: `AADSTS7002137: No matching federated identity record found for presented assertion subject '${claimString(a.sub)}'. Please make sure the federated identity credential Subject is '${expectedSubject ?? ''}'.`,
  }),
  700016: (c) => ({
    error: 'unauthorized_client',
    message: `AADSTS700016: Application with identifier '${c.clientId ?? ''}' was not found in the directory '${c.tenantDisplayName ?? c.tenant ?? ''}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  90002: (c) => ({
    error: 'invalid_request',
    message: `AADSTS90002: Tenant '${c.tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  7000215: (c) => ({
    error: 'invalid_client',
    message: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${c.clientId ?? ''}'.`,
  }),
  7000216: () => ({
    error: 'invalid_client',
    message: "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
  }),
  50013: () => ({
    error: 'invalid_client',
    message:
      "AADSTS50013: Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: 'unknown', Found key 'Start=01/01/0001 00:00:00, End=01/01/0001 00:00:00']",
  }),
  50027: () => ({ error: 'invalid_request', message: 'AADSTS50027: JWT token is invalid or malformed.' }),
  900144: (c) => ({
    error: 'invalid_request',
    message: `AADSTS900144: The request body must contain the following parameter: '${c.grantType ?? 'grant_type'}'.`,
  }),
  70003: (c) => ({
    error: 'unsupported_grant_type',
    message: `AADSTS70003: The app requested an unsupported grant type '${c.grantType ?? ''}'.`,
  }),
  1002012: (c) => ({
    error: 'invalid_scope',
    message: `AADSTS1002012: The provided value for scope ${c.scope ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  500011: (c) => ({
    error: 'invalid_resource',
    message: `AADSTS500011: The resource principal named ${c.resource ?? ''} was not found in the tenant named ${c.tenantDisplayName ?? c.tenant ?? ''}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  53003: () => ({
    error: 'access_denied',
    message: 'AADSTS53003: Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  }),
  7000112: (c) => ({
    error: 'unauthorized_client',
    message: `AADSTS7000112: Application '${c.clientId ?? ''}'(${c.app?.displayName ?? ''}) is disabled.`,
  }),
  90033: () => ({ error: 'temporarily_unavailable', message: 'AADSTS90033: A transient error has occurred. Please try again.' }),
  90055: () => ({
    error: 'temporarily_unavailable',
    message: 'AADSTS90055: TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked tenants.',
  }),
};

export function aadstsText(code: number, context: AadContext): AadText {
  const text = Object.hasOwn(AADSTS, code) ? AADSTS[code] : undefined;
  return text ? text(context) : { error: 'invalid_request', message: `AADSTS${code}: Emulated Entra ID error.` };
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
  context: AadContext,
  correlationId = uuid(),
  override?: { error?: string; message?: string },
): AadErrorBody {
  const t = aadstsText(code, context);
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
