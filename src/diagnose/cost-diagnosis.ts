/**
 * Failures whose cause is a model's retirement or the flex tier's capacity,
 * named before the generic entry would name a 404 or a quota. A retired
 * model's deployment has been seen to answer 404 {"error": {"code": "404",
 * "message": "Resource not found"}} (BerriAI/litellm#11116), and Microsoft
 * says a retired model's deployments "always return error responses"; the
 * deployment's name is the only model name a failed call has. Pure: the
 * clock is passed in.
 */
import type { CallError } from '../call/call-outcome.ts';
import { isFlexCapacity429 } from '../call/flex-capacity.ts';
import { lookUpRetirement } from '../cost/retirements.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import { oneLine } from '../secrets.ts';

/** The retirement's lines, put before the 404's own diagnosis; undefined when the model is not known to be retired. */
export function retirementCause(error: CallError, today: Date): string | undefined {
  if (error.status !== 404) return undefined;
  const retirement = lookUpRetirement(error.facts.deployment);
  if (!retirement || Date.parse(`${retirement.date}T00:00:00Z`) > today.getTime()) return undefined;
  const instead = retirement.replacement ? `Microsoft suggests ${retirement.replacement}` : 'Microsoft names no replacement';
  return [
    `Model ${retirement.family} was retired on ${retirement.date} (Microsoft's retirement schedule), and deployment '${error.facts.deployment}' answered 404: a retired model's deployments answer only errors, so its retirement is the likely cause.`,
    `${instead}: deploy a current model and set deployment (and any fallbacks) to it.`,
  ].join('\n');
}

/** A flex capacity 429, told apart from a quota 429 (flex-capacity.ts). */
export function flexCapacityCause(error: CallError): Diagnosis | undefined {
  const { deployment } = error.facts;
  if (isFlexCapacity429(error, error.facts.serviceTier)) {
    return told('flexCapacityShort', [
      `Flex capacity was short for deployment '${deployment}' (429 to a service_tier flex request after ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}), not the deployment's quota.`,
      `Flex requests are refused when capacity is short and the service does not move them to standard processing: add a fallback on the default tier (a fallbacks line "${deployment} service-tier=default") to pay full price when flex is refused, run the job later, or drop service-tier.`,
      `Azure OpenAI said: ${oneLine(serviceMessage(error.body), 300)}`,
    ]);
  }
  return undefined;
}

function serviceMessage(body: string | undefined): string {
  try {
    const parsed = JSON.parse(body ?? '') as { error?: { message?: unknown } } | null;
    return typeof parsed?.error?.message === 'string' ? parsed.error.message : (body ?? '');
  } catch {
    return body ?? '';
  }
}
