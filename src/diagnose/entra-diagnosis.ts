/**
 * The catalogue's entries for a refusal by Microsoft Entra ID, told by its
 * AADSTS code: no federated credential matches, an expired assertion, an
 * unknown application or tenant. Each quotes what Entra said.
 */
import { claimText } from '../identity/jwt-claims.ts';
import { aadstsCode, aadstsLine, quoteLine } from './error-text.ts';
import { authorityOf, type IdentityCase } from './identity-case.ts';

/** The diagnosis of an Entra refusal, or undefined when the failure is none of these. */
export function diagnoseEntraRefusal(c: IdentityCase): string | undefined {
  const code = aadstsCode(c.text);
  if (code === 70021 || code === 700213 || code === 700212) return noMatchingFederatedCredential(c, code);
  if (code === 700024) return expiredAssertion(c);
  if (code === 700016) return unknownApplication(c);
  // MSAL reads the tenant's metadata first; for an unknown tenant Entra answers it with
  // AADSTS90002, which MSAL reports only as endpoints_resolution_error.
  if (code === 90002 || c.text.includes('endpoints_resolution_error')) return unknownTenant(c, code);
  return undefined;
}

function entraSaid(c: IdentityCase): string {
  return quoteLine(aadstsLine(c.text) ?? c.text);
}

function noMatchingFederatedCredential(c: IdentityCase, code: number): string {
  const claims = c.facts.idTokenClaims;
  const iss = claimText(claims, 'iss') ?? '(unknown)';
  const sub = claimText(claims, 'sub') ?? '(unknown)';
  const aud = claimText(claims, 'aud') ?? c.identity?.oidcAudience ?? '(unknown)';
  const known = claims !== undefined && iss !== '(unknown)' && sub !== '(unknown)';
  // Names are unique per application: one derived from the subject does not collide with an existing "github-actions".
  const name = sub
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
  return [
    `Entra found no federated credential on application ${c.clientId} matching this job's GitHub ID token (AADSTS${code}).`,
    `The ID token presented: iss '${iss}', sub '${sub}', aud '${aud}'.`,
    `Add a federated credential with exactly that issuer, subject and audience (subjects match case-sensitively; a job with an environment has subject repo:OWNER/REPO:environment:NAME, a pull request repo:OWNER/REPO:pull_request)${known ? ':' : '.'}`,
    ...(known
      ? [
          `  az ad app federated-credential create --id ${c.clientId} --parameters '${JSON.stringify({ name, issuer: iss, subject: sub, audiences: [aud] })}'`,
        ]
      : []),
    `Entra said: ${entraSaid(c)}`,
  ].join('\n');
}

function expiredAssertion(c: IdentityCase): string {
  const viaCli = c.method === 'azure-cli' || /AzureCliCredential|az account get-access-token/i.test(c.text);
  const lines = ['The client assertion presented to Entra has expired (AADSTS700024: not within its valid time range).'];
  if (viaCli || c.method !== 'github-oidc') {
    lines.push(
      'The Azure CLI session left by azure/login holds a GitHub ID token that expires about 5 minutes after login, and the CLI cannot renew it; a token requested later fails like this.',
      c.identity?.mode === 'azure-cli'
        ? 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) and change auth: azure-cli to auth: auto, so this action federates itself with a fresh ID token; or run azure/login immediately before this step.'
        : 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) so this action federates itself with a fresh ID token, or run azure/login immediately before this step.',
    );
  } else {
    lines.push(
      'The GitHub ID token was no longer valid when Entra checked it: check the runner clock, and keep the step close to the token request.',
    );
  }
  lines.push(`Entra said: ${entraSaid(c)}`);
  return lines.join('\n');
}

function unknownApplication(c: IdentityCase): string {
  return [
    `Application ${c.clientId} was not found in tenant ${c.tenantId} (AADSTS700016).`,
    'Check client-id: it is the app registration\'s "Application (client) ID", not its object id; and check tenant-id: the "Directory (tenant) ID" where the app is registered.',
    `Entra said: ${entraSaid(c)}`,
  ].join('\n');
}

function unknownTenant(c: IdentityCase, code: number | undefined): string {
  return [
    `Tenant ${c.tenantId} was not found at ${authorityOf(c)} (${code === 90002 ? 'AADSTS90002' : 'its OpenID metadata could not be read: MSAL endpoints_resolution_error'}).`,
    'Check tenant-id (the "Directory (tenant) ID" of the app registration) and the authority host: a sovereign-cloud tenant needs its own authority (https://login.microsoftonline.us, https://login.chinacloudapi.cn), set through authority-host or the endpoint\'s cloud.',
    `Details: ${entraSaid(c)}`,
  ].join('\n');
}
