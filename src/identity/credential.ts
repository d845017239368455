/**
 * Builds the one credential for the chosen identity path. `@azure/identity`
 * is imported here, lazily, so a run that fails on its inputs never loads it.
 *
 * An explicit path uses exactly that credential: a failure is reported as it
 * is, never replaced by another identity.
 */
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { IdentityConfig } from '../config.ts';
import type { ProxyError } from '../proxy.ts';
import type { ProxyWatch } from './entra-http-client.ts';
import type * as SessionCredentials from './session-credentials.ts';
import type { IdentityMethod } from './choose.ts';
import { entraTryPolicy } from './entra-policy.ts';
import { GithubIdTokenAssertion, type IdTokenFetcher } from './github-id-token.ts';
import { AzureCliSessionCredential } from './cli-credential.ts';
import { SessionFederation } from './session-fallback.ts';

export interface BuiltCredential {
  credential: TokenCredential;
  /** Present for github-oidc: the ID token cache, for its claims and request count. */
  assertion?: GithubIdTokenAssertion;
  /**
   * The path that actually produced the token. For the default chain this is
   * known only after a token was obtained (which link of the chain answered).
   */
  resolvedMethod(): string;
  /** Set when federating as an azure/login session's principal gave way to its CLI session: why. */
  fellBack?: () => string | undefined;
  /** The failure at the proxy that Entra's last request met, if it met one: MSAL keeps no transport error. */
  proxyFailure: () => ProxyError | undefined;
}

export interface CredentialDeps {
  env: Record<string, string | undefined>;
  fetchIdToken: IdTokenFetcher;
  /** Receives @azure/identity's log lines (debug output, and how the chain resolved). */
  debug: (message: string) => void;
  /** Milliseconds a spawned CLI (az) may take, and each request to Entra. */
  processTimeoutMs: number;
  /** The log: Entra requests that time out or fail transiently (the Azure SDK retries them). */
  log?: (message: string) => void;
  /** github-oidc with the ids of an azure/login session: fall back to that CLI session when no federated credential matches. */
  sessionFallback?: boolean;
}

export async function buildCredential(method: IdentityMethod, identity: IdentityConfig, deps: CredentialDeps): Promise<BuiltCredential> {
  const watch: ProxyWatch = {};
  const proxyFailure = () => watch.failure;
  // Loaded with the credential: it imports the Azure SDK's pipeline.
  const cappedHttpClient = async (): Promise<HttpClient> => (await import('./entra-http-client.ts')).cappedEntraHttpClient(deps.env, watch);
  const fixed = (credential: TokenCredential, assertion?: GithubIdTokenAssertion): BuiltCredential => {
    const built: BuiltCredential = { credential, resolvedMethod: () => method, proxyFailure };
    if (assertion) built.assertion = assertion;
    return built;
  };

  if (method === 'github-oidc') return federatedCredential(identity, deps, { cappedHttpClient, fixed, proxyFailure });

  const azure = await import('./session-credentials.ts');
  switch (method) {
    case 'azure-cli':
      return fixed(cliCredential(identity, deps));
    case 'managed-identity':
      return fixed(
        new azure.ManagedIdentityCredential({
          ...(identity.clientId ? { clientId: identity.clientId } : {}),
          httpClient: await cappedHttpClient(),
        }),
      );
    case 'default-chain': {
      const links = await watchChain(deps.debug, chainLinkNames(azure));
      const credential = new azure.DefaultAzureCredential({
        ...entraTryPolicy(deps.processTimeoutMs, deps.log ?? deps.debug),
        httpClient: await cappedHttpClient(),
        ...(identity.clientId ? { managedIdentityClientId: identity.clientId, workloadIdentityClientId: identity.clientId } : {}),
        ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
        authorityHost: identity.authorityHost,
        disableInstanceDiscovery: !identity.instanceDiscovery,
        processTimeoutInMs: deps.processTimeoutMs,
      });
      replaceCliLink(credential, azure.AzureCliCredential, cliCredential(identity, deps));
      return { credential, resolvedMethod: () => links.successful ?? 'default-chain', proxyFailure };
    }
  }
}

/** github-oidc: the job's ID token as the client assertion, with the CLI session as the way back when it came from one. */
async function federatedCredential(
  identity: IdentityConfig,
  deps: CredentialDeps,
  built: {
    cappedHttpClient: () => Promise<HttpClient>;
    fixed: (credential: TokenCredential, assertion?: GithubIdTokenAssertion) => BuiltCredential;
    proxyFailure: () => ProxyError | undefined;
  },
): Promise<BuiltCredential> {
  const { cappedHttpClient, fixed, proxyFailure } = built;
  // The GitHub ID token does not need @azure/identity: its request travels while the library loads.
  const assertion = new GithubIdTokenAssertion({ fetch: deps.fetchIdToken, audience: identity.oidcAudience });
  assertion.prefetch();
  // One turn of the event loop lets the request go out before the library's load blocks it.
  await new Promise((resolve) => setImmediate(resolve));
  const { ClientAssertionCredential } = await import('./keyless-credential.ts');
  // chooseIdentity/readConfig guarantee both ids on this path.
  const credential = new ClientAssertionCredential(identity.tenantId ?? '', identity.clientId ?? '', () => assertion.get(), {
    ...entraTryPolicy(deps.processTimeoutMs, deps.log ?? deps.debug),
    httpClient: await cappedHttpClient(),
    authorityHost: identity.authorityHost,
    disableInstanceDiscovery: !identity.instanceDiscovery,
  });
  if (!deps.sessionFallback) return fixed(credential, assertion);
  // The ids came from an azure/login session: its CLI session is the way back when this app trusts no ID token of this job.
  const federation = new SessionFederation(credential, () => Promise.resolve(cliCredential(identity, deps)), deps.log ?? deps.debug);
  return {
    credential: federation,
    assertion,
    resolvedMethod: () => federation.method,
    fellBack: () => federation.fellBack,
    proxyFailure,
  };
}

function cliCredential(identity: IdentityConfig, deps: CredentialDeps): AzureCliSessionCredential {
  return new AzureCliSessionCredential({
    ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
    processTimeoutInMs: deps.processTimeoutMs,
  });
}

/**
 * The chain's Azure CLI link, swapped for ours (same command, same
 * unavailable errors) so that a refusal keeps the CLI's words. The chain
 * holds its links in `_sources`; if a release of the library no longer
 * does, the chain keeps its own link (credential.test.ts notices).
 */
export function replaceCliLink(
  chain: TokenCredential,
  library: abstract new (...args: never[]) => TokenCredential,
  ours: TokenCredential,
): boolean {
  const links = (chain as { _sources?: unknown })._sources;
  if (!Array.isArray(links)) return false;
  const at = links.findIndex((link) => link instanceof library);
  if (at < 0) return false;
  links[at] = ours;
  return true;
}

/**
 * DefaultAzureCredential does not say which link answered; its log does
 * ("Result for AzureCliCredential: SUCCESS"). Route the Azure SDK log to the
 * debug log and read that line from it.
 */
async function watchChain(debug: (message: string) => void, linkNames: Map<string, string>): Promise<{ successful?: string }> {
  const { AzureLogger, setLogLevel } = await import('@azure/logger');
  const links: { successful?: string } = {};
  setLogLevel('info');
  AzureLogger.log = (...args: unknown[]) => {
    const line = args.map(String).join(' ').trimEnd();
    debug(line);
    const match = /Result for (\w+): SUCCESS/.exec(line);
    if (match?.[1]) links.successful = linkNames.get(match[1]) ?? match[1];
  };
  return links;
}

/**
 * DefaultAzureCredential's links as this action reports them, keyed by each
 * class's name as the running code has it: the log names a link by its
 * class's `name`, which a minified bundle shortens.
 */
function chainLinkNames(azure: typeof SessionCredentials): Map<string, string> {
  return new Map([
    [azure.EnvironmentCredential.name, 'environment'],
    [azure.WorkloadIdentityCredential.name, 'workload-identity'],
    [azure.ManagedIdentityCredential.name, 'managed-identity'],
    [azure.VisualStudioCodeCredential.name, 'visual-studio-code'],
    [azure.AzureCliCredential.name, 'azure-cli'],
    [AzureCliSessionCredential.name, 'azure-cli'],
    [azure.AzurePowerShellCredential.name, 'azure-powershell'],
    [azure.AzureDeveloperCliCredential.name, 'azure-developer-cli'],
  ]);
}
