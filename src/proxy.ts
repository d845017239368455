/**
 * Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), read as
 * undici's EnvHttpProxyAgent reads them (the model call and the GitHub API go
 * through it), for every request the action makes. The managed identity
 * endpoint (IMDS, or the host-local one its variables name) is always
 * reached directly. A request that fails at the proxy
 * becomes a ProxyError, which names the proxy (never its credentials) and the
 * variable it came from.
 */
import { causeChain } from './cause-chain.ts';

/** The instance metadata service's link-local address (managed identity). */
const IMDS_HOST = '169.254.169.254';

/**
 * The variables that name a host-local managed identity endpoint, as @azure/identity reads them: App Service
 * and Functions (IDENTITY_ENDPOINT with IDENTITY_HEADER), Azure Arc (IMDS_ENDPOINT), Service Fabric, Cloud
 * Shell and Azure ML (MSI_ENDPOINT), and a pod identity's authority.
 */
const IDENTITY_ENDPOINT_VARIABLES = ['IDENTITY_ENDPOINT', 'IMDS_ENDPOINT', 'MSI_ENDPOINT', 'AZURE_POD_IDENTITY_AUTHORITY_HOST'];

type Env = Record<string, string | undefined>;

/**
 * The managed identity endpoint: no proxy can reach a link-local or host-local service, and its secret
 * header (IDENTITY_HEADER, MSI_SECRET) must not travel to one.
 */
export function isMetadataHost(url: URL, env: Env): boolean {
  if (url.hostname === IMDS_HOST) return true;
  return IDENTITY_ENDPOINT_VARIABLES.some((name) => {
    const value = env[name]?.trim();
    if (!value) return false;
    try {
      return new URL(value).host === url.host;
    } catch {
      return false;
    }
  });
}

/** The variable that is set, lower case first (as undici and curl read them), with its name as set. */
function variable(env: Env, name: string): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim();
    if (value) return { name: key, value };
  }
  return undefined;
}

/** Whether any proxy variable is set (then requests go through undici's EnvHttpProxyAgent). */
export function proxyConfigured(env: Env): boolean {
  return variable(env, 'https_proxy') !== undefined || variable(env, 'http_proxy') !== undefined;
}

export interface ProxyRoute {
  /** `host:port` of the proxy, without the credentials its URL may carry. */
  proxy: string;
  /** The variable it came from, as spelled in the environment (HTTPS_PROXY, https_proxy, ...). */
  variable: string;
}

/** The proxy a request to `url` goes through; undefined when it goes direct. */
export function proxyRoute(url: URL, env: Env): ProxyRoute | undefined {
  if (isMetadataHost(url, env)) return undefined;
  const chosen = url.protocol === 'https:' ? (variable(env, 'https_proxy') ?? variable(env, 'http_proxy')) : variable(env, 'http_proxy');
  if (!chosen || bypassed(url, variable(env, 'no_proxy')?.value)) return undefined;
  try {
    const proxy = new URL(chosen.value.includes('://') ? chosen.value : `http://${chosen.value}`);
    const port = proxy.port || (proxy.protocol === 'https:' ? '443' : '80');
    return { proxy: `${proxy.hostname}:${port}`, variable: chosen.name };
  } catch {
    return { proxy: '(an unreadable proxy URL)', variable: chosen.name };
  }
}

/**
 * NO_PROXY as undici reads it: `*` alone bypasses every host; an entry is a
 * host (exact match) or, starting with `.` or `*`, a domain suffix; either
 * may end in `:port`.
 */
function bypassed(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  if (noProxy === '*') return true;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .some((entry) => {
      const match = /^(.+):(\d+)$/.exec(entry);
      const name = (match?.[1] ?? entry).toLowerCase();
      if (match?.[2] && Number(match[2]) !== port) return false;
      return /^[.*]/.test(name) ? host.endsWith(name.replace(/^\*/, '')) : host === name;
    });
}

/** A request that failed at the proxy: it could not be reached, or it refused the tunnel. */
export class ProxyError extends Error {
  readonly proxy: string;
  readonly variable: string;
  /** The host the request was for. */
  readonly target: string;
  /** The proxy's answer to CONNECT, when it refused. */
  readonly status: number | undefined;
  /** The connection error's code (ECONNREFUSED, ...), or ERR_PROXY_REFUSED. */
  readonly code: string;

  constructor(route: ProxyRoute, target: string, failure: { status?: number; code?: string }, cause: unknown) {
    super(
      failure.status !== undefined
        ? `the proxy ${route.proxy} (${route.variable}) answered CONNECT ${target} with ${failure.status}`
        : `the proxy ${route.proxy} (${route.variable}) could not be reached (${failure.code ?? 'connection failed'})`,
      { cause },
    );
    this.name = 'ProxyError';
    this.proxy = route.proxy;
    this.variable = route.variable;
    this.target = target;
    this.status = failure.status;
    this.code = failure.status !== undefined ? 'ERR_PROXY_REFUSED' : (failure.code ?? 'ERR_PROXY_UNREACHABLE');
  }
}

/** Errors of the connection to the proxy itself: through a proxy, the action never connects to the target. */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** undici's ProxyAgent refusing a tunnel. */
const TUNNEL_REFUSED = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;

/**
 * The ProxyError a transport error stands for, when the request to `url`
 * went through a proxy and failed there; undefined otherwise. `status` is the
 * proxy's answer to CONNECT, when the transport reports it apart (Entra's).
 */
export function proxyErrorOf(error: unknown, url: URL, env: Env, status?: number): ProxyError | undefined {
  const route = proxyRoute(url, env);
  if (!route) return undefined;
  if (error instanceof ProxyError) return error;
  if (status !== undefined) return new ProxyError(route, url.host, { status }, error);
  const port = Number(route.proxy.slice(route.proxy.lastIndexOf(':') + 1));
  for (const link of causeChain(error, 8)) {
    if (typeof link !== 'object') break;
    const e = link as { message?: unknown; code?: unknown; port?: unknown };
    const refused = typeof e.message === 'string' ? TUNNEL_REFUSED.exec(e.message) : null;
    if (refused) return new ProxyError(route, url.host, { status: Number(refused[1]) }, error);
    // A port other than the proxy's is some other connection's.
    if (typeof e.code === 'string' && CONNECT_CODES.has(e.code) && (typeof e.port !== 'number' || e.port === port))
      return new ProxyError(route, url.host, { code: e.code }, error);
  }
  return undefined;
}
