/**
 * One rule for every service (Entra, the model call, the GitHub API): a
 * failure at the proxy is the proxy's, and its diagnosis names the proxy, the
 * variable it came from and the service it was to reach.
 */
import { CallError } from '../call/call-outcome.ts';
import { ActionFailure } from '../errors.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import { IdentityError } from '../identity/identity-error.ts';
import type { ProxyError } from '../proxy.ts';

const PROXY_STATUS_FIX: Record<number, string> = {
  407: 'the proxy wants credentials: give them in the proxy URL (http://USER:PASSWORD@HOST:PORT, from a secret), or ask for the runner to be allowed through',
  403: "the proxy's policy forbids this host: ask for it to be allowed",
  502: 'the proxy could not reach the host itself: check the host name, and that the proxy may reach it',
  503: 'the proxy could not reach the host itself: check the host name, and that the proxy may reach it',
  504: 'the proxy could not reach the host in time: check that the proxy may reach it',
};

export function diagnoseProxy(proxy: ProxyError, error: unknown): Diagnosis {
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
    return told('proxyRefused', [
      `The proxy ${proxy.proxy} (from ${proxy.variable}) refused to connect to ${service}: it answered CONNECT with ${proxy.status}.`,
      `Fix: ${PROXY_STATUS_FIX[proxy.status] ?? 'check the proxy and its log'}; ${noProxy}.`,
    ]);
  }
  return told('proxyUnreachable', [
    `Could not reach the proxy ${proxy.proxy} (from ${proxy.variable}) for ${service} (${proxy.code}).`,
    `Fix: check that the proxy in ${proxy.variable} runs and that the runner can reach it; ${noProxy}.`,
  ]);
}
