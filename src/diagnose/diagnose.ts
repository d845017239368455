/**
 * Turns any failure into one message that names the cause and the fix. This
 * dispatches to the error catalogue (identity-diagnosis.ts, call-diagnosis.ts,
 * proxy-diagnosis.ts): each entry is tested end to end, and
 * docs/troubleshooting.md has a heading for it, which the message links to.
 * Pure: the error carries the facts of its step, and the run's facts are
 * passed in. Never given a token.
 */
import { CallError } from '../call/call-outcome.ts';
import { ActionFailure, findInChain, InputError, messageOf } from '../errors.ts';
import { IdentityError } from '../identity/identity-error.ts';
import { ProxyError } from '../proxy.ts';
import { diagnoseCall } from './call-diagnosis.ts';
import { flexCapacityCause, retirementCause } from './cost-diagnosis.ts';
import { FailoverError } from '../call/failover-outcome.ts';
import { diagnoseFailover } from './failover-diagnosis.ts';
import { diagnoseIdentity } from './identity-diagnosis.ts';
import { diagnoseProxy } from './proxy-diagnosis.ts';
import { withTroubleshootingLink } from './troubleshooting-link.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import type { RunFacts } from '../github-context/run-facts.ts';

/** `today` dates the retirement schedule's check (cost-diagnosis.ts). */
export function diagnose(error: unknown, run: RunFacts, today: Date = new Date()): string {
  let diagnosis: Diagnosis;
  try {
    diagnosis = diagnoseWithoutLink(error, run, today);
  } catch (failure) {
    // An entry that trips over a stranger's body must not cost the run its one annotation.
    diagnosis = told('unexpected', `Unexpected failure: ${messageOf(error)} (diagnosing it failed too: ${messageOf(failure)})`);
  }
  return withTroubleshootingLink(diagnosis);
}

function diagnoseWithoutLink(error: unknown, run: RunFacts, today: Date): Diagnosis {
  const callMessage = (call: CallError): Diagnosis => {
    const retired = retirementCause(call, today);
    const message = flexCapacityCause(call) ?? diagnoseCall(call);
    return withDeadline(retired ? told('modelRetired', [retired, message.text]) : message, call);
  };
  const proxy = findInChain(error, ProxyError);
  if (proxy) return diagnoseProxy(proxy, error);
  if (error instanceof InputError || error instanceof ActionFailure) return told(error.topic, error.message);
  if (error instanceof IdentityError) return diagnoseIdentity(error, run);
  if (error instanceof CallError) return callMessage(error);
  if (error instanceof FailoverError) return diagnoseFailover(error, callMessage);
  return told('unexpected', `Unexpected failure: ${messageOf(error)}`);
}

/** Says so when the call stopped at its overall deadline rather than running out of retries. */
function withDeadline(diagnosis: Diagnosis, error: CallError): Diagnosis {
  if (error.deadlineMs === undefined) return diagnosis;
  return told(diagnosis.topic, [
    diagnosis.text,
    `The call stopped at its overall deadline of ${Math.round(error.deadlineMs / 1000)} s (timeout × (max-retries + 1), plus the longest waits between attempts).`,
  ]);
}
