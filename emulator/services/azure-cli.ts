// The route the fake `az` (emulator/bin/az) calls: one POST per spawn, recorded as service 'az'.
// The emulator composes the exact CLI output (stdout JSON or `ERROR: ...` on stderr) so the fake
// binary stays a dumb printer and the CLI's wording lives in one place.

import type { AzSession } from '../config.ts';
import type { Fault } from '../faults.ts';
import { applyTransportFault, sendJson } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';
import { aadErrorBody, accessTokenClaims } from './entra.ts';
import type { AadContext } from './entra.ts';

// What azLogin() writes to $AZURE_CONFIG_DIR/emulator-session.json.
export interface AzSessionFile extends AzSession {
  emulatorUrl: string;
  loggedInAt: number;
}

export const AZ_SESSION_FILE = 'emulator-session.json';
export const AZ_PROFILE_FILE = 'azureProfile.json';

// The CLI's profile after `az login --service-principal` (azure/login's OIDC path): one subscription,
// the default, whose user is the service principal by its client id. azure-cli writes it with
// encoding utf-8-sig (a BOM first) and no indentation.
export function azureProfile(session: AzSession, tenantDisplayName: string): Record<string, unknown> {
  return {
    installationId: '5c1e0d4a-3b2f-4e6a-9d8c-7b6a5f4e3d2c',
    subscriptions: [
      {
        id: session.subscriptionId,
        name: session.subscriptionName,
        state: 'Enabled',
        user: { name: session.clientId, type: 'servicePrincipal' },
        isDefault: true,
        tenantId: session.tenantId,
        environmentName: 'AzureCloud',
        homeTenantId: session.tenantId,
        tenantDisplayName,
        managedByTenants: [],
      },
    ],
  };
}

interface AzInvocation {
  command?: string;
  resource?: string;
  scope?: string;
  tenant?: string;
  subscription?: string;
  session?: Partial<AzSessionFile>;
}

interface AzResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

// `expiresOn` as the CLI prints it: local time, "YYYY-MM-DD HH:MM:SS.ffffff".
function cliLocalTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}

function reply(ctx: RequestContext, result: AzResult, status = 200): void {
  sendJson(ctx, status, result);
}

// azure-cli's aad_error_handler: Entra's description, then its recommendation on the next lines
// (a service principal's login command carries no --scope).
function aadFailure(ctx: RequestContext, code: number, context: AadContext, override?: { error?: string; message?: string }): void {
  const body = aadErrorBody(code, context, undefined, override);
  const stderr = `ERROR: ${body.error_description}\nInteractive authentication is needed. Please run:\naz login\n`;
  reply(ctx, { exitCode: 1, stdout: '', stderr }, 400);
}

function accountJson(session: Partial<AzSessionFile>): string {
  const account = {
    environmentName: 'AzureCloud',
    homeTenantId: session.tenantId,
    id: session.subscriptionId,
    isDefault: true,
    managedByTenants: [],
    name: session.subscriptionName,
    state: 'Enabled',
    tenantId: session.tenantId,
    user: { name: session.clientId, type: 'servicePrincipal' },
  };
  return `${JSON.stringify(account, null, 2)}\n`;
}

/** `az account get-access-token`: the token for the scope or resource asked, or Entra's refusal. */
function getAccessToken(ctx: RequestContext, invocation: AzInvocation, context: AadContext): void {
  const { config } = ctx.state;
  const session = invocation.session ?? {};
  if ((context.tenant ?? '').toLowerCase() !== config.tenantId.toLowerCase()) return aadFailure(ctx, 90002, context);
  const app = context.app;
  if (!app) return aadFailure(ctx, 700016, context);
  // The CLI kept only the raw GitHub ID token from azure/login; once it is past its
  // lifetime every new token request fails like this.
  if (session.expired) return aadFailure(ctx, 700024, context);
  const aud = invocation.scope
    ? invocation.scope.replace(/\/\.default$/, '')
    : (invocation.resource ?? 'https://management.core.windows.net/').replace(/\/$/, '');
  const claims = accessTokenClaims(config, { oid: app.objectId, appid: app.clientId, aud, tid: config.tenantId });
  const expMs = (claims.exp as number) * 1000;
  const out = {
    accessToken: ctx.state.entraSigner.sign(claims),
    expiresOn: cliLocalTime(expMs),
    expires_on: claims.exp,
    subscription: invocation.subscription ?? session.subscriptionId,
    tenant: config.tenantId,
    tokenType: 'Bearer',
  };
  reply(ctx, { exitCode: 0, stdout: `${JSON.stringify(out, null, 2)}\n`, stderr: '' });
}

async function handleAz(ctx: RequestContext, command: string): Promise<void> {
  const { config, faults } = ctx.state;
  const fault: Fault | undefined = faults.take('az');
  const statusBody = (status: number) => ({ body: { error: { code: String(status), message: 'Emulated az route failure' } } });
  if (await applyTransportFault(ctx, fault, { statusBody })) return;
  const invocation = (ctx.body && typeof ctx.body === 'object' ? ctx.body : {}) as AzInvocation;
  const session = invocation.session ?? {};
  const tenant = invocation.tenant ?? session.tenantId ?? '';
  const app = config.apps.find((a) => a.clientId.toLowerCase() === (session.clientId ?? '').toLowerCase());
  // The GitHub ID token azure/login signed in with: issued at login, valid for five minutes.
  const issuedAt = Math.floor(((session.loggedInAt ?? Date.now()) - (session.loggedInSecondsAgo ?? 600) * 1000) / 1000);
  const assertion = { iat: issuedAt, nbf: issuedAt - 5, exp: issuedAt + 300 };
  const c: AadContext = { tenant, tenantDisplayName: config.tenantDisplayName, clientId: session.clientId, app, assertion };
  if (fault?.kind === 'aadsts') return aadFailure(ctx, fault.code, c, { message: fault.message });
  if (command === 'account') return reply(ctx, { exitCode: 0, stderr: '', stdout: accountJson(session) });
  getAccessToken(ctx, invocation, c);
}

export function azureCliRoutes(): Route[] {
  return [{ service: 'az', method: 'POST', path: /^\/az\/(token|account)$/, handle: (ctx, match) => handleAz(ctx, match[1] ?? '') }];
}
