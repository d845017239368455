/** The log line that states how the model answered. */
import type { ModelAnswer } from './call-outcome.ts';
import { oneLine } from '../secrets.ts';

export function describeResult(result: ModelAnswer): string {
  const attempts = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}`;
  const retried = result.retryReasons?.length ? `; retried after ${oneLine(result.retryReasons.join(', '))}` : '';
  const cached = result.cachedTokens ? ` (${result.cachedTokens} cached)` : '';
  const reasoning = result.reasoningTokens ? ` (${result.reasoningTokens} reasoning)` : '';
  const api = result.api === 'responses' ? ', through the Responses API' : '';
  // Service strings: a hostile gateway's model name must not become a workflow command line.
  return (
    `Model ${oneLine(result.model, 100)} answered in ${result.latencyMs} ms (${attempts}${retried}): ` +
    `finish reason ${oneLine(result.finishReason, 60)}, ${result.promptTokens} prompt${cached} + ` +
    `${result.completionTokens} completion${reasoning} tokens, request id ${oneLine(result.requestId, 100) || 'none'}${api}.`
  );
}
