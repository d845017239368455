/**
 * Reads the action's inputs (and their environment fallbacks), the workflow features' included, into one `Config`.
 * Everything here happens before any network call, so a typo fails in milliseconds with a message naming the input.
 */
import { isMicrosoftLoginHost, isMicrosoftLoginHostname } from '../endpoint/cloud.ts';
import { AUTH_MODES, type AuthMode, type Config, type IdentityConfig } from '../config.ts';
import {
  DATED_API_VERSION,
  DEPLOYMENT_NAME,
  type Endpoint,
  isLoopbackAddress,
  isTrustedEndpointHost,
  parseEndpoint,
} from '../endpoint/endpoint.ts';
import { InputError } from '../errors.ts';
import { overallDeadlineMs } from '../call/retry.ts';
import { readPrompt } from './read-prompt.ts';
import { readScope } from './read-scope.ts';
import { readFallbacks } from './read-fallbacks.ts';
import { readModelParameters, readNumberInput } from './read-model-parameters.ts';
import { createFileReader, fileRoots } from './read-file.ts';
import { authorCheckoutGuard, type CheckoutGuardFacts } from './author-checkout.ts';
import { readBoolean, readWorkflowFeatureInputs, withReviewFormat } from './workflow-feature-inputs.ts';
import { readToolsInputs } from './read-tools.ts';
import { checkTierApiVersions, readCostInputs, readServiceTier } from './cost-inputs.ts';
export { MAX_PROMPT_FILE_BYTES, readTextFile } from './read-file.ts';

export interface InputSource {
  /** The raw input as the runner passes it (`INPUT_<NAME>`), '' when absent. */
  input(name: string): string;
  env: Record<string, string | undefined>;
  /** Reads a UTF-8 text file; overridable in tests (the real one confines paths, see read-file.ts). */
  readTextFile?: (path: string, input: string) => string;
  /** The run's event: on pull_request_target, file inputs in a checkout of the pull request's code are refused. */
  event?: CheckoutGuardFacts;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant may also be named by a verified domain (contoso.onmicrosoft.com). */
const TENANT_DOMAIN = /^(?=.{4,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const DEFAULT_TIMEOUT_SECONDS = 120;
const MAX_TIMEOUT_SECONDS = 3600;
const DEFAULT_MAX_RETRIES = 3;
const MAX_RETRIES_LIMIT = 20;
const DEFAULT_MAX_RETRY_WAIT_SECONDS = 60;
const MAX_RETRY_WAIT_LIMIT_SECONDS = 600;
/** The call's overall bound stays well under GitHub's 6-hour job limit, leaving room for the rest of the job. */
export const MAX_RUN_BOUND_SECONDS = 5 * 3600;
const OPT_IN = 'allow-custom-endpoint';

export async function readConfig(source: InputSource): Promise<Config> {
  const get = (name: string): string => source.input(name).trim();
  // Every file input is read through one reader, confined to the workspace and RUNNER_TEMP.
  const guard = source.event && authorCheckoutGuard(source.event);
  const readText = source.readTextFile ?? createFileReader(fileRoots(source.env), { guard });

  const endpointText = get('endpoint') || source.env.AZURE_OPENAI_ENDPOINT?.trim() || '';
  if (!endpointText) {
    throw new InputError(
      'endpoint',
      'is required: set the endpoint input or the AZURE_OPENAI_ENDPOINT environment variable, for example https://NAME.openai.azure.com.',
    );
  }
  const endpoint = parseEndpoint(endpointText);
  const allowCustom = readBoolean(get, OPT_IN, false);
  if (!allowCustom && !isTrustedEndpointHost(endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host)) {
    throw new InputError(
      get('endpoint') ? 'endpoint' : 'endpoint (from AZURE_OPENAI_ENDPOINT)',
      `host '${endpoint.host}' is not an Azure OpenAI, Azure AI or API Management host (*.openai.azure.com, *.cognitiveservices.azure.com, *.services.ai.azure.com, *.azure-api.net, or their .us / .cn forms) nor loopback, so it would receive the Entra token: set ${OPT_IN}: true if this host is your own gateway.`,
    );
  }
  const deployment = readDeployment(get('deployment') || source.env.AZURE_OPENAI_DEPLOYMENT?.trim() || '', endpoint);
  const apiVersion = readApiVersion(get('api-version'), endpoint);
  const serviceTier = readServiceTier(get('service-tier'));
  const fallbacks = readFallbacks(source.input('fallbacks'), { endpoint, deployment, apiVersion, serviceTier }, allowCustom);
  checkTierApiVersions([{ apiVersion, serviceTier, line: 0 }, ...(fallbacks ?? [])], serviceTier);
  const { prompt, file: promptFile } = await readPrompt(get, readText);
  const identity = readIdentity(get, source.env, endpoint, allowCustom);
  const parameters = await readModelParameters(get, readText, promptFile);
  const deployments = [deployment, ...(fallbacks ?? []).map((target) => target.deployment)];
  const config: Config = {
    endpoint,
    deployment,
    apiVersion,
    prompt,
    identity,
    ...parameters,
    ...readRunBound(get),
    summary: readBoolean(get, 'summary', true),
    stream: readBoolean(get, 'stream', true),
    failOnTruncation: readBoolean(get, 'fail-on-truncation', false),
    ...(fallbacks ? { fallbacks } : {}),
    ...readToolsInputs(get, source.env, get('github-token')),
    ...readCostInputs(get, { deployments, maxTokens: parameters.maxTokens, env: source.env }),
    // Last, so an error in the inputs above is the one reported first.
    ...(await readWorkflowFeatureInputs((name) => source.input(name), source.env, parameters.maxTokens)),
  };
  return config.comment === 'review' ? withReviewFormat(config) : config;
}

/** Per-attempt timeout, retries and waits, refused together when the call's overall bound could pass MAX_RUN_BOUND_SECONDS. */
function readRunBound(get: (name: string) => string): Pick<Config, 'timeoutMs' | 'maxRetries' | 'maxRetryWaitMs' | 'deadlineMs'> {
  const timeoutMs =
    1000 * (readNumberInput(get, 'timeout', { integer: false, min: 1, max: MAX_TIMEOUT_SECONDS }) ?? DEFAULT_TIMEOUT_SECONDS);
  const maxRetries = readNumberInput(get, 'max-retries', { integer: true, min: 0, max: MAX_RETRIES_LIMIT }) ?? DEFAULT_MAX_RETRIES;
  const maxRetryWaitMs =
    1000 *
    (readNumberInput(get, 'max-retry-wait', { integer: false, min: 0, max: MAX_RETRY_WAIT_LIMIT_SECONDS }) ??
      DEFAULT_MAX_RETRY_WAIT_SECONDS);
  const deadlineMs = overallDeadlineMs(timeoutMs, maxRetries, maxRetryWaitMs);
  if (deadlineMs / 1000 > MAX_RUN_BOUND_SECONDS) {
    const named = ['timeout', 'max-retries', 'max-retry-wait'].filter((name) => get(name) !== '');
    throw new InputError(
      named.join(', ') || 'timeout',
      `together they allow the call to run ${Math.ceil(deadlineMs / 1000)} s (timeout × (max-retries + 1) plus the waits between attempts), more than ${MAX_RUN_BOUND_SECONDS} s (5 h), under GitHub's 6-hour job limit: lower timeout, max-retries or max-retry-wait.`,
    );
  }
  return { timeoutMs, maxRetries, maxRetryWaitMs, deadlineMs };
}

function readDeployment(text: string, endpoint: Endpoint): string {
  const name = text || endpoint.deployment;
  if (!name) {
    throw new InputError(
      'deployment',
      'is required: set the deployment input (the deployment name shown in the Azure AI Foundry portal, not the model name) or AZURE_OPENAI_DEPLOYMENT, or paste the full target URI as the endpoint.',
    );
  }
  if (!DEPLOYMENT_NAME.test(name)) {
    throw new InputError(
      'deployment',
      `'${name}' is not a valid deployment name: use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit.`,
    );
  }
  return name;
}

function readApiVersion(text: string, endpoint: Endpoint): string {
  const version = text || endpoint.apiVersion || 'v1';
  if (version !== 'v1' && !DATED_API_VERSION.test(version)) {
    throw new InputError(
      text ? 'api-version' : 'api-version (from the endpoint URI)',
      `'${version}' is not supported: use v1 (the default) or a dated version such as 2024-10-21 or 2025-04-01-preview.`,
    );
  }
  return version;
}

function readIdentity(
  get: (name: string) => string,
  env: Record<string, string | undefined>,
  endpoint: Endpoint,
  allowCustom: boolean,
): IdentityConfig {
  const modeText = get('auth') || 'auto';
  if (!(AUTH_MODES as readonly string[]).includes(modeText)) {
    throw new InputError('auth', `'${modeText}' is not one of ${AUTH_MODES.join(', ')}.`);
  }
  const mode = modeText as AuthMode;

  const clientId = get('client-id') || env.AZURE_CLIENT_ID?.trim() || undefined;
  const tenantId = get('tenant-id') || env.AZURE_TENANT_ID?.trim() || undefined;
  const clientSource = get('client-id') ? 'client-id' : 'AZURE_CLIENT_ID';
  const tenantSource = get('tenant-id') ? 'tenant-id' : 'AZURE_TENANT_ID';
  if (clientId !== undefined && !GUID.test(clientId)) {
    throw new InputError(
      clientSource === 'client-id' ? 'client-id' : 'client-id (from AZURE_CLIENT_ID)',
      `'${clientId}' is not a GUID: use the application (client) id, like 00000000-0000-0000-0000-000000000000.`,
    );
  }
  if (tenantId !== undefined && !GUID.test(tenantId) && !TENANT_DOMAIN.test(tenantId)) {
    throw new InputError(
      tenantSource === 'tenant-id' ? 'tenant-id' : 'tenant-id (from AZURE_TENANT_ID)',
      `'${tenantId}' is not a GUID or a tenant domain: use the directory (tenant) id, like 00000000-0000-0000-0000-000000000000.`,
    );
  }
  if (mode === 'github-oidc' && (!clientId || !tenantId)) {
    throw new InputError(
      clientId ? 'tenant-id' : 'client-id',
      'is required with auth: github-oidc (set client-id and tenant-id, or AZURE_CLIENT_ID and AZURE_TENANT_ID).',
    );
  }

  const scoped = readScope(get('scope'), endpoint.cloud.scope, { allowed: allowCustom, optIn: OPT_IN });

  const authorityText = get('authority-host') || env.AZURE_AUTHORITY_HOST?.trim() || endpoint.cloud.authorityHost;
  const authorityHost = readAuthorityHost(
    authorityText,
    get('authority-host') ? 'authority-host' : 'authority-host (from AZURE_AUTHORITY_HOST)',
    allowCustom,
  );

  const oidcAudience = get('oidc-audience') || 'api://AzureADTokenExchange';
  if (/\s/.test(oidcAudience)) throw new InputError('oidc-audience', 'must not contain white space.');

  const identity: IdentityConfig = {
    mode,
    ...scoped,
    authorityHost,
    instanceDiscovery: isMicrosoftLoginHost(authorityHost),
    oidcAudience,
  };
  if (clientId) identity.clientId = clientId;
  if (tenantId) identity.tenantId = tenantId;
  return identity;
}

/** An origin only: userinfo, a path, a query or a fragment is refused, never cut off (URL would keep only the host after '@'). */
export function readAuthorityHost(text: string, input: string, allowCustom: boolean): string {
  if (text.includes('\\') || text.includes('@')) {
    throw new InputError(input, `'${text}' must be an https origin such as https://login.microsoftonline.com, without '@' or '\\'.`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(input, `'${text}' is not a URL: use an https URL such as https://login.microsoftonline.com.`);
  }
  if (url.protocol !== 'https:') throw new InputError(input, `'${text}' must use https (Entra and MSAL accept only https authorities).`);
  if (
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash ||
    text.endsWith('?') ||
    text.endsWith('#')
  ) {
    throw new InputError(
      input,
      `'${text}' must be an origin only (scheme, host, port), such as https://login.microsoftonline.com: no user, path, query or fragment.`,
    );
  }
  if (!allowCustom && !isMicrosoftLoginHostname(url.hostname) && !isLoopbackAddress(url.hostname)) {
    throw new InputError(
      input,
      `host '${url.hostname}' is not a Microsoft Entra login host (login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn, login.partner.microsoftonline.cn, ...) nor loopback, so it would receive the GitHub ID token: set ${OPT_IN}: true for your own authority (Azure Stack Hub, ADFS).`,
    );
  }
  return url.origin;
}
