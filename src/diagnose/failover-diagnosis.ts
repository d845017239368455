/**
 * The catalogue's entries for a failover chain that did not answer: every
 * deployment failed (the list, then the first one's cause and fix), or one
 * failed in a way no fallback would fix (its cause and fix, then the list).
 */
import type { CallError } from '../call/call-outcome.ts';
import type { FailoverError, TriedTarget } from '../call/failover-outcome.ts';
import { type Diagnosis, told } from '../failure-topics.ts';

export function diagnoseFailover(error: FailoverError, diagnoseCall: (error: CallError) => Diagnosis): Diagnosis {
  const list = error.tried.map(entryLine);
  const cause = diagnoseCall(error.diagnosed);
  if (error.stopped) {
    const last = error.tried.filter((t) => t.outcome === 'failed').at(-1);
    return told(cause.topic, [
      cause.text,
      `Not failed over: ${last ? `${last.reason} on deployment '${last.deployment}'` : 'this failure'} would fail the same on every deployment, or is for you to fix. The deployment input and fallbacks:`,
      ...list,
    ]);
  }
  const failed = error.tried.filter((t) => t.outcome === 'failed').length;
  const heading =
    failed === error.tried.length
      ? `All ${failed} deployments failed (the deployment input, then the fallbacks input):`
      : `${failed === 1 ? 'The one deployment tried' : `The ${failed} deployments tried`} failed, and the run's deadline left no time for the rest (the deployment input, then the fallbacks input):`;
  return told('everyDeploymentFailed', [heading, ...list, `The first deployment's failure: ${cause.text}`]);
}

function entryLine(entry: TriedTarget, index: number): string {
  const what = entry.outcome === 'failed' ? entry.reason : `not tried: ${entry.reason}`;
  return `  ${index + 1}. '${entry.deployment}' on ${entry.host}: ${what}`;
}
