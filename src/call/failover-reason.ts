/**
 * Whether a failed call is worth trying on the next deployment of the
 * chain, and why it failed, in a few words for the log, the summary and the
 * final error. A call fails over when its deployment cannot answer now but
 * another may: a quota no retry within max-retry-wait fixes (429), a missing
 * deployment (404 DeploymentNotFound), a host that cannot be reached or
 * resolved, a service fault or timeout that outlasted its retries. Nothing
 * else does: a 400 (a bad request or the content filter) would be refused
 * the same way everywhere, and a 401/403 is the identity's or the role's,
 * for the user to fix; failing over would only hide it behind a backup.
 * Pure.
 */
import { findInChain } from '../errors.ts';
import { ProxyError } from '../proxy.ts';
import type { CallError } from './call-outcome.ts';
import { humanWait } from './stated-wait.ts';
import { isFlexCapacity429 } from './flex-capacity.ts';

export interface FailoverVerdict {
  /** Try the next entry. */
  next: boolean;
  /** Why the call failed, in a few words of ours (service strings only when they are plain codes). */
  reason: string;
}

/** Certificate and TLS failures: a TLS-inspecting proxy's missing CA fails the same way on every host. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/;
/** An Azure error code we quote: a plain word, so a hostile body cannot put text in the log. */
const PLAIN_CODE = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

export function failoverVerdict(error: CallError, serviceTier?: string): FailoverVerdict {
  const { failure } = error;
  const after = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  const atDeadline = error.deadlineMs !== undefined ? ", at the run's deadline" : '';
  // A proxy that fails is the runner's, whichever deployment is asked.
  if (findInChain(error, ProxyError)) return { next: false, reason: 'the proxy failed' };
  const status = failure.status;
  if (status === 429 && isFlexCapacity429(error, serviceTier)) {
    return { next: true, reason: `429 flex capacity short${after}${atDeadline}` };
  }
  if (status === 429) {
    const reason =
      error.retryAfterMs !== undefined
        ? `429 rate limited: asked to retry after ${humanWait(error.retryAfterMs)}, more than max-retry-wait`
        : `429 rate limited${after}${atDeadline}`;
    return { next: true, reason };
  }
  const code = azureCode(error.body);
  if (status === 404) {
    return code === 'DeploymentNotFound' ? { next: true, reason: '404 DeploymentNotFound' } : { next: false, reason: '404 no such route' };
  }
  if (status === 408 || status === 409 || (status !== undefined && status >= 500)) {
    return { next: true, reason: `HTTP ${status}${after}${atDeadline}` };
  }
  if (status !== undefined) return { next: false, reason: `HTTP ${status}${code ? ` ${code}` : ''}` };
  if (failure.malformed) {
    // Retryable: a service fault (a broken stream, unreadable JSON); not: a page from something in between.
    return { next: failure.malformed.retryable, reason: `${failure.malformed.label}${after}` };
  }
  if (failure.timedOut) return { next: true, reason: `${failure.stalled ? 'stalled' : 'timed out'}${after}${atDeadline}` };
  const network = failure.code;
  if (network !== undefined && TLS_CODE.test(network)) return { next: false, reason: `TLS failure (${network})` };
  if (network === 'ENOTFOUND' || network === 'EAI_AGAIN') return { next: true, reason: `could not resolve the host (${network})` };
  return { next: true, reason: `could not connect (${network ?? 'connection error'})${after}${atDeadline}` };
}

/** Azure's `error.code` from an error body, when it is a plain code. */
function azureCode(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === 'string' && PLAIN_CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}
