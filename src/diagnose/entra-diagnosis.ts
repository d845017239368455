/**
 * The catalogue's entries for a refusal by Microsoft Entra ID, told by its
 * AADSTS code: no federated credential matches, an expired assertion, an
 * unknown application or tenant. Each quotes what Entra said.
 */
import { claimText } from '../identity/jwt-claims.ts';
import { aadstsCode, aadstsLine, quoteLine } from './error-text.ts';
import { authorityOf, type IdentityCase } from './identity-case.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import {
  createCommand,
  identityCreateCommand,
  immutableSubjectAdvice,
  issuerAdvice,
  subjectParts,
  tagSubjectAdvice,
  updateCommand,
} from './subject-diagnosis.ts';

/**
 * No federated credential matches the assertion: as a whole, its issuer, its audience, its subject (7002137:
 * and Entra names the subject it expects); an issuer Entra cannot use.
 */
const NO_MATCHING_CREDENTIAL = new Set([70021, 700211, 700212, 700213, 7002137, 501661]);
/** A credential's subject matches only when letter case is ignored: Entra compares subjects case-sensitively. */
const SUBJECT_CASE_DIFFERS = 7002138;

/** The diagnosis of an Entra refusal, or undefined when the failure is none of these. */
export function diagnoseEntraRefusal(failure: IdentityCase): Diagnosis | undefined {
  const code = aadstsCode(failure.text);
  if (code === SUBJECT_CASE_DIFFERS) return subjectCaseDiffers(failure);
  if (code !== undefined && NO_MATCHING_CREDENTIAL.has(code)) return noMatchingFederatedCredential(failure, code);
  if (code === 700024) return expiredAssertion(failure);
  if (code === 700016) return unknownApplication(failure);
  // MSAL reads the tenant's metadata first; for an unknown tenant Entra answers it with
  // AADSTS90002, which MSAL reports only as endpoints_resolution_error.
  if (code === 90002 || failure.text.includes('endpoints_resolution_error')) return unknownTenant(failure, code);
  return undefined;
}

function entraSaid(failure: IdentityCase): string {
  return quoteLine(aadstsLine(failure.text) ?? failure.text);
}

/** The ID token's issuer, subject and audience as the job presented them, and whether they are known. */
function presented(failure: IdentityCase): { iss: string; sub: string; aud: string; known: boolean } {
  const claims = failure.facts.idTokenClaims;
  const iss = claimText(claims, 'iss') ?? '(unknown)';
  // Entra quotes the subject too ("presented assertion subject '…'"): the fallback when the claims are unknown.
  const sub = claimText(claims, 'sub') ?? quoted(failure.text, "presented assertion subject '") ?? '(unknown)';
  const aud = claimText(claims, 'aud') ?? failure.identity?.oidcAudience ?? '(unknown)';
  return { iss, sub, aud, known: claims !== undefined && iss !== '(unknown)' && sub !== '(unknown)' };
}

/** The text Entra quotes after a lead, up to the closing quote (at most 600 characters); scrubbed where quoted. */
function quoted(text: string, lead: string): string | undefined {
  const at = text.indexOf(lead);
  if (at === -1) return undefined;
  const from = at + lead.length;
  const end = text.indexOf("'", from);
  return end === -1 || end - from > 600 ? undefined : quoteLine(text.slice(from, end));
}

function subjectCaseDiffers(failure: IdentityCase): Diagnosis {
  const { iss, sub, aud, known } = presented(failure);
  return told('subjectLetterCase', [
    `Application ${failure.clientId} has a federated credential whose subject matches this job's only when letter case is ignored (AADSTS7002138): Entra compares subjects letter for letter.`,
    `The subject this job presented: '${sub}' (iss '${iss}', aud '${aud}'). The credential's subject spells an owner, repository, environment or branch name in other letter case: GitHub writes each name as it is spelled on GitHub now, so a credential typed by hand or written before a rename that only changed case no longer matches.`,
    `Find the credential (its subject differs from the one above only in case):`,
    `  az ad app federated-credential list --id ${failure.clientId} --query "[].{id:id, subject:subject}" --output table`,
    ...(known
      ? ["and set its subject to exactly this job's (CREDENTIAL_ID from the list):", `  ${updateCommand(failure.clientId, iss, sub, aud)}`]
      : ["and set its subject to exactly this job's, letter for letter."]),
    `Entra said: ${entraSaid(failure)}`,
  ]);
}

function noMatchingFederatedCredential(failure: IdentityCase, code: number): Diagnosis {
  const { iss, sub, aud, known } = presented(failure);
  const parts = subjectParts(sub);
  // AADSTS7002137: "Please make sure the federated identity credential Subject is '…'".
  const expected = code === 7002137 ? quoted(failure.text, "credential Subject is '") : undefined;
  return told('noFederatedCredential', [
    `Entra found no federated credential on application ${failure.clientId} matching this job's GitHub ID token (AADSTS${code}).`,
    `The ID token presented: iss '${iss}', sub '${sub}', aud '${aud}'.`,
    ...(expected !== undefined ? [`Entra names the subject it expects: '${expected}'.`] : []),
    ...issuerAdvice(iss),
    ...immutableSubjectAdvice(parts),
    `Add a federated credential with exactly that issuer, subject and audience (subjects match case-sensitively; a job with an environment has subject repo:OWNER/REPO:environment:NAME, a pull request repo:OWNER/REPO:pull_request)${known ? ':' : '.'}`,
    ...(known ? [`  ${createCommand(failure.clientId, iss, sub, aud)}`] : []),
    ...(known ? ["or, when the client id is a user-assigned managed identity's:", `  ${identityCreateCommand(iss, sub, aud)}`] : []),
    ...(known ? tagSubjectAdvice(parts, failure.clientId, iss, aud) : []),
    `Entra said: ${entraSaid(failure)}`,
  ]);
}

function expiredAssertion(failure: IdentityCase): Diagnosis {
  const viaCli =
    failure.method === 'azure-cli' || failure.method === 'default-chain' || /Azure CLI:|az account get-access-token/i.test(failure.text);
  if (!viaCli) {
    return told('assertionExpired', [
      'The client assertion presented to Entra has expired (AADSTS700024: not within its valid time range).',
      'The GitHub ID token was no longer valid when Entra checked it: check the runner clock, and keep the step close to the token request.',
      `Entra said: ${entraSaid(failure)}`,
    ]);
  }
  const minutes = minutesSinceLogin(failure.text, failure.facts.cliSession?.writtenAtMs);
  const when =
    minutes === undefined
      ? 'after azure/login'
      : `${minutes.value} minute${minutes.value === 1 ? '' : 's'} after azure/login signed in (${minutes.source})`;
  const explicit = failure.identity?.mode === 'azure-cli';
  return told('azureLoginSessionExpired', [
    `The Azure CLI session azure/login left can no longer get tokens: this step asked for one ${when}, and the GitHub ID token the CLI signed in with had expired (AADSTS700024). GitHub ID tokens last about five minutes, and the CLI cannot renew them.`,
    'Fix it in one of two ways:',
    `  1. Let this action federate itself with a fresh ID token: give the job \`permissions: id-token: write\`${explicit ? ' and change auth: azure-cli to auth: auto' : ''}. Nothing more is needed after azure/login (the action takes the client and tenant ids from its session), or set client-id and tenant-id.`,
    '  2. Run this step right after azure/login, within those five minutes.',
    `Entra said: ${entraSaid(failure)}`,
  ]);
}

/** Entra's "Current time" against when azure/login wrote the CLI profile, else against the assertion's "valid from". */
export function minutesSinceLogin(text: string, profileWrittenAtMs: number | undefined): { value: number; source: string } | undefined {
  const now = entraTime(/Current time: (\S{1,40}),/.exec(text)?.[1]);
  if (now === undefined) return undefined;
  if (profileWrittenAtMs !== undefined && profileWrittenAtMs <= now) {
    return {
      value: Math.round((now - profileWrittenAtMs) / 60_000),
      source: `the CLI profile was written at ${utc(profileWrittenAtMs)}, Entra's clock read ${utc(now)}`,
    };
  }
  const issued = entraTime(/assertion valid from (\S{1,40}),/.exec(text)?.[1]);
  if (issued === undefined || issued > now) return undefined;
  return {
    value: Math.round((now - issued) / 60_000),
    source: `the ID token was valid from ${utc(issued)}, Entra's clock read ${utc(now)}`,
  };
}

/** Entra's .NET round-trip time (seven fraction digits), to the second. */
function entraTime(text: string | undefined): number | undefined {
  const seconds = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.\d{1,7})?Z$/.exec(text ?? '')?.[1];
  const ms = seconds === undefined ? Number.NaN : Date.parse(`${seconds}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

function unknownApplication(failure: IdentityCase): Diagnosis {
  return told('applicationNotFound', [
    `Application ${failure.clientId} was not found in tenant ${failure.tenantId} (AADSTS700016).`,
    'Check client-id: it is the app registration\'s "Application (client) ID", not its object id; and check tenant-id: the "Directory (tenant) ID" where the app is registered.',
    `Entra said: ${entraSaid(failure)}`,
  ]);
}

function unknownTenant(failure: IdentityCase, code: number | undefined): Diagnosis {
  return told('tenantNotFound', [
    `Tenant ${failure.tenantId} was not found at ${authorityOf(failure)} (${code === 90002 ? 'AADSTS90002' : 'its OpenID metadata could not be read: MSAL endpoints_resolution_error'}).`,
    'Check tenant-id (the "Directory (tenant) ID" of the app registration) and the authority host: a sovereign-cloud tenant needs its own authority (https://login.microsoftonline.us, https://login.chinacloudapi.cn), set through authority-host or the endpoint\'s cloud.',
    `Details: ${entraSaid(failure)}`,
  ]);
}
