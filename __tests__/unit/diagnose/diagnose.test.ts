/**
 * The error catalogue (issue #2, section 5): each entry fed a realistic error,
 * and the message must name the cause and the fix, and never a token.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CallError, type CallFacts } from '../../../src/call/call-outcome.ts';
import type { Config } from '../../../src/config.ts';
import { OPENAI_USER_ROLE, OPENAI_USER_ROLE_ID } from '../../../src/diagnose/refusal-diagnosis.ts';
import { diagnose } from '../../../src/diagnose/diagnose.ts';
import { TROUBLESHOOTING_URL } from '../../../src/diagnose/troubleshooting-link.ts';
import { FIX_MISSING_ID_TOKEN_PERMISSION } from '../../../src/diagnose/identity-diagnosis.ts';
import type { RunFacts } from '../../../src/github-context/run-facts.ts';
import { InputError } from '../../../src/errors.ts';
import type { IdentityChoice } from '../../../src/identity/choose.ts';
import { IdentityError, type IdentityFacts, MissingIdTokenError } from '../../../src/identity/identity-error.ts';
import { type Claims, decodeClaims } from '../../../src/identity/jwt-claims.ts';
import { NO_TOKEN_BY_DESIGN } from '../../../src/identity/no-token-by-design.ts';
import { readConfig } from '../../../src/inputs/read-config.ts';
import type { AttemptFailure } from '../../../src/call/attempt-failure.ts';
import { fakeJwt } from '../identity/fake-jwt.ts';
import { ROOT } from '../../../emulator/runner.ts';
import { anchorsOf } from '../../docs/markdown.ts';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const OID = '0f0e0d0c-0b0a-0908-0706-050403020100';
const SUB = 'repo:octo/app:pull_request';

const ID_TOKEN = fakeJwt(
  {
    iss: 'https://token.actions.githubusercontent.com',
    sub: SUB,
    aud: 'api://AzureADTokenExchange',
    exp: 1_750_000_300,
    repository: 'octo/app',
  },
  'aWQtdG9rZW4tc2lnbmF0dXJl',
);
const ACCESS_TOKEN = fakeJwt(
  { aud: 'https://cognitiveservices.azure.com', oid: OID, appid: CLIENT, tid: TENANT, exp: 1_750_003_600 },
  'YWNjZXNzLXRva2VuLXNpZ25hdHVyZQ',
);
const TOKENS = [ID_TOKEN, ACCESS_TOKEN, 'runner-request-token-xyz'];

async function config(inputs: Record<string, string> = {}): Promise<Config> {
  const all: Record<string, string> = {
    endpoint: 'https://myres.openai.azure.com',
    deployment: 'gpt-5.1',
    prompt: 'hi',
    'client-id': CLIENT,
    'tenant-id': TENANT,
    timeout: '30',
    ...inputs,
  };
  return readConfig({ input: (name) => all[name] ?? '', env: {} });
}

const URL_V1 = 'https://myres.openai.azure.com/openai/v1/chat/completions';

/** The facts a failure's diagnosis may see: those its error carries, and the run's. */
interface Scene {
  run: RunFacts;
  config: Config;
  identity?: IdentityChoice;
  idTokenClaims?: Claims;
  accessTokenClaims?: Claims;
  url: string;
}

function runFacts(event: { name?: string; fromFork?: boolean; actor?: string } = {}): RunFacts {
  return {
    event: { name: event.name ?? 'push', ref: 'refs/heads/main', sha: 'abc123', fromFork: event.fromFork ?? false },
    actor: event.actor,
  };
}

const RUN = runFacts({ actor: 'octocat' });

/** Every fact known, as in a real run. */
async function scene(overrides: Partial<Scene> = {}): Promise<Scene> {
  return {
    run: RUN,
    config: await config(),
    identity: {
      method: 'github-oidc',
      reason: 'client-id and tenant-id are set and the job can mint a GitHub OIDC token, so the action federates directly',
    },
    idTokenClaims: decodeClaims(ID_TOKEN)!,
    accessTokenClaims: decodeClaims(ACCESS_TOKEN)!,
    url: URL_V1,
    ...overrides,
  };
}

/** The raw tokens ride along with the facts: diagnose must never print them. */
const withRawTokens = <T extends object>(facts: T): T =>
  Object.assign(facts, { idToken: ID_TOKEN, accessToken: ACCESS_TOKEN, requestToken: TOKENS[2] });

/** An IdentityError as authenticate throws it, with its identity facts. */
function identityFailure(at: Scene, method: string, cause: unknown): { error: IdentityError; run: RunFacts } {
  const facts: IdentityFacts = withRawTokens({
    config: at.config.identity,
    ...(at.identity ? { choice: at.identity } : {}),
    ...(at.idTokenClaims ? { idTokenClaims: at.idTokenClaims } : {}),
  });
  return { error: new IdentityError(method, cause, facts), run: at.run };
}

/** A CallError as callDeployment throws it, with its call facts. */
function callFailure(
  at: Scene,
  failure: AttemptFailure,
  options: { body?: unknown; attempts?: number; retryAfterMs?: number; message?: string } = {},
): { error: CallError; run: RunFacts } {
  const facts: CallFacts = withRawTokens({
    url: at.url,
    host: at.config.endpoint.host,
    deployment: at.config.deployment,
    timeoutMs: at.config.timeoutMs,
    token: {
      scope: at.config.identity.scope,
      scopeFromInput: at.config.identity.scopeFromInput,
      ...(at.accessTokenClaims ? { claims: at.accessTokenClaims } : {}),
    },
  });
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const error = new CallError(new Error(options.message ?? `${failure.status ?? 'connection'} error`), {
    failure,
    facts,
    attempts: options.attempts ?? 1,
    ...(body !== undefined ? { body } : {}),
    ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
  });
  return { error, run: at.run };
}

/** An @azure/identity-style AuthenticationError from MSAL, carrying Entra's answer. */
function entraError(description: string): Error {
  const error = new Error(
    `ClientAssertionCredential authentication failed. invalid_client: ${description} Trace ID: 0000 Correlation ID: 1111 Timestamp: 2025-06-01 12:00:00Z`,
  );
  error.name = 'AuthenticationError';
  return error;
}

function unavailable(message: string): Error {
  const error = new Error(message);
  error.name = 'CredentialUnavailableError';
  return error;
}

/** What DefaultAzureCredential throws when no link works: AggregateAuthenticationError's shape. */
function aggregate(errors: Error[]): Error & { errors: Error[] } {
  const error = Object.assign(new Error(`ChainedTokenCredential authentication failed.\n${errors.map(String).join('\n')}`), { errors });
  error.name = 'AggregateAuthenticationError';
  return error;
}

const CHAIN_ON_A_GITHUB_RUNNER = [
  unavailable(
    'EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.',
  ),
  unavailable('WorkloadIdentityCredential: is unavailable. tenantId, clientId, and federatedTokenFilePath are required parameters.'),
  unavailable('ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.'),
  unavailable("Please run 'az login' from a command prompt to authenticate before using this credential."),
];

const AADSTS70021 =
  "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:octo/app:pull_request'. Assertion Audience: 'api://AzureADTokenExchange'.";
const AADSTS700213 =
  "AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:octo/app:pull_request'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.";
/** Recorded wordings: Azure/login#515 (7002138, the subject's case changed here), microsoft/Agents#202 (7002137). */
const AADSTS7002138 =
  "AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:octo/app:pull_request'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. See documentation at: https://learn.microsoft.com/entra/workload-id/workload-identity-federation. See breaking change notification and remediation at: https://learn.microsoft.com/en-us/entra/identity-platform/reference-breaking-changes#august-2024.";
const AADSTS7002137 =
  "AADSTS7002137: No matching federated identity record found for presented assertion subject 'repo:octo/app:pull_request'. Please make sure the federated identity credential Subject is 'repo:octo/app:environment:review'. Trace ID: t";
const AADSTS700024 =
  'AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-06-01T12:10:00.0000000Z, assertion valid from 2025-06-01T12:00:00.0000000Z, expiry time of assertion 2025-06-01T12:05:00.0000000Z.';

const permissionDenied = {
  error: {
    code: 'PermissionDenied',
    message: `The principal \`${OID}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`,
  },
};

interface Case {
  name: string;
  error: unknown;
  run: RunFacts;
  /** Every string must appear verbatim, every pattern must match. */
  expected: Array<string | RegExp>;
  /** None may appear. */
  absent?: Array<string | RegExp>;
}

const cases: Case[] = [
  // 1. No identity available.
  {
    name: '1. no identity: what was tried, why, and the three fixes',
    ...identityFailure(
      await scene({
        identity: {
          method: 'default-chain',
          reason:
            'no client-id, no tenant-id; trying DefaultAzureCredential (an azure/login session, a workload identity or a managed identity)',
        },
        config: await config({ 'client-id': '', 'tenant-id': '' }),
      }),
      'default-chain',
      aggregate(CHAIN_ON_A_GITHUB_RUNNER),
    ),
    expected: [
      'No Azure identity is available to this job.',
      'Identity choice: no client-id, no tenant-id',
      'Tried:',
      '  - EnvironmentCredential is unavailable.',
      '  - WorkloadIdentityCredential: is unavailable.',
      '  - ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.',
      "  - Please run 'az login'",
      'set client-id and tenant-id',
      '`permissions: id-token: write`',
      'Run azure/login before this step',
      'managed identity',
    ],
  },
  {
    name: '1. no identity: an aggregate under an explicit path is still listed link by link',
    ...identityFailure(
      await scene({ identity: { method: 'azure-cli', reason: 'auth: azure-cli' } }),
      'azure-cli',
      aggregate(CHAIN_ON_A_GITHUB_RUNNER.slice(0, 2)),
    ),
    expected: [
      'No Azure identity is available',
      '  - EnvironmentCredential is unavailable.',
      '  - WorkloadIdentityCredential',
      'Fix it in one of three ways:',
    ],
  },
  // 2. OIDC wanted, no token.
  {
    name: '2. no OIDC token: the missing permission',
    ...identityFailure(await scene(), 'github-oidc', new MissingIdTokenError()),
    expected: [
      'auth: github-oidc needs a GitHub OIDC token',
      'ACTIONS_ID_TOKEN_REQUEST_URL is not set',
      FIX_MISSING_ID_TOKEN_PERMISSION,
      '`permissions: id-token: write`',
    ],
    absent: [/fork/i],
  },
  {
    name: '2. no OIDC token on a pull request from a fork',
    ...identityFailure(
      await scene({ run: runFacts({ name: 'pull_request', fromFork: true, actor: 'someone' }) }),
      'github-oidc',
      new MissingIdTokenError(),
    ),
    expected: [
      'This run is for a pull request from a fork.',
      NO_TOKEN_BY_DESIGN,
      'GitHub issues no OIDC token to workflows run for pull requests from forks',
    ],
    absent: [FIX_MISSING_ID_TOKEN_PERMISSION],
  },
  {
    name: '2. no OIDC token on a Dependabot run',
    ...identityFailure(
      await scene({ run: runFacts({ name: 'pull_request', actor: 'dependabot[bot]' }) }),
      'github-oidc',
      new MissingIdTokenError(),
    ),
    expected: ['This run was triggered by Dependabot.', 'nor to Dependabot pull requests'],
  },
  // 3. No federated credential matches.
  {
    name: '3. AADSTS70021: the ID token claims and the credential to add',
    ...identityFailure(await scene(), 'github-oidc', entraError(AADSTS70021)),
    expected: [
      `Entra found no federated credential on application ${CLIENT} matching this job's GitHub ID token (AADSTS70021).`,
      "iss 'https://token.actions.githubusercontent.com'",
      `sub '${SUB}'`,
      "aud 'api://AzureADTokenExchange'",
      `az ad app federated-credential create --id ${CLIENT}`,
      "or, when the client id is a user-assigned managed identity's:",
      `az identity federated-credential create --identity-name IDENTITY --resource-group GROUP --name `,
      `"subject":"${SUB}"`,
      '"issuer":"https://token.actions.githubusercontent.com"',
      '"audiences":["api://AzureADTokenExchange"]',
      'repo:OWNER/REPO:environment:NAME',
      'Entra said: AADSTS70021: No matching federated identity record found',
    ],
  },
  {
    name: '3. AADSTS700213: same diagnosis',
    ...identityFailure(await scene(), 'github-oidc', entraError(AADSTS700213)),
    expected: ['(AADSTS700213)', `sub '${SUB}'`, 'az ad app federated-credential create', 'subjects match case-sensitively'],
  },
  {
    name: '3. AADSTS7002138 read whole: letter case, the presented subject, the list and update commands',
    ...identityFailure(await scene(), 'github-oidc', entraError(AADSTS7002138)),
    expected: [
      `Application ${CLIENT} has a federated credential whose subject matches this job's only when letter case is ignored (AADSTS7002138)`,
      `The subject this job presented: '${SUB}'`,
      'letter case',
      `az ad app federated-credential list --id ${CLIENT} --query "[].{id:id, subject:subject}" --output table`,
      `az ad app federated-credential update --id ${CLIENT} --federated-credential-id CREDENTIAL_ID --parameters '{"issuer":"https://token.actions.githubusercontent.com","subject":"${SUB}","audiences":["api://AzureADTokenExchange"]}'`,
      'Entra said: AADSTS7002138: No matching federated identity record found',
      '#a-credentials-subject-differs-in-letter-case-aadsts7002138',
    ],
    absent: ['AADSTS700213)', 'Entra found no federated credential'],
  },
  {
    name: '3. AADSTS7002138 before the claims are known: the subject Entra quotes',
    ...identityFailure(await scene({ idTokenClaims: undefined }), 'github-oidc', entraError(AADSTS7002138)),
    expected: [`The subject this job presented: '${SUB}'`, "set its subject to exactly this job's, letter for letter."],
    absent: ['federated-credential update'],
  },
  {
    name: '3. AADSTS7002137: no match, and the subject Entra expects',
    ...identityFailure(await scene(), 'github-oidc', entraError(AADSTS7002137)),
    expected: [
      '(AADSTS7002137).',
      `sub '${SUB}'`,
      "Entra names the subject it expects: 'repo:octo/app:environment:review'.",
      'az ad app federated-credential create',
    ],
  },
  {
    name: '3. AADSTS70021 before any ID token claims are known: falls back to the configured audience',
    ...identityFailure(await scene({ idTokenClaims: undefined }), 'github-oidc', entraError(AADSTS70021)),
    expected: ["iss '(unknown)'", "sub '(unknown)'", "aud 'api://AzureADTokenExchange'"],
  },
  // 4. Expired assertion.
  {
    name: '4. AADSTS700024 from an old azure/login session: the minutes since login and both fixes',
    ...identityFailure(
      await scene({ identity: { method: 'azure-cli', reason: 'auth: azure-cli' }, config: await config({ auth: 'azure-cli' }) }),
      'azure-cli',
      unavailable(
        `ERROR: ${AADSTS700024}\nRun the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login`,
      ),
    ),
    expected: [
      'AADSTS700024',
      'had expired',
      'GitHub ID tokens last about five minutes, and the CLI cannot renew them',
      'Let this action federate itself with a fresh ID token: give the job `permissions: id-token: write` and change auth: azure-cli to auth: auto',
      'this step asked for one 10 minutes after azure/login signed in (the ID token was valid from 12:00:00 UTC',
      'Run this step right after azure/login',
      'Entra said: AADSTS700024: Client assertion is not within its valid time range.',
    ],
    absent: ['check the runner clock'],
  },
  {
    name: '4. AADSTS700024 through the default chain (AzureCliCredential answered)',
    ...identityFailure(
      await scene({ identity: { method: 'default-chain', reason: 'no client-id' } }),
      'default-chain',
      aggregate([...CHAIN_ON_A_GITHUB_RUNNER.slice(0, 3), unavailable(`AzureCliCredential: ERROR: ${AADSTS700024}`)]),
    ),
    expected: ['AADSTS700024', 'azure/login', 'or set client-id and tenant-id', 'Run this step right after azure/login'],
    absent: ['No Azure identity is available', 'change auth: azure-cli'],
  },
  {
    name: '4. AADSTS700024 with the action federating itself: the clock',
    ...identityFailure(await scene(), 'github-oidc', entraError(AADSTS700024)),
    expected: ['AADSTS700024', 'check the runner clock'],
    absent: ['azure/login'],
  },
  // 5. Unknown application or tenant.
  {
    name: '5. AADSTS700016: application not found in the tenant',
    ...identityFailure(
      await scene(),
      'github-oidc',
      entraError(
        `AADSTS700016: Application with identifier '${CLIENT}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant.`,
      ),
    ),
    expected: [
      `Application ${CLIENT} was not found in tenant ${TENANT} (AADSTS700016).`,
      'Application (client) ID',
      'not its object id',
      'Directory (tenant) ID',
    ],
  },
  {
    name: '5. AADSTS90002: tenant not found, and the sovereign authorities',
    ...identityFailure(
      await scene(),
      'github-oidc',
      entraError(
        `AADSTS90002: Tenant '${TENANT}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      ),
    ),
    expected: [
      `Tenant ${TENANT} was not found at https://login.microsoftonline.com (AADSTS90002).`,
      'Check tenant-id',
      'Directory (tenant) ID',
      'login.microsoftonline.us',
      'login.chinacloudapi.cn',
      'authority-host',
    ],
  },
  {
    name: '5. unknown tenant seen by MSAL as endpoints_resolution_error',
    ...identityFailure(
      await scene(),
      'github-oidc',
      entraError(
        'endpoints_resolution_error: Endpoints cannot be resolved. Error: could not resolve endpoints. Please check network and try again.',
      ),
    ),
    expected: [`Tenant ${TENANT} was not found at https://login.microsoftonline.com`, 'endpoints_resolution_error', 'Check tenant-id'],
  },
  // 6. 401: invalid token or wrong audience.
  {
    name: '6. 401 invalid token: the scope used',
    ...callFailure(
      await scene({
        config: await config({ scope: 'https://management.azure.com/.default', 'allow-custom-endpoint': 'true' }),
        accessTokenClaims: { aud: 'https://management.azure.com', oid: OID },
      }),
      { status: 401, headers: new Headers({ 'apim-request-id': 'req-401' }) },
      {
        body: {
          statusCode: 401,
          message:
            'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
        },
      },
    ),
    expected: [
      'Azure OpenAI rejected the access token (401)',
      'wrong audience',
      'requested for scope https://management.azure.com/.default',
      'its audience is https://management.azure.com',
      'https://cognitiveservices.azure.com/.default',
      'fix or remove the scope input',
      'Azure OpenAI said: Unauthorized. Access token is missing, invalid, audience is incorrect',
      '(request id req-401)',
    ],
  },
  // 7. PermissionDenied.
  {
    name: '7. 401 PermissionDenied: principal, role name and id, az command, delay',
    ...callFailure(await scene(), { status: 401, headers: new Headers({ 'x-request-id': 'req-perm' }) }, { body: permissionDenied }),
    expected: [
      `The identity has no data-plane access to myres.openai.azure.com (401 PermissionDenied): principal object id ${OID}, app id ${CLIENT}.`,
      `"${OPENAI_USER_ROLE}"`,
      'Cognitive Services OpenAI User',
      '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
      `az role assignment create --assignee-object-id ${OID} --assignee-principal-type ServicePrincipal --role ${OPENAI_USER_ROLE_ID}`,
      'az cognitiveservices account show --name myres',
      'resource scope',
      'Owner and Contributor carry no data actions',
      'can take a few minutes to apply',
      '(request id req-perm)',
    ],
  },
  {
    name: '7. 403 PermissionDenied without token claims: the object id from the message',
    ...callFailure(await scene({ accessTokenClaims: undefined }), { status: 403 }, { body: permissionDenied }),
    expected: ['(403 PermissionDenied)', `principal object id ${OID}`, `--assignee-object-id ${OID}`, OPENAI_USER_ROLE_ID],
  },
  {
    name: '7. PermissionDenied names the azp claim when appid is absent (v2 tokens)',
    ...callFailure(
      await scene({ accessTokenClaims: { oid: OID, azp: '22222222-3333-4444-5555-666666666666' } }),
      { status: 401 },
      { body: permissionDenied },
    ),
    expected: ['app id 22222222-3333-4444-5555-666666666666'],
  },
  // 8. DeploymentNotFound.
  {
    name: '8. 404 DeploymentNotFound: deployment, endpoint and the list command',
    ...callFailure(
      await scene({ config: await config({ deployment: 'gpt-4o' }) }),
      { status: 404, headers: new Headers({ 'apim-request-id': 'req-404' }) },
      {
        body: {
          error: {
            code: 'DeploymentNotFound',
            message:
              'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
          },
        },
      },
    ),
    expected: [
      "Deployment 'gpt-4o' does not exist on myres.openai.azure.com (404 DeploymentNotFound).",
      'not the model name',
      'az cognitiveservices account deployment list --name myres --resource-group RESOURCE_GROUP --output table',
      'Azure OpenAI said: The API deployment for this resource does not exist.',
      '(request id req-404)',
    ],
  },
  {
    name: '8. DeploymentNotFound on a cognitiveservices host names that resource',
    ...callFailure(
      await scene({ config: await config({ endpoint: 'https://other-res.cognitiveservices.azure.com' }) }),
      { status: 404 },
      { body: { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist.' } } },
    ),
    expected: ['does not exist on other-res.cognitiveservices.azure.com', 'deployment list --name other-res '],
  },
  // 9. Wrong route.
  {
    name: '9. 404 on a wrong route: the URL used and the accepted forms',
    ...callFailure(
      await scene({ url: 'https://gw.example.com/aoai/openai/deployments/gpt-5.1/chat/completions?api-version=2024-10-21' }),
      { status: 404 },
      { body: { error: { code: '404', message: 'Resource not found' } } },
    ),
    expected: [
      'No Azure OpenAI route at POST https://gw.example.com/aoai/openai/deployments/gpt-5.1/chat/completions?api-version=2024-10-21 (404).',
      'Check endpoint and api-version',
      'https://NAME.openai.azure.com',
      'https://NAME.cognitiveservices.azure.com',
      'https://NAME.services.ai.azure.com',
      "the portal's target URI",
      'The service said: Resource not found',
    ],
  },
  {
    name: '9. 404 with a non-JSON body',
    ...callFailure(
      await scene(),
      { status: 404 },
      { body: '<html><body>404 Not Found</body></html>', message: '404 status code (no body)' },
    ),
    expected: [`No Azure OpenAI route at POST ${URL_V1} (404).`, 'The service said: 404 status code (no body)'],
  },
  // 10. 429 after all retries.
  {
    name: '10. 429 after all retries: the retry-after and a quota hint',
    ...callFailure(
      await scene(),
      { status: 429, headers: new Headers({ 'retry-after': '17', 'retry-after-ms': '16500', 'x-request-id': 'req-429' }) },
      {
        attempts: 4,
        body: {
          error: {
            code: '429',
            message:
              'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 17 seconds.',
          },
        },
      },
    ),
    expected: [
      "Rate limited by deployment 'gpt-5.1' (429) after 4 attempts; the service asked to retry after 17 seconds, in retry-after-ms.",
      'tokens-per-minute',
      'quota',
      "raise the deployment's rate limit (TPM)",
      'lower max-tokens',
      'max-retries',
      'Azure OpenAI said: Requests to the ChatCompletions_Create Operation',
      '(request id req-429)',
    ],
  },
  {
    name: '10. 429 that asked for a longer wait than allowed',
    ...callFailure(
      await scene(),
      { status: 429, headers: new Headers({ 'retry-after': '90' }) },
      { attempts: 1, retryAfterMs: 90_000, body: { error: { code: '429', message: 'Please retry after 90 seconds.' } } },
    ),
    expected: ["Rate limited by deployment 'gpt-5.1' (429) after 1 attempt:", 'retry after 90 s', 'quota'],
  },
  // 11. Content filter.
  {
    name: '11. 400 content_filter: the filtered categories',
    ...callFailure(
      await scene(),
      { status: 400 },
      {
        body: {
          error: {
            message:
              "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
            type: null,
            param: 'prompt',
            code: 'content_filter',
            status: 400,
            innererror: {
              code: 'ResponsibleAIPolicyViolation',
              content_filter_result: {
                hate: { filtered: false, severity: 'safe' },
                jailbreak: { filtered: true, detected: true },
                self_harm: { filtered: false, severity: 'safe' },
                sexual: { filtered: false, severity: 'safe' },
                violence: { filtered: true, severity: 'medium' },
              },
            },
          },
        },
      },
    ),
    expected: [
      "The prompt was blocked by Azure OpenAI's content filter (400 content_filter): jailbreak (detected), violence (severity medium).",
      'Rephrase the prompt',
      'untrusted pull-request text',
      'Azure OpenAI said: The response was filtered',
    ],
    absent: ['hate', 'self_harm', 'sexual'],
  },
  // 12. DNS, connection or TLS.
  {
    name: '12. DNS failure: the host and the private-endpoint hint',
    ...callFailure(
      await scene({ config: await config({ endpoint: 'https://typo-res.openai.azure.com' }) }),
      { code: 'ENOTFOUND' },
      { message: 'Connection error.' },
    ),
    expected: [
      'Could not resolve typo-res.openai.azure.com (ENOTFOUND).',
      "Check the endpoint's resource name",
      'private endpoint',
      'firewall',
    ],
  },
  {
    name: '12. connection refused: the host, the attempts and the firewall hint',
    ...callFailure(await scene(), { code: 'ECONNREFUSED' }, { attempts: 4, message: 'Connection error.' }),
    expected: [
      'Could not connect to myres.openai.azure.com (ECONNREFUSED) after 4 attempts.',
      'firewall',
      'private endpoint',
      'self-hosted runner',
    ],
  },
  {
    name: '12. connection reset',
    ...callFailure(await scene(), { code: 'ECONNRESET' }, { attempts: 2 }),
    expected: ['Could not connect to myres.openai.azure.com (ECONNRESET) after 2 attempts.'],
  },
  {
    name: '12. TLS failure: the host and NODE_EXTRA_CA_CERTS',
    ...callFailure(await scene(), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }, { message: 'Connection error.' }),
    expected: ['TLS failure talking to myres.openai.azure.com (SELF_SIGNED_CERT_IN_CHAIN).', 'NODE_EXTRA_CA_CERTS'],
  },
  {
    name: '12. an expired certificate is a TLS failure too',
    ...callFailure(await scene(), { code: 'CERT_HAS_EXPIRED' }),
    expected: ['TLS failure talking to myres.openai.azure.com (CERT_HAS_EXPIRED).'],
  },
  // 13. Timeout.
  {
    name: '13. timeout: the per-attempt timeout and the attempts made',
    ...callFailure(await scene(), { timedOut: true }, { attempts: 4, message: 'Request timed out.' }),
    expected: [
      "The call to deployment 'gpt-5.1' timed out: no answer within 30 s per attempt, after 4 attempts.",
      'Raise timeout',
      'lower max-tokens',
    ],
  },
  {
    name: '13. a single timed-out attempt (max-retries 0)',
    ...callFailure(await scene({ config: await config({ timeout: '120', 'max-retries': '0' }) }), { timedOut: true }, { attempts: 1 }),
    expected: ['no answer within 120 s per attempt, after 1 attempt.'],
  },
  // Identity failures outside the numbered catalogue.
  {
    name: 'Entra unreachable: the authority host and the network hint',
    ...identityFailure(
      await scene(),
      'github-oidc',
      Object.assign(
        new Error(
          'request to https://login.microsoftonline.com/x/oauth2/v2.0/token failed, reason: getaddrinfo ENOTFOUND login.microsoftonline.com',
        ),
        {
          code: 'ENOTFOUND',
        },
      ),
    ),
    expected: [
      'Could not reach Microsoft Entra ID at https://login.microsoftonline.com (ENOTFOUND) while getting a token with github-oidc.',
      'authority-host',
      'NODE_EXTRA_CA_CERTS',
    ],
  },
  {
    name: 'auth: azure-cli with no session: run azure/login first',
    ...identityFailure(
      await scene({ identity: { method: 'azure-cli', reason: 'auth: azure-cli' } }),
      'azure-cli',
      unavailable("Please run 'az login' from a command prompt to authenticate before using this credential."),
    ),
    expected: [
      'auth: azure-cli found no Azure CLI session on this runner.',
      'Run azure/login before this step',
      'auth: github-oidc',
      "Details: Please run 'az login'",
    ],
  },
  {
    name: 'auth: managed-identity on a runner without one',
    ...identityFailure(
      await scene({ identity: { method: 'managed-identity', reason: 'auth: managed-identity' } }),
      'managed-identity',
      unavailable('ManagedIdentityCredential: Authentication failed. Message Attempted to use the IMDS endpoint, but it is not available.'),
    ),
    expected: [
      'auth: managed-identity could not get a token from the instance metadata service.',
      'self-hosted runner in Azure',
      'set client-id to its client id',
      'GitHub-hosted runners have no managed identity',
      'Details: ManagedIdentityCredential: Authentication failed.',
    ],
  },
  {
    name: 'an unclassified Entra error keeps its text',
    ...identityFailure(await scene(), 'github-oidc', entraError('AADSTS50011: something else entirely.')),
    expected: ['Failed to get a Microsoft Entra token with github-oidc:', 'AADSTS50011'],
  },
  // Outside both.
  {
    name: 'an input error is reported as it is',
    error: new InputError('endpoint', 'is empty.'),
    run: RUN,
    expected: [/^Input 'endpoint': is empty\.\nSee \S+#an-input-is-missing-or-malformed$/],
  },
  {
    name: 'another status after all retries: the status and attempts',
    ...callFailure(
      await scene(),
      { status: 500 },
      { attempts: 4, body: { error: { code: 'InternalServerError', message: 'The server had an error while processing your request.' } } },
    ),
    expected: [
      "Azure OpenAI answered 500 for deployment 'gpt-5.1' after 4 attempts.",
      'Azure OpenAI said: The server had an error while processing your request.',
    ],
  },
  {
    name: 'an unexpected error',
    error: new TypeError('boom'),
    run: RUN,
    expected: [/^Unexpected failure: boom\nSee \S+#unexpected-failure$/],
  },
];

describe('diagnose: the error catalogue', () => {
  for (const { name, error, run, expected, absent = [] } of cases) {
    test(name, () => {
      const message = diagnose(error, run);
      for (const part of expected) {
        if (typeof part === 'string') assert.ok(message.includes(part), `expected ${JSON.stringify(part)} in:\n${message}`);
        else assert.match(message, part);
      }
      for (const part of absent) {
        if (typeof part === 'string') assert.ok(!message.includes(part), `did not expect ${JSON.stringify(part)} in:\n${message}`);
        else assert.doesNotMatch(message, part);
      }
    });
  }
});

describe('diagnose never prints a token or a stack trace', () => {
  for (const { name, error, run } of cases) {
    test(name, () => {
      const message = diagnose(error, run);
      for (const token of TOKENS) {
        assert.ok(!message.includes(token), 'no whole token');
        for (const segment of token.split('.').filter((s) => s.length > 20)) assert.ok(!message.includes(segment), 'no token segment');
      }
      assert.doesNotMatch(message, /\n\s+at .+:\d+:\d+/, 'no stack trace');
      assert.ok(message.trim().length > 0);
    });
  }
});

describe('every diagnosis ends with the link to its heading in docs/troubleshooting.md', () => {
  const headings = anchorsOf(join(ROOT, 'docs', 'troubleshooting.md'));
  for (const { name, error, run } of cases) {
    test(name, () => {
      const lastLine = diagnose(error, run).split('\n').at(-1) ?? '';
      assert.ok(lastLine.startsWith(`See ${TROUBLESHOOTING_URL}#`), `a link to a heading, not just the page: ${lastLine}`);
      const anchor = lastLine.slice(`See ${TROUBLESHOOTING_URL}#`.length);
      assert.ok(headings.has(anchor), `docs/troubleshooting.md has a heading #${anchor}`);
    });
  }
});

/** Weak or wrong messages found while writing these tests, kept as regression tests. */
describe('diagnose: weaknesses found while writing these tests, now fixed', () => {
  test('az not installed is reported as such', async () => {
    const { error, run } = identityFailure(
      await scene({ identity: { method: 'azure-cli', reason: 'auth: azure-cli' } }),
      'azure-cli',
      unavailable(
        "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
      ),
    );
    const message = diagnose(error, run);
    assert.match(message, /not installed/);
  });

  test('a 429 that outlasts the wait names max-retry-wait, a real input', async () => {
    const { error, run } = callFailure(await scene(), { status: 429 }, { retryAfterMs: 90_000 });
    const message = diagnose(error, run);
    assert.match(message, /longer than max-retry-wait allows/);
    assert.match(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8'), /^ {2}max-retry-wait:$/m);
  });

  test('a network code inside the default chain is not blamed on Entra', async () => {
    const chain = [...CHAIN_ON_A_GITHUB_RUNNER];
    chain[2] = unavailable('ManagedIdentityCredential: Authentication failed. Message connect ETIMEDOUT 169.254.169.254:80');
    const { error, run } = identityFailure(
      await scene({ identity: { method: 'default-chain', reason: 'no client-id' } }),
      'default-chain',
      aggregate(chain),
    );
    const message = diagnose(error, run);
    assert.match(message, /No Azure identity is available/);
  });

  test('a 403 from the resource firewall is not called a bad token', async () => {
    const { error, run } = callFailure(
      await scene(),
      { status: 403 },
      { body: { error: { code: '403', message: 'Access denied due to Virtual Network/Firewall rules.' } } },
    );
    const message = diagnose(error, run);
    assert.match(message, /firewall|network/i);
    assert.doesNotMatch(message, /wrong audience/);
  });

  test("an error body whose fields are not strings (a gateway's) is still diagnosed; a 404's words are bounded", async () => {
    const rateLimited = callFailure(await scene(), { status: 429 }, { body: { error: { code: 429, message: { nested: 'x' } } } });
    assert.match(diagnose(rateLimited.error, rateLimited.run), /Rate limited by deployment 'gpt-5.1' \(429\)/);
    const refused = callFailure(await scene(), { status: 401 }, { body: { error: { code: 'PermissionDenied', message: ['no'] } } });
    assert.match(diagnose(refused.error, refused.run), /401/);
    const notFound = callFailure(
      await scene(),
      { status: 404, headers: new Headers({ 'x-request-id': `req-${'r'.repeat(5000)}` }) },
      { body: { error: { code: 'DeploymentNotFound', message: `line one\n::warning::injected\n${'A'.repeat(5000)}\u202Eevil` } } },
    );
    const message = diagnose(notFound.error, notFound.run);
    const said = message.split('\n').find((line) => line.startsWith('Azure OpenAI said: ')) ?? '';
    assert.ok(said.length < 1000, `the service's words are bounded (${said.length} characters)`);
    assert.doesNotMatch(said, /\u202E/);
    assert.doesNotMatch(message, /\n::/, 'no line of the annotation starts ::');
  });

  test('an entry that throws still ends in one annotation naming the failure', () => {
    const hostile = new CallError(new Error('500 error'), {
      failure: { status: 500 },
      facts: null as unknown as CallFacts,
      attempts: 1,
    });
    const message = diagnose(hostile, RUN);
    assert.match(message, /^Unexpected failure: 500 error \(diagnosing it failed too: /);
    assert.match(message, /troubleshooting\.md#unexpected-failure/);
  });
});

describe('diagnose: the GitHub ID token request failed', () => {
  const cases = [
    { name: 'a 503 after the retries is on GitHub', status: '503', expected: /failure is on GitHub's side/, not: /refused the request/ },
    {
      name: 'a 400 is a refused request, not an outage',
      status: '400',
      expected: /refused the request, which is not retried: check .*id-token: write.*oidc-audience/,
      not: /GitHub's side/,
    },
    {
      name: 'a redirect or a 200 without a token is named as such: something rewrites the request',
      status: '302',
      expected: /not an ID token \(a redirect is not followed.*no proxy or gateway/,
      not: /refused the request|GitHub's side/,
    },
    { name: 'a 200 without a token', status: '200', expected: /not an ID token/, not: /refused the request|GitHub's side/ },
  ];
  test('an ACTIONS_ID_TOKEN_REQUEST_URL that is not a URL is named, with who sets it', async () => {
    const error = new Error('Failed to get ID Token. Error Message: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL');
    const failure = identityFailure(await scene(), 'github-oidc', error);
    const message = diagnose(failure.error, failure.run);
    assert.match(
      message,
      /ACTIONS_ID_TOKEN_REQUEST_URL is not a URL\.\nThe runner sets ACTIONS_ID_TOKEN_REQUEST_URL: a step or the job's env must not overwrite it/,
    );
  });
  for (const c of cases) {
    test(c.name, async () => {
      const error = new Error(`Failed to get ID Token. Error Code : ${c.status}\nError Message: bad things`);
      const failure = identityFailure(await scene(), 'github-oidc', error);
      const message = diagnose(failure.error, failure.run);
      assert.match(message, new RegExp(`HTTP ${c.status}: bad things`));
      assert.match(message, c.expected);
      assert.doesNotMatch(message, c.not);
    });
  }
});
