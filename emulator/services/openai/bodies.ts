// Azure OpenAI's answers as recorded: the filter annotations of a success, the error bodies of
// each refusal, and the bodies a bare status fault gets.

import { STATUS_CODES } from 'node:http';
import type { DeploymentConfig } from '../../config.ts';
import type { Fault } from '../../faults.ts';
import { RESPONSES_DATA_ACTION, rateLimitAnswer } from '../recorded-shapes.ts';

const CHAT_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action';

const SAFE = { filtered: false, severity: 'safe' };
export const PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE },
  },
];
export const CHOICE_FILTER_RESULTS = {
  hate: SAFE,
  protected_material_code: { filtered: false, detected: false },
  protected_material_text: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
export const FILTERED_CHOICE_RESULTS = { ...CHOICE_FILTER_RESULTS, violence: { filtered: true, severity: 'medium' } };

export const UNAUTHORIZED_MESSAGE = (audience: string) =>
  `Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired.`;

export function permissionDeniedMessage(objectId: string, operation = 'ChatCompletions_Create'): string {
  // The Responses route names its own data action and path, as recorded.
  if (operation === 'Responses_Create') {
    return `The principal \`${objectId}\` lacks the required data action \`${RESPONSES_DATA_ACTION}\` to perform \`POST /openai/v1/responses\` operation.`;
  }
  return `The principal \`${objectId}\` lacks the required data action \`${CHAT_ACTION}\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`;
}

export const DEPLOYMENT_NOT_FOUND_MESSAGE =
  'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

export const CONTENT_FILTER_PROMPT_BODY = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        hate: { filtered: false, severity: 'safe' },
        jailbreak: { filtered: true, detected: true },
        self_harm: { filtered: false, severity: 'safe' },
        sexual: { filtered: false, severity: 'safe' },
        violence: { filtered: true, severity: 'medium' },
      },
    },
  },
};

/**
 * Azure's answer on the chat route for a model without Chat Completions (gpt-5.x-codex, gpt-5-pro,
 * codex-mini, o3-pro), as quoted in public issue threads (langchain-ai/langchain-azure#228): no
 * `type` or `param`, unlike OpenAI's errors.
 */
export function operationNotSupportedBody(model: string) {
  return {
    error: {
      code: 'OperationNotSupported',
      message: `The chatCompletion operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
    },
  };
}

/** A reasoning model refusing a parameter it does not take (the token limit's other name, temperature, top_p). */
export function unsupportedParamBody(param: string, instead?: string) {
  return {
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model.${instead ? ` Use '${instead}' instead.` : ''}`,
      type: 'invalid_request_error',
      param,
      code: 'unsupported_parameter',
    },
  };
}

/**
 * What a deployment refuses before it answers, for the request's model and tier: a retired model's 404 (recorded in
 * BerriAI/litellm#11116); prompt_cache_key where the model does not take it (recorded in vectorize-io/hindsight#3518);
 * flex on a model without it (Microsoft's flex processing page: a 400 invalid_request_error, worded as recorded in
 * openai/codex#15099); flex when its capacity is short (a 429 named "Resource Unavailable" in OpenAI's flex guide;
 * Azure's body is not recorded, so it takes the code "429" of Azure's other 429s, without a stated wait).
 */
export function deploymentRefusal(
  deployment: DeploymentConfig,
  req: Record<string, unknown>,
): { status: number; body: unknown } | undefined {
  if (deployment.retired) return { status: 404, body: { error: { code: '404', message: 'Resource not found' } } };
  if (deployment.rejectsPromptCacheKey && req.prompt_cache_key !== undefined && req.prompt_cache_key !== null) {
    const message = 'Unrecognized request argument supplied: prompt_cache_key';
    return { status: 400, body: { error: { code: 'unrecognized_request_argument', message } } };
  }
  if (req.service_tier !== 'flex') return undefined;
  if (deployment.flex === 'unsupported') return { status: 400, body: invalidRequest('Unsupported service_tier: flex', 'service_tier') };
  if (deployment.flex === 'short') return { status: 429, body: { error: { code: '429', message: 'Resource Unavailable' } } };
  return undefined;
}

/** The sampling parameters a `rejectsSampling` deployment refuses, by their names in the request body. */
export const SAMPLING_PARAMS = ['temperature', 'top_p'] as const;

export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

function retrySeconds(fault: Extract<Fault, { kind: 'status' }>): number {
  if (fault.retryAfterMs !== undefined) return Math.max(1, Math.ceil(fault.retryAfterMs / 1000));
  if (fault.retryAfter !== undefined) {
    const n = Number(fault.retryAfter);
    if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
    const d = Date.parse(fault.retryAfter);
    if (!Number.isNaN(d)) return Math.max(0, Math.ceil((d - Date.now()) / 1000));
  }
  return 1;
}

// Azure-shaped bodies for bare { kind: 'status' } faults.
export function statusBody(apiVersion: string, operation: string) {
  return (status: number, fault: Extract<Fault, { kind: 'status' }>): { body: unknown; headers?: Record<string, string> } => {
    switch (status) {
      case 429:
        // Where the wait is stated and in whose words: recorded-shapes.ts.
        return rateLimitAnswer(fault, retrySeconds(fault), apiVersion, operation);
      case 500:
        return {
          body: {
            error: {
              message: 'The server had an error while processing your request. Sorry about that!',
              type: 'server_error',
              param: null,
              code: null,
            },
          },
        };
      case 502:
        return { body: { error: { code: 'BadGateway', message: 'Bad gateway.' } } };
      case 503:
        return {
          body: {
            error: {
              code: 'ServiceUnavailable',
              message: 'The service is temporarily unable to process your request. Please try again later.',
            },
          },
        };
      case 408:
        return { body: { error: { code: 'Timeout', message: 'The operation was timeout.' } } };
      default:
        return { body: { error: { code: String(status), message: STATUS_CODES[status] ?? 'Error' } } };
    }
  };
}
