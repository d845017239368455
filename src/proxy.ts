/**
 * Proxies: which requests bypass them.
 */

/** The instance metadata service's link-local address (managed identity). */
const IMDS_HOST = '169.254.169.254';

/** The managed identity endpoint: no proxy can reach a link-local or pod-local service. */
export function isMetadataHost(url: URL, env: Record<string, string | undefined>): boolean {
  if (url.hostname === IMDS_HOST) return true;
  const pod = env.AZURE_POD_IDENTITY_AUTHORITY_HOST?.trim();
  if (!pod) return false;
  try {
    return new URL(pod).host === url.host;
  } catch {
    return false;
  }
}
