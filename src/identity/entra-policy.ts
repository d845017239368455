/**
 * A policy for every try of an Entra request, inside the Azure SDK's retry
 * loop. That loop already retries 408, 429, 5xx and resets (3 retries, about
 * 1, 2 and 4 s apart, or as retry-after says), but it logs nothing a user
 * sees, and an Entra that accepts the connection and never answers would
 * hold the runner forever: requests have no timeout of their own. So each
 * try gets `timeout` (at most 30 s: Entra answers in well under a second), a
 * try that runs out fails as ETIMEDOUT (which the loop retries like a reset),
 * and each transient failure is logged.
 */
import type { TokenCredentialOptions } from '@azure/identity';

const TRY_TIMEOUT_CAP_MS = 30_000;

type Policy = NonNullable<TokenCredentialOptions['additionalPolicies']>[number]['policy'];

export function entraTryPolicy(timeoutMs: number, log: (message: string) => void): Pick<TokenCredentialOptions, 'additionalPolicies'> {
  const ms = Math.min(timeoutMs, TRY_TIMEOUT_CAP_MS);
  const policy: Policy = {
    name: 'azureOpenAiKeylessEntraTry',
    async sendRequest(request, next) {
      const host = new URL(request.url).host;
      const controller = new AbortController();
      const outer = request.abortSignal;
      const forward = (): void => controller.abort();
      outer?.addEventListener('abort', forward, { once: true });
      const state = { timedOut: false };
      const timer = setTimeout(() => {
        state.timedOut = true;
        controller.abort();
      }, ms);
      request.abortSignal = controller.signal;
      try {
        const response = await next(request);
        if (response.status === 408 || response.status === 429 || response.status >= 500) {
          log(`Microsoft Entra ID (${host}) answered ${response.status}; the Azure SDK retries transient failures up to 3 times.`);
        }
        return response;
      } catch (error) {
        if (!state.timedOut) throw error;
        const message = `ETIMEDOUT: Microsoft Entra ID (${host}) did not answer within ${ms / 1000} s`;
        log(`${message}; the Azure SDK retries it up to 3 times.`);
        // Shaped as the pipeline's RestError (it goes by name), so its retry policy treats it as a system error.
        throw Object.assign(new Error(message), { name: 'RestError', code: 'ETIMEDOUT' });
      } finally {
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        request.abortSignal = outer;
      }
    },
  };
  return { additionalPolicies: [{ policy, position: 'perRetry' }] };
}
