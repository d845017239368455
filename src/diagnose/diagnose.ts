/**
 * Turns any failure into one message that names the cause and the fix. This
 * is the error catalogue: each entry is tested end to end, and the README's
 * troubleshooting table mirrors it. Pure: everything it needs is passed in.
 * Never given a token; it prints claims only (iss, sub, aud, oid, appid).
 */
import { filteredCategories } from '../call/answer.ts';
import { CallError } from '../call/call-deployment.ts';
import type { Config } from '../config.ts';
import { ACCEPTED_ENDPOINT_FORMS, AZURE_HOST } from '../endpoint/endpoint.ts';
import { ActionFailure, findInChain, InputError, IdentityError, messageOf, MissingIdTokenError } from '../errors.ts';
import { TokenTimeoutError } from '../identity/access-token.ts';
import { type Claims, claimText } from '../identity/jwt-claims.ts';
import { serverRetryDelayMs } from '../call/retry.ts';
import { ProxyError } from '../proxy.ts';
import { scrub } from '../secrets.ts';

export const OPENAI_USER_ROLE = 'Cognitive Services OpenAI User';
export const OPENAI_USER_ROLE_ID = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';

export const FIX_NO_IDENTITY = [
  'Fix it in one of three ways:',
  '  1. Federate directly: set client-id and tenant-id (an app registration with a federated credential for this repository) and give the job `permissions: id-token: write`.',
  '  2. Run azure/login before this step (its Azure CLI session is picked up).',
  '  3. On a self-hosted runner in Azure, assign a managed identity to the VM (set client-id for a user-assigned one).',
].join('\n');

export const FIX_MISSING_ID_TOKEN_PERMISSION =
  'Add `permissions: id-token: write` (and `contents: read`) to the job or the workflow: without it GitHub gives the job no OIDC token.';

export const FORK_NO_OIDC =
  'GitHub issues no OIDC token to workflows run for pull requests from forks (nor to Dependabot pull requests), so keyless federation cannot work there. Set `on-missing-identity: skip` to end such runs green with a notice, or run this step only for branches of this repository (for example `if: github.event.pull_request.head.repo.full_name == github.repository`).';

export interface RunContext {
  event: { name?: string; forkPullRequest: boolean; actor?: string };
}

export interface DiagnosisContext extends RunContext {
  config?: Config;
  /** The identity path chosen, and why. */
  identity?: { method: string; reason: string };
  /** Claims of the GitHub ID token presented to Entra. */
  idTokenClaims?: Claims;
  /** Claims of the Entra access token sent to Azure OpenAI. */
  accessTokenClaims?: Claims;
  /** The URL of the chat call. */
  url?: string;
}

export function diagnose(error: unknown, context: DiagnosisContext): string {
  // One rule for every service (Entra, the model call, the GitHub API): a failure at the proxy is the proxy's.
  const proxy = findInChain(error, ProxyError);
  if (proxy) return diagnoseProxy(proxy, error);
  if (error instanceof InputError || error instanceof ActionFailure) return error.message;
  if (error instanceof IdentityError) return diagnoseIdentity(error, context);
  if (error instanceof CallError) return withDeadline(diagnoseCall(error, context), error);
  return `Unexpected failure: ${messageOf(error)}`;
}

// ---------------------------------------------------------------- proxy

const PROXY_STATUS_FIX: Record<number, string> = {
  407: 'the proxy wants credentials: give them in the proxy URL (http://USER:PASSWORD@HOST:PORT, from a secret), or ask for the runner to be allowed through',
  403: "the proxy's policy forbids this host: ask for it to be allowed",
  502: 'the proxy could not reach the host itself: check the host name, and that the proxy may reach it',
  503: 'the proxy could not reach the host itself: check the host name, and that the proxy may reach it',
  504: 'the proxy could not reach the host in time: check that the proxy may reach it',
};

export function diagnoseProxy(proxy: ProxyError, error: unknown): string {
  const service =
    error instanceof IdentityError
      ? `Microsoft Entra ID (${proxy.target})`
      : error instanceof CallError
        ? `the model call (${proxy.target})`
        : error instanceof ActionFailure
          ? `the GitHub API (${proxy.target})`
          : proxy.target;
  const noProxy = `a host that must be reached directly goes in NO_PROXY (for example NO_PROXY=${proxy.target.replace(/:\d+$/, '')})`;
  if (proxy.status !== undefined) {
    return [
      `The proxy ${proxy.proxy} (from ${proxy.variable}) refused to connect to ${service}: it answered CONNECT with ${proxy.status}.`,
      `Fix: ${PROXY_STATUS_FIX[proxy.status] ?? 'check the proxy and its log'}; ${noProxy}.`,
    ].join('\n');
  }
  return [
    `Could not reach the proxy ${proxy.proxy} (from ${proxy.variable}) for ${service} (${proxy.code}).`,
    `Fix: check that the proxy in ${proxy.variable} runs and that the runner can reach it; ${noProxy}.`,
  ].join('\n');
}

// ---------------------------------------------------------------- identity

function diagnoseIdentity(error: IdentityError, context: DiagnosisContext): string {
  const cause = error.cause;
  const text = collectMessages(cause);
  const identity = context.config?.identity;
  const clientId = identity?.clientId ?? '(unknown)';
  const tenantId = identity?.tenantId ?? '(unknown)';
  const method = context.identity?.method ?? error.method;

  if (cause instanceof MissingIdTokenError) {
    const lines = [`auth: github-oidc needs a GitHub OIDC token, but this job has none (ACTIONS_ID_TOKEN_REQUEST_URL is not set).`];
    if (context.event.forkPullRequest) lines.push(`This run is for a pull request from a fork. ${FORK_NO_OIDC}`);
    else if (context.event.actor === 'dependabot[bot]') lines.push(`This run was triggered by Dependabot. ${FORK_NO_OIDC}`);
    else lines.push(FIX_MISSING_ID_TOKEN_PERMISSION);
    return lines.join('\n');
  }

  // core.getIDToken's error: "Failed to get ID Token. ... Error Code : 500 ... Error Message: ...".
  if (method === 'github-oidc' && text.includes('Failed to get ID Token')) {
    const status = /Error Code\s*:\s*(\d{3})/.exec(text)?.[1];
    const detail = /Error Message:\s*([^\n]+)/.exec(text)?.[1]?.trim();
    const transient = status === undefined || /^(408|429|5\d\d)$/.test(status);
    return [
      `Could not get this job's GitHub ID token from the runner's token service (${status ? `HTTP ${status}` : 'the connection failed'}${detail ? `: ${detail}` : ''}).`,
      transient
        ? "The request was retried (502-504 ten times, other transient failures three times); the failure is on GitHub's side: re-run the job, and check https://www.githubstatus.com if it persists."
        : `The token service refused the request, which is not retried: check the job's \`permissions: id-token: write\` and the oidc-audience input (${identity?.oidcAudience ?? 'api://AzureADTokenExchange'}).`,
    ].join('\n');
  }

  const timedOut = findInChain(cause, TokenTimeoutError);
  if (timedOut) {
    const where: Record<string, string> = {
      'managed-identity':
        'the instance metadata service did not answer: check that the VM (or scale set) has a managed identity and that the runner can reach 169.254.169.254',
      'azure-cli': '`az account get-access-token` did not finish: check the Azure CLI session on the runner (`az account show`)',
      'github-oidc': `Microsoft Entra ID at ${identity?.authorityHost ?? 'the authority host'} or GitHub's OIDC endpoint did not answer: check the runner's outbound network and proxy`,
    };
    return [
      `Getting a Microsoft Entra token with ${method} took longer than ${timedOut.limitMs / 1000} s, and the action stopped waiting.`,
      `${where[method] ?? 'no credential of the chain answered in time'}. The limit is the timeout input (at least 10 s).`,
    ].join('\n');
  }

  const code = aadstsCode(text);
  if (code === 70021 || code === 700213 || code === 700212) {
    const claims = context.idTokenClaims;
    const iss = claimText(claims, 'iss') ?? '(unknown)';
    const sub = claimText(claims, 'sub') ?? '(unknown)';
    const aud = claimText(claims, 'aud') ?? identity?.oidcAudience ?? '(unknown)';
    const known = claims !== undefined && iss !== '(unknown)' && sub !== '(unknown)';
    // Names are unique per application: one derived from the subject does not collide with an existing "github-actions".
    const name = sub
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120);
    return [
      `Entra found no federated credential on application ${clientId} matching this job's GitHub ID token (AADSTS${code}).`,
      `The ID token presented: iss '${iss}', sub '${sub}', aud '${aud}'.`,
      `Add a federated credential with exactly that issuer, subject and audience (subjects match case-sensitively; a job with an environment has subject repo:OWNER/REPO:environment:NAME, a pull request repo:OWNER/REPO:pull_request)${known ? ':' : '.'}`,
      ...(known
        ? [
            `  az ad app federated-credential create --id ${clientId} --parameters '${JSON.stringify({ name, issuer: iss, subject: sub, audiences: [aud] })}'`,
          ]
        : []),
      `Entra said: ${firstLine(aadstsLine(text) ?? text)}`,
    ].join('\n');
  }
  if (code === 700024) {
    const viaCli = method === 'azure-cli' || /AzureCliCredential|az account get-access-token/i.test(text);
    const lines = ['The client assertion presented to Entra has expired (AADSTS700024: not within its valid time range).'];
    if (viaCli || method !== 'github-oidc') {
      lines.push(
        'The Azure CLI session left by azure/login holds a GitHub ID token that expires about 5 minutes after login, and the CLI cannot renew it; a token requested later fails like this.',
        identity?.mode === 'azure-cli'
          ? 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) and change auth: azure-cli to auth: auto, so this action federates itself with a fresh ID token; or run azure/login immediately before this step.'
          : 'Fix: set client-id and tenant-id (with `permissions: id-token: write`) so this action federates itself with a fresh ID token, or run azure/login immediately before this step.',
      );
    } else {
      lines.push(
        'The GitHub ID token was no longer valid when Entra checked it: check the runner clock, and keep the step close to the token request.',
      );
    }
    lines.push(`Entra said: ${firstLine(aadstsLine(text) ?? text)}`);
    return lines.join('\n');
  }
  if (code === 700016) {
    return [
      `Application ${clientId} was not found in tenant ${tenantId} (AADSTS700016).`,
      'Check client-id: it is the app registration\'s "Application (client) ID", not its object id; and check tenant-id: the "Directory (tenant) ID" where the app is registered.',
      `Entra said: ${firstLine(aadstsLine(text) ?? text)}`,
    ].join('\n');
  }
  // MSAL reads the tenant's metadata first; for an unknown tenant Entra answers it with
  // AADSTS90002, which MSAL reports only as endpoints_resolution_error.
  if (code === 90002 || text.includes('endpoints_resolution_error')) {
    return [
      `Tenant ${tenantId} was not found at ${identity?.authorityHost ?? 'the authority host'} (${code === 90002 ? 'AADSTS90002' : 'its OpenID metadata could not be read: MSAL endpoints_resolution_error'}).`,
      'Check tenant-id (the "Directory (tenant) ID" of the app registration) and the authority host: a sovereign-cloud tenant needs its own authority (https://login.microsoftonline.us, https://login.chinacloudapi.cn), set through authority-host or the endpoint\'s cloud.',
      `Details: ${firstLine(aadstsLine(text) ?? text)}`,
    ].join('\n');
  }

  if (method === 'default-chain' || isAggregate(cause)) {
    const tried = chainAttempts(cause);
    // A fork's or Dependabot's run can get no identity at all: none of the three fixes applies there.
    const noTokenByDesign = context.event.forkPullRequest
      ? `This run is for a pull request from a fork. ${FORK_NO_OIDC}`
      : context.event.actor === 'dependabot[bot]'
        ? `This run was triggered by Dependabot. ${FORK_NO_OIDC}`
        : undefined;
    return [
      'No Azure identity is available to this job.',
      context.identity ? `Identity choice: ${context.identity.reason}.` : '',
      'Tried:',
      ...tried.map((line) => `  - ${line}`),
      noTokenByDesign ?? FIX_NO_IDENTITY,
    ]
      .filter(Boolean)
      .join('\n');
  }
  // A body past its cap (bounded-body.ts): MSAL keeps only the message.
  const tooLarge = /answer too large: more than [\d.]+ MiB \([^()\n]*\)/.exec(text);
  if (tooLarge) {
    return [
      `Could not get a token with ${method}: ${tooLarge[0]}.`,
      'An endpoint that answers without end is not Microsoft Entra ID or the managed identity endpoint: check authority-host / AZURE_AUTHORITY_HOST and any proxy in between.',
    ].join('\n');
  }
  // Only for a single credential: inside the chain a link's network error (an IMDS probe) means "unavailable".
  const network =
    /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|CERT_[A-Z_]+|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/.exec(
      text,
    ) ??
    // MSAL's name for a transport failure the Azure SDK gave up on (its retries and timeouts spent).
    (method === 'github-oidc' ? /\b(network_error)\b/.exec(text) : null);
  if (network) {
    return [
      `Could not reach Microsoft Entra ID at ${identity?.authorityHost ?? 'the authority host'} (${network[1]}) while getting a token with ${method}.`,
      "Check authority-host / AZURE_AUTHORITY_HOST, the runner's outbound network and proxy; a TLS-inspecting proxy needs its CA in NODE_EXTRA_CA_CERTS.",
      `Details: ${firstLine(text)}`,
    ].join('\n');
  }

  if (method === 'azure-cli') {
    if (/Azure CLI could not be found|az: not found|command not found|not recognized/i.test(text)) {
      return [
        'auth: azure-cli needs the Azure CLI, and the az command is not installed on this runner.',
        'Install it (GitHub-hosted runners have it), or choose auth: github-oidc with client-id and tenant-id to federate without the CLI.',
        `Details: ${firstLine(text)}`,
      ].join('\n');
    }
    if (/az login/i.test(text)) {
      return [
        'auth: azure-cli found no Azure CLI session on this runner.',
        'Run azure/login before this step (with client-id, tenant-id and `permissions: id-token: write`), or choose auth: github-oidc to federate without the CLI.',
        `Details: ${firstLine(text)}`,
      ].join('\n');
    }
  }
  if (method === 'managed-identity') {
    return [
      'auth: managed-identity could not get a token from the instance metadata service.',
      'This works only on a self-hosted runner in Azure whose VM (or scale set) has a managed identity; for a user-assigned identity set client-id to its client id. GitHub-hosted runners have no managed identity: use client-id + tenant-id with OIDC, or azure/login.',
      `Details: ${firstLine(text)}`,
    ].join('\n');
  }
  return `Failed to get a Microsoft Entra token with ${method}: ${firstLine(text)}`;
}

/** A user signed in to the Azure CLI has a user token (`idtyp: user`, no `appid`); workflows' identities are service principals. */
function principalType(claims: Claims | undefined): 'User' | 'ServicePrincipal' {
  const user = claimText(claims, 'idtyp') === 'user' || (claims !== undefined && !claimText(claims, 'appid') && !claimText(claims, 'azp'));
  return user ? 'User' : 'ServicePrincipal';
}

function isAggregate(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AggregateAuthenticationError';
}

/** One line per link of the chain: its name and why it was unavailable. */
function chainAttempts(error: unknown): string[] {
  const errors = (error as { errors?: unknown[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return [firstLine(messageOf(error))];
  return errors.map((e) => firstLine(messageOf(e)));
}

function collectMessages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    parts.push(messageOf(current));
    const nested = (current as { errors?: unknown[] }).errors;
    if (Array.isArray(nested)) parts.push(...nested.map(messageOf));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join('\n');
}

export function aadstsCode(text: string): number | undefined {
  const match = /AADSTS(\d{5,6})/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

function aadstsLine(text: string): string | undefined {
  return /AADSTS\d+:[^\n]*/.exec(text)?.[0];
}

function firstLine(text: string): string {
  // Scrubbed before the cut: a cut token no longer matches its mask or the JWT shape.
  const line = scrub(text.split('\n').find((l) => l.trim() !== '') ?? text);
  return line.length > 600 ? `${line.slice(0, 600)}…` : line.trim();
}

// ---------------------------------------------------------------- the call

interface AzureErrorBody {
  code?: string;
  message?: string;
  innererror?: { code?: string; content_filter_result?: unknown };
}

function parseBody(body: string | undefined): { error?: AzureErrorBody; statusCode?: number; message?: string } {
  if (!body) return {};
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

function diagnoseCall(error: CallError, context: DiagnosisContext): string {
  const config = context.config;
  const deployment = config?.deployment ?? '(unknown)';
  const host = config?.endpoint.host ?? '(unknown)';
  // Azure hosts start with the resource name; behind a gateway or an emulator it is unknown.
  const resource = AZURE_HOST.test(host) ? (host.split('.')[0] ?? host) : 'RESOURCE_NAME';
  const url = context.url ?? '(unknown URL)';
  const parsed = parseBody(error.body);
  const azure = parsed.error;
  const serviceMessage = azure?.message ?? parsed.message ?? error.message;
  const requestId = error.headers?.get('apim-request-id') ?? error.headers?.get('x-request-id');
  const ref = requestId ? ` (request id ${requestId})` : '';
  const attempts = `${error.attempts} attempt${error.attempts === 1 ? '' : 's'}`;
  const status = error.status;

  if (status === 401 || status === 403) {
    if (azure?.code === 'PermissionDenied') {
      const oid = claimText(context.accessTokenClaims, 'oid') ?? /principal `?([0-9a-f-]{36})/i.exec(serviceMessage)?.[1] ?? 'OBJECT_ID';
      const appId = claimText(context.accessTokenClaims, 'appid') ?? claimText(context.accessTokenClaims, 'azp') ?? '(unknown)';
      return [
        `The identity has no data-plane access to ${host} (${status} PermissionDenied): principal object id ${oid}, app id ${appId}.`,
        `Assign it the role "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID}) at the resource scope:`,
        `  az role assignment create --assignee-object-id ${oid} --assignee-principal-type ${principalType(context.accessTokenClaims)} --role ${OPENAI_USER_ROLE_ID} --scope "$(az cognitiveservices account show --name ${resource} --resource-group RESOURCE_GROUP --query id --output tsv)"`,
        'Owner and Contributor carry no data actions and do not help. A new assignment can take a few minutes to apply.',
        `Azure OpenAI said: ${serviceMessage}${ref}`,
      ].join('\n');
    }
    if (/firewall|virtual network|private endpoint|public access is disabled/i.test(serviceMessage)) {
      return [
        `The network rules of ${host} refused this runner (${status}).`,
        "The resource's firewall or a private endpoint allows only some networks: add the runner's network under Networking → Firewalls and virtual networks, or run on a self-hosted runner inside the resource's virtual network.",
        `Azure OpenAI said: ${serviceMessage}${ref}`,
      ].join('\n');
    }
    const scope = config?.identity.scope ?? '(unknown)';
    const aud = claimText(context.accessTokenClaims, 'aud');
    return [
      `Azure OpenAI rejected the access token (${status}): it is invalid, expired, or for the wrong audience.`,
      `The token was requested for scope ${scope}${aud ? ` (its audience is ${aud})` : ''}. Azure OpenAI accepts https://cognitiveservices.azure.com/.default (.azure.us / .azure.cn in the sovereign clouds): fix or remove the scope input.`,
      `Azure OpenAI said: ${serviceMessage}${ref}`,
    ].join('\n');
  }

  if (status === 404) {
    if (azure?.code === 'DeploymentNotFound') {
      return [
        `Deployment '${deployment}' does not exist on ${host} (404 DeploymentNotFound).`,
        'Use the deployment name (chosen when the model was deployed), not the model name; a new deployment can take up to 5 minutes to appear. List them with:',
        `  az cognitiveservices account deployment list --name ${resource} --resource-group RESOURCE_GROUP --output table`,
        `Azure OpenAI said: ${serviceMessage}${ref}`,
      ].join('\n');
    }
    return [
      `No Azure OpenAI route at POST ${url} (404).`,
      `Check endpoint and api-version (v1, or a dated version such as 2024-10-21). Accepted endpoint forms: ${ACCEPTED_ENDPOINT_FORMS.join('; ')}.`,
      `The service said: ${firstLine(serviceMessage)}${ref}`,
    ].join('\n');
  }

  if (status === 429) {
    const waitMs = error.retryAfterMs ?? serverRetryDelayMs(error.headers, Date.now());
    const wait = waitMs !== undefined ? `${Math.ceil(waitMs / 1000)} s` : 'an unspecified time';
    return [
      error.retryAfterMs !== undefined
        ? `Rate limited by deployment '${deployment}' (429) after ${attempts}: the service asked to retry after ${wait}, longer than max-retry-wait allows.`
        : `Rate limited by deployment '${deployment}' (429) after ${attempts}; the service asked to retry after ${wait}.`,
      "The deployment's tokens-per-minute or requests-per-minute quota is used up: raise the deployment's rate limit (TPM) in the Azure AI Foundry portal, lower max-tokens, run fewer jobs at once, or raise max-retries / max-retry-wait.",
      `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
    ].join('\n');
  }

  if (status === 400 && azure?.code === 'content_filter') {
    const categories = filteredCategories(azure.innererror?.content_filter_result).join(', ');
    return [
      `The prompt was blocked by Azure OpenAI's content filter (400 content_filter)${categories ? `: ${categories}` : ''}.`,
      'Rephrase the prompt or remove the offending input (untrusted pull-request text can trigger the jailbreak filter); filter levels are set per deployment in the Azure AI Foundry portal.',
      `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
    ].join('\n');
  }

  if (error.failure.malformed) {
    const fromElsewhere = !error.failure.malformed.retryable;
    return [
      `The answer from deployment '${deployment}' was unusable after ${attempts}: ${error.failure.malformed.message}.`,
      fromElsewhere
        ? `Something between the runner and ${host} answered instead of Azure OpenAI (a proxy, firewall or captive portal page): check the endpoint, and the runner's HTTPS_PROXY and NO_PROXY settings.`
        : 'This is a service fault: re-run the job; if it persists, quote the request id in a support case.',
      ...(requestId ? [`Request id: ${requestId}`] : []),
    ].join('\n');
  }

  if (error.failure.timedOut) {
    const seconds = (config?.timeoutMs ?? 0) / 1000;
    const what = error.failure.stalled
      ? `the answer stopped arriving (no data for ${seconds} s)`
      : `no answer within ${seconds} s per attempt`;
    return [
      `The call to deployment '${deployment}' timed out: ${what}, after ${attempts}.`,
      'Raise timeout (seconds per attempt) or lower max-tokens; the deployment may be overloaded.',
    ].join('\n');
  }

  if (status === undefined) {
    const code = error.failure.code;
    const tls = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/.test(code);
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      return [
        `Could not resolve ${host} (${code}).`,
        "Check the endpoint's resource name. A resource behind a private endpoint resolves only inside its virtual network: run on a self-hosted runner in that network (with its private DNS zone), or allow the runner through the resource's firewall.",
      ].join('\n');
    }
    if (tls) {
      return [
        `TLS failure talking to ${host} (${code}).`,
        "A proxy that inspects TLS needs its CA certificate: point NODE_EXTRA_CA_CERTS at it in the step's env.",
      ].join('\n');
    }
    return [
      `Could not connect to ${host} (${code ?? firstLine(error.message)}) after ${attempts}.`,
      "Check the runner's outbound network: the resource's firewall (Networking → allowed networks) or a private endpoint may be refusing this runner; a self-hosted runner in the resource's virtual network avoids both.",
    ].join('\n');
  }

  return [
    `Azure OpenAI answered ${status} for deployment '${deployment}' after ${attempts}.`,
    `Azure OpenAI said: ${firstLine(serviceMessage)}${ref}`,
  ].join('\n');
}

/** Says so when the call stopped at its overall deadline rather than running out of retries. */
function withDeadline(message: string, error: CallError): string {
  if (error.deadlineMs === undefined) return message;
  return `${message}\nThe call stopped at its overall deadline of ${Math.round(error.deadlineMs / 1000)} s (timeout × (max-retries + 1), plus the longest waits between attempts).`;
}
