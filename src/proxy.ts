/**
 * Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), as curl and
 * undici read them, for every request the action makes. The managed identity
 * endpoint is always reached directly.
 */

/** The instance metadata service's link-local address (managed identity). */
const IMDS_HOST = '169.254.169.254';

type Env = Record<string, string | undefined>;

/** The managed identity endpoint: no proxy can reach a link-local or pod-local service. */
export function isMetadataHost(url: URL, env: Env): boolean {
  if (url.hostname === IMDS_HOST) return true;
  const pod = env.AZURE_POD_IDENTITY_AUTHORITY_HOST?.trim();
  if (!pod) return false;
  try {
    return new URL(pod).host === url.host;
  } catch {
    return false;
  }
}

function variable(env: Env, name: string): string | undefined {
  return (env[name.toLowerCase()] ?? env[name.toUpperCase()])?.trim() || undefined;
}

/** Whether any proxy variable is set (then requests go through undici's EnvHttpProxyAgent). */
export function proxyConfigured(env: Env): boolean {
  return variable(env, 'https_proxy') !== undefined || variable(env, 'http_proxy') !== undefined;
}

/**
 * The proxy a request to `url` goes through, as `host:port` without any
 * credentials of its URL (for messages); undefined when it goes direct.
 */
export function proxyFor(url: URL, env: Env): string | undefined {
  if (isMetadataHost(url, env)) return undefined;
  const raw = url.protocol === 'https:' ? (variable(env, 'https_proxy') ?? variable(env, 'http_proxy')) : variable(env, 'http_proxy');
  if (!raw || bypassed(url, variable(env, 'no_proxy'))) return undefined;
  try {
    const proxy = new URL(raw.includes('://') ? raw : `http://${raw}`);
    return proxy.host;
  } catch {
    return '(an unreadable proxy URL)';
  }
}

/** NO_PROXY: `*`, or hosts, domain suffixes (`.example.com` or `example.com`) and `host:port`. */
function bypassed(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase());
      const name = (match?.[1] ?? '').replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
      if (match?.[2] && match[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}
