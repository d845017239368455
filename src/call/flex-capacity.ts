/**
 * A flex capacity 429 told apart from a quota 429. Flex requests are refused
 * with a 429 when capacity is short (Microsoft's flex processing page); the
 * page does not give that 429's wording. A quota 429's wording is known
 * ("Requests to the ... Operation ... have exceeded token rate limit of your
 * current ... pricing tier", also "call rate limit"): so a 429 to a request
 * sent on the flex tier is read as flex capacity unless it carries the
 * quota's words. Pure.
 */
import type { CallError } from './call-outcome.ts';

/** The quota's wording, scanned in a bounded prefix of the body. */
const QUOTA_WORDS = ['exceeded token rate limit', 'exceeded call rate limit', 'exceeded the token rate limit', 'quota'];
const SCANNED_CHARS = 4096;

export function isFlexCapacity429(error: Pick<CallError, 'status' | 'body'>, serviceTier: string | undefined): boolean {
  if (error.status !== 429 || serviceTier !== 'flex') return false;
  const body = (error.body ?? '').slice(0, SCANNED_CHARS).toLowerCase();
  return !QUOTA_WORDS.some((words) => body.includes(words));
}
