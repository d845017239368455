/**
 * The catalogue's entries for an identity failure: no OIDC token, the GitHub
 * ID token request, a token request past its time limit, Entra's refusals
 * (entra-diagnosis.ts), no identity at all, and what each identity path fails
 * with. The entries are tried in order; the first that recognises the failure
 * words it. Prints claims only (iss, sub, aud), never a token.
 */
import { findInChain, messageOf } from '../errors.ts';
import { TokenTimeoutError } from '../identity/access-token.ts';
import { type IdentityError, MissingIdTokenError } from '../identity/identity-error.ts';
import { NO_OIDC_TOKEN_WHY, noTokenByDesign, noTokenExplanation } from '../identity/no-token-by-design.ts';
import { diagnoseEntraRefusal } from './entra-diagnosis.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import { aadstsLine, quoteLine } from './error-text.ts';
import { authorityOf, type IdentityCase, identityCase } from './identity-case.ts';
import type { RunFacts } from '../github-context/run-facts.ts';

const FIX_NO_IDENTITY = [
  'Fix it in one of three ways:',
  '  1. Federate directly: set client-id and tenant-id (an app registration with a federated credential for this repository) and give the job `permissions: id-token: write`.',
  '  2. Run azure/login before this step (its Azure CLI session is picked up).',
  '  3. On a self-hosted runner in Azure, assign a managed identity to the VM (set client-id for a user-assigned one).',
].join('\n');

export const FIX_MISSING_ID_TOKEN_PERMISSION =
  'Add `permissions: id-token: write` (and `contents: read`) to the job or the workflow: without it GitHub gives the job no OIDC token.';

const ENTRIES: Array<(failure: IdentityCase) => Diagnosis | undefined> = [
  missingIdToken,
  idTokenRequestFailed,
  tokenTimedOut,
  diagnoseEntraRefusal,
  idsWithoutIdToken,
  noIdentity,
  answerTooLarge,
  entraUnreachable,
  azureCliFailed,
  managedIdentityFailed,
];

export function diagnoseIdentity(error: IdentityError, run: RunFacts): Diagnosis {
  const c = identityCase(error, run);
  for (const entry of ENTRIES) {
    const message = entry(c);
    if (message !== undefined) return message;
  }
  return told('otherEntraFailure', `Failed to get a Microsoft Entra token with ${c.method}: ${quoteLine(c.text)}`);
}

function tokenlessExplanation(failure: IdentityCase): string | undefined {
  const cause = noTokenByDesign({ fromFork: failure.run.event.fromFork, actor: failure.run.actor });
  return cause ? noTokenExplanation(cause) : undefined;
}

function missingIdToken(failure: IdentityCase): Diagnosis | undefined {
  if (!(failure.cause instanceof MissingIdTokenError)) return undefined;
  return told('noOidcToken', [
    `auth: github-oidc needs a GitHub OIDC token, but this job has none (ACTIONS_ID_TOKEN_REQUEST_URL is not set).`,
    tokenlessExplanation(failure) ?? FIX_MISSING_ID_TOKEN_PERMISSION,
  ]);
}

/** The ID token request's error (runner-id-token.ts): "Failed to get ID Token. Error Code : 500\nError Message: ...". */
function idTokenRequestFailed(failure: IdentityCase): Diagnosis | undefined {
  // An answer past its cap is answerTooLarge's: it was not retried.
  if (failure.method !== 'github-oidc' || !failure.text.includes('Failed to get ID Token') || failure.text.includes('answer too large'))
    return undefined;
  const status = /Error Code\s*:\s*(\d{3})/.exec(failure.text)?.[1];
  const detail = /Error Message:\s*([^\n]+)/.exec(failure.text)?.[1]?.trim();
  const what = `Could not get this job's GitHub ID token from the runner's token service (${status ? `HTTP ${status}` : 'no answer'}${detail ? `: ${detail}` : ''}).`;
  if (failure.text.includes('ACTIONS_ID_TOKEN_REQUEST_URL is not a URL')) {
    return told('idTokenRequestFailed', [
      "Could not ask the runner's token service for this job's GitHub ID token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.",
      "The runner sets ACTIONS_ID_TOKEN_REQUEST_URL: a step or the job's env must not overwrite it.",
    ]);
  }
  if (status && /^[23]\d\d$/.test(status)) {
    return told(
      'idTokenRequestFailed',
      `${what}\nThe answer was not an ID token (a redirect is not followed, so the request token stays with the runner's host): check that no proxy or gateway between the runner and GitHub rewrites its requests.`,
    );
  }
  const transient = status === undefined || /^(408|429|500|502|503|504)$/.test(status);
  return told('idTokenRequestFailed', [
    what,
    transient
      ? "The request was tried three times; the failure is on GitHub's side or on the way to it: re-run the job, check the runner's proxy settings, and https://www.githubstatus.com if it persists."
      : `The token service refused the request, which is not retried: check the job's \`permissions: id-token: write\` and the oidc-audience input (${failure.identity?.oidcAudience ?? 'api://AzureADTokenExchange'}).`,
  ]);
}

function tokenTimedOut(failure: IdentityCase): Diagnosis | undefined {
  const timedOut = findInChain(failure.cause, TokenTimeoutError);
  if (!timedOut) return undefined;
  const where: Record<string, string> = {
    'managed-identity':
      'the instance metadata service did not answer: check that the VM (or scale set) has a managed identity and that the runner can reach 169.254.169.254',
    'azure-cli': '`az account get-access-token` did not finish: check the Azure CLI session on the runner (`az account show`)',
    'github-oidc': `Microsoft Entra ID at ${authorityOf(failure)} or GitHub's OIDC endpoint did not answer: check the runner's outbound network and proxy`,
  };
  return told('tokenTimedOut', [
    `Getting a Microsoft Entra token with ${failure.method} took longer than ${timedOut.limitMs / 1000} s, and the action stopped waiting.`,
    `${where[failure.method] ?? 'no credential of the chain answered in time'}. The limit is the timeout input (at least 10 s).`,
  ]);
}

/**
 * auth: auto with client-id and tenant-id but no GitHub OIDC token: the chain tried instead was never going to
 * work, so the missing permission leads, not the chain's failures.
 */
function idsWithoutIdToken(failure: IdentityCase): Diagnosis | undefined {
  const identity = failure.identity;
  if (failure.method !== 'default-chain' || identity?.mode !== 'auto' || !identity.clientId || !identity.tenantId) return undefined;
  // The choice says why it fell to the chain: the job could mint no token (and not, say, a missing id).
  if (!failure.facts.choice?.reason.includes(NO_OIDC_TOKEN_WHY)) return undefined;
  if (tokenlessExplanation(failure) !== undefined) return undefined;
  return told('noIdTokenPermission', [
    'This job has no `permissions: id-token: write`, so GitHub gives it no OIDC token to federate client-id and tenant-id with.',
    'Add this line under `permissions:` in the job (or the workflow), beside `contents: read`:',
    '  id-token: write',
    `Without the token, the action tried DefaultAzureCredential instead, which found no identity either (${chainAttempts(failure.cause).length} credentials tried).`,
  ]);
}

function noIdentity(failure: IdentityCase): Diagnosis | undefined {
  if (failure.method !== 'default-chain' && !isAggregate(failure.cause)) return undefined;
  const choice = failure.facts.choice;
  return told(
    'noIdentity',
    [
      'No Azure identity is available to this job.',
      choice ? `Identity choice: ${choice.reason}.` : '',
      'Tried:',
      ...chainAttempts(failure.cause).map((line) => `  - ${line}`),
      // A fork's or Dependabot's run can get no identity at all: none of the three fixes applies there.
      tokenlessExplanation(failure) ?? FIX_NO_IDENTITY,
    ].filter(Boolean),
  );
}

/** A body past its cap (bounded-body.ts): MSAL keeps only the message. */
function answerTooLarge(failure: IdentityCase): Diagnosis | undefined {
  const tooLarge = /answer too large: more than [\d.]+ MiB \([^()\n]*\)/.exec(failure.text);
  if (!tooLarge) return undefined;
  return told('tokenAnswerTooLarge', [
    `Could not get a token with ${failure.method}: ${tooLarge[0]}.`,
    'An endpoint that answers without end is not Microsoft Entra ID or the managed identity endpoint: check authority-host / AZURE_AUTHORITY_HOST and any proxy in between.',
  ]);
}

/** Only for a single credential: inside the chain a link's network error (an IMDS probe) means "unavailable". */
function entraUnreachable(failure: IdentityCase): Diagnosis | undefined {
  const network =
    /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|CERT_[A-Z_]+|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/.exec(
      failure.text,
    ) ??
    // MSAL's name for a transport failure the Azure SDK gave up on (its retries and timeouts spent).
    (failure.method === 'github-oidc' ? /\b(network_error)\b/.exec(failure.text) : null);
  if (!network) return undefined;
  return told('entraUnreachable', [
    `Could not reach Microsoft Entra ID at ${authorityOf(failure)} (${network[1]}) while getting a token with ${failure.method}.`,
    "Check authority-host / AZURE_AUTHORITY_HOST, the runner's outbound network and proxy; a TLS-inspecting proxy needs its CA in NODE_EXTRA_CA_CERTS.",
    `Details: ${quoteLine(failure.text)}`,
  ]);
}

function azureCliFailed(failure: IdentityCase): Diagnosis | undefined {
  if (failure.method !== 'azure-cli') return undefined;
  if (/Azure CLI could not be found|az: not found|command not found|not recognized/i.test(failure.text)) {
    return told('noAzureCli', [
      'auth: azure-cli needs the Azure CLI, and the az command is not installed on this runner.',
      'Install it (GitHub-hosted runners have it), or choose auth: github-oidc with client-id and tenant-id to federate without the CLI.',
      `Details: ${quoteLine(failure.text)}`,
    ]);
  }
  const refusal = aadstsLine(failure.text);
  if (refusal) {
    return told('cliSessionRefused', [
      'auth: azure-cli: Microsoft Entra ID refused the Azure CLI session on this runner.',
      'Check the identity azure/login signed in with (its secret or certificate may have expired) and run azure/login again before this step, or choose auth: github-oidc to federate without the CLI.',
      `Entra said: ${quoteLine(refusal)}`,
    ]);
  }
  if (/az login/i.test(failure.text)) {
    return told('noCliSession', [
      'auth: azure-cli found no Azure CLI session on this runner.',
      'Run azure/login before this step (with client-id, tenant-id and `permissions: id-token: write`), or choose auth: github-oidc to federate without the CLI.',
      `Details: ${quoteLine(failure.text)}`,
    ]);
  }
  return undefined;
}

function managedIdentityFailed(failure: IdentityCase): Diagnosis | undefined {
  if (failure.method !== 'managed-identity') return undefined;
  return told('noManagedIdentityToken', [
    'auth: managed-identity could not get a token from the instance metadata service.',
    'This works only on a self-hosted runner in Azure whose VM (or scale set) has a managed identity; for a user-assigned identity set client-id to its client id. GitHub-hosted runners have no managed identity: use client-id + tenant-id with OIDC, or azure/login.',
    `Details: ${quoteLine(failure.text)}`,
  ]);
}

function isAggregate(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'AggregateAuthenticationError';
}

/** One line per link of the chain: its name and why it was unavailable. */
function chainAttempts(error: unknown): string[] {
  const errors = (error as { errors?: unknown[] } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return [quoteLine(messageOf(error))];
  return errors.map((e) => quoteLine(messageOf(e)));
}
