/**
 * What a call learns about the deployment from its 400s, and the body each
 * attempt sends accordingly: the token limit's other name (token-limit.ts),
 * the Responses API for a model without chat under api: auto, and a
 * reasoning model's refusal of temperature / top_p, and a model that does
 * not take prompt_cache_key (refused-request.ts).
 * Each change is made at most once per call.
 */
import type { AttemptBody } from './attempt.ts';
import type { CallOptions, ModelRequest } from './call-request.ts';
import { chatBody } from './chat-request.ts';
import type { Api } from '../model-call.ts';
import { chatNotSupported, refusedPromptCacheKey, refusedSamplingParam, SAMPLING_INPUTS } from './refused-request.ts';
import { responsesBody } from './responses-request.ts';
import { oneLine } from '../secrets.ts';
import { type CallLearning, tokenLimitFallback } from './token-limit.ts';

/** What the call has learnt about the deployment: the API it serves, and whether it refuses temperature / top_p. */
export interface RequestState {
  api: Api;
  dropSampling: boolean;
  /** Leave prompt_cache_key out: the deployment refused it. */
  dropCacheKey?: boolean;
  /** What the run's calls learnt (the token limit's name), shared along a failover chain. */
  learnt: CallLearning;
  /** The changes made, each at most once per call. */
  changes: Set<'token-limit' | 'api' | 'sampling' | 'cache-key'>;
}

export function bodyFor(keyed: ModelRequest, state: RequestState): AttemptBody {
  const { promptCacheKey: _refused, ...withoutKey } = keyed;
  const request: ModelRequest = state.dropCacheKey ? withoutKey : keyed;
  const options = { dropSampling: state.dropSampling, tokenLimit: state.learnt.tokenLimit };
  return state.api === 'responses'
    ? { api: 'responses', body: responsesBody(request.deployment, request.messages, request, options, request.toolUse) }
    : { api: 'chat', body: chatBody(request.deployment, request.messages, request, options, request.toolUse) };
}

/** The inputs of the sampling parameters the request sets. */
export function samplingSet(request: ModelRequest): string[] {
  return [
    ...(request.temperature !== undefined ? [SAMPLING_INPUTS.temperature] : []),
    ...(request.topP !== undefined ? [SAMPLING_INPUTS.top_p] : []),
  ];
}

/**
 * Changes the request when a 400 says how (once each per call), logging why;
 * returns the reason for the attempt list, or undefined when the failure is
 * not one of those.
 */
export function changeRequest(
  request: ModelRequest,
  state: RequestState,
  sent: AttemptBody,
  status: number | undefined,
  errorBody: string | undefined,
  options: CallOptions,
): string | undefined {
  if (status !== 400) return undefined;
  const fallback = sent.api === 'chat' && !state.changes.has('token-limit') ? tokenLimitFallback(sent.body, status, errorBody) : undefined;
  if (fallback) {
    state.changes.add('token-limit');
    state.learnt.tokenLimit = fallback.to;
    options.log(
      `Deployment ${request.deployment} does not accept ${fallback.from}; retrying once with ${fallback.to}, kept for the rest of this run.`,
    );
    return `${fallback.from} unsupported`;
  }
  const noChat = state.api === 'chat' && request.api === 'auto' && request.responsesRoute ? chatNotSupported(status, errorBody) : undefined;
  if (noChat !== undefined && request.responsesRoute && !state.changes.has('api')) {
    state.changes.add('api');
    state.api = 'responses';
    options.log(
      `Deployment ${request.deployment} does not serve Chat Completions (400 OperationNotSupported: ${oneLine(noChat, 200)}): calling the Responses API instead (POST ${request.responsesRoute.url}), kept for the rest of this run. Set api: responses to skip the chat attempt.`,
    );
    return 'chat not supported';
  }
  if (request.promptCacheKey !== undefined && !state.changes.has('cache-key') && refusedPromptCacheKey(status, errorBody)) {
    state.changes.add('cache-key');
    state.dropCacheKey = true;
    (options.warn ?? options.log)(
      `Deployment ${request.deployment} does not take prompt_cache_key (400 "Unrecognized request argument supplied: prompt_cache_key", as Foundry's models from other providers answer): retrying once without it. Set prompt-cache-key: none for this deployment.`,
    );
    return 'prompt_cache_key unsupported';
  }
  const refused = refusedSamplingParam(status, errorBody);
  const inputs = samplingSet(request);
  if (refused && inputs.length > 0 && !state.changes.has('sampling')) {
    state.changes.add('sampling');
    state.dropSampling = true;
    (options.warn ?? options.log)(
      `Deployment ${request.deployment} does not accept ${refused} (a reasoning model): retrying once without ${inputs.join(' and ')}. Remove the ${inputs.join(' and ')} input${inputs.length === 1 ? '' : 's'} (or the prompt file's modelParameters) for this deployment; reasoning models take reasoning-effort instead.`,
    );
    return `${refused} unsupported`;
  }
  return undefined;
}
