// GitHub's primary rate limit, counted as GitHub counts it ("Rate limits for the REST API"): every response
// carries x-ratelimit-limit, -remaining, -used, -reset (epoch seconds) and -resource; once none remain,
// every request is refused with 403, `x-ratelimit-remaining: 0` and the reset, until the reset passes.
// Without a configured budget the headers say what a fresh token's would (5,000, 4,999 left).
// Secondary limits are faults (common.ts): GitHub sends them with `retry-after`, or with no header at all.

import type { RequestContext } from '../../http.ts';

const HOUR_SECONDS = 3600;
export const RATE_LIMIT_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';
// GitHub's words for an installation token (the job's GITHUB_TOKEN); a user's token names a user ID.
export const PRIMARY_LIMIT_MESSAGE =
  'API rate limit exceeded for installation ID 12345678. If you reach out to GitHub Support for help, please include the request ID EMU:0000:0000 and timestamp 2026-01-01 00:00:00 UTC.';

/** Sets the rate-limit headers and counts the request; true when none remain (the caller answers 403). */
export function spendRateLimit(ctx: RequestContext): boolean {
  const budget = ctx.state.config.githubApi.rateLimit;
  const nowSeconds = Math.floor(Date.now() / 1000);
  // The window opens with its first request, as GitHub's does, and a new one opens after it ends.
  if (budget && (budget.resetAt === undefined || budget.resetAt <= nowSeconds)) {
    if (budget.resetAt !== undefined) budget.remaining = budget.limit;
    budget.resetAt = nowSeconds + budget.windowSeconds;
  }
  const limited = budget !== null && budget.remaining <= 0;
  if (budget && !limited) budget.remaining -= 1;
  const limit = budget?.limit ?? 5000;
  const remaining = budget?.remaining ?? 4999;
  for (const [name, value] of Object.entries({
    'x-ratelimit-limit': limit,
    'x-ratelimit-remaining': remaining,
    'x-ratelimit-used': limit - remaining,
    'x-ratelimit-reset': budget?.resetAt ?? nowSeconds + HOUR_SECONDS,
    'x-ratelimit-resource': 'core',
  })) {
    ctx.res.setHeader(name, String(value));
  }
  return limited;
}
