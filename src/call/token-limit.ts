/**
 * The token limit's parameter name. Newer models (the o-series, gpt-5) take
 * only `max_completion_tokens`; some older deployments and API versions only
 * `max_tokens`. The action sends `max_completion_tokens`; when a 400 says the
 * name is unsupported it retries once with the other name; the failover
 * chain passes the name learnt on to the next deployment (CallLearning).
 */

export type TokenLimitParam = 'max_completion_tokens' | 'max_tokens';
const TOKEN_LIMIT_PARAMS: readonly TokenLimitParam[] = ['max_completion_tokens', 'max_tokens'];

/** What the calls of one run have learnt about the token limit's name, passed from call to call. */
export interface CallLearning {
  tokenLimit: TokenLimitParam;
}

/** The token limit under the name `param`. */
export function tokenLimitField(maxTokens: number, param: TokenLimitParam): { max_completion_tokens: number } | { max_tokens: number } {
  return param === 'max_tokens' ? { max_tokens: maxTokens } : { max_completion_tokens: maxTokens };
}

/** The token-limit name an error answer rejects, if that is what it says. Pure. */
export function rejectedTokenLimitParam(status: number | undefined, errorBody: string | undefined): TokenLimitParam | undefined {
  if (status !== 400 || !errorBody) return undefined;
  let error: { param?: unknown; code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(errorBody) as { error?: typeof error }).error;
  } catch {
    return undefined;
  }
  if (!error) return undefined;
  const named = TOKEN_LIMIT_PARAMS.find((p) => p === error.param);
  if (named && error.code === 'unsupported_parameter') return named;
  // "Unsupported parameter: 'max_tokens' is not supported with this model." (reasoning models);
  // "Unrecognized request argument supplied: max_completion_tokens" (older API versions).
  const message = typeof error.message === 'string' ? error.message : '';
  const match = /(?:Unsupported parameter|Unrecognized request argument supplied):\s*'?(max_completion_tokens|max_tokens)\b/.exec(message);
  return match ? (match[1] as TokenLimitParam) : undefined;
}

/**
 * The request body to retry with when the answer rejected the token-limit
 * name the body carries, with the names involved; undefined otherwise. Pure.
 */
export function tokenLimitFallback<T extends object>(
  body: T,
  status: number | undefined,
  errorBody: string | undefined,
): { body: T; from: TokenLimitParam; to: TokenLimitParam } | undefined {
  const rejected = rejectedTokenLimitParam(status, errorBody);
  if (!rejected || !(rejected in body)) return undefined;
  const to: TokenLimitParam = rejected === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  const { [rejected]: value, ...rest } = body as Record<string, unknown>;
  return { body: { ...rest, [to]: value } as T, from: rejected, to };
}
