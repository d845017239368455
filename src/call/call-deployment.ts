/**
 * Calls the deployment with the `openai` client, on Chat Completions or the
 * Responses API, one attempt at a time: the retry policy is ours
 * (attempt-failure.ts says what is worth repeating, retry.ts how long to
 * wait), so that every attempt, wait and reason is logged and counted. A few
 * 400s are answered by changing the request once, without using up a retry:
 * the token limit's other name (token-limit.ts), the Responses API for a
 * model without chat under api: auto, and a reasoning model's refusal of
 * temperature / top_p (refused-request.ts).
 */
import { type AttemptBody, modelAttempt } from './attempt.ts';
import { describeFailure, failureLabel, isRetryable } from './attempt-failure.ts';
import { type AccessTokenFacts, CallError, type CallFacts, type ChatResult } from './call-outcome.ts';
import { chatBody } from './chat-request.ts';
import type { ChatRoute } from '../endpoint/endpoint.ts';
import type * as OpenAIModule from 'openai';
import type { ClientOptions } from 'openai';
import type { Api, ApiChoice, ChatMessage, ChatParameters } from '../chat.ts';
import { chatNotSupported, refusedSamplingParam, SAMPLING_INPUTS } from './refused-request.ts';
import { responsesBody } from './responses-request.ts';
import { oneLine } from '../secrets.ts';
import { backoffDelayMs, overallDeadlineMs, serverRetryDelayMs } from './retry.ts';
import { rememberTokenLimitParam, tokenLimitFallback } from './token-limit.ts';
import { watchedFetch } from './watched-fetch.ts';

export interface ChatRequest extends ChatParameters {
  /** The Chat Completions route. */
  route: ChatRoute;
  /** The Responses route: called with api: responses, switched to by api: auto. */
  responsesRoute?: ChatRoute;
  /** Chat Completions when absent. */
  api?: ApiChoice;
  deployment: string;
  messages: ChatMessage[];
  /** Stream the answer: progress in the log, and a stall is detected and retried. */
  stream?: boolean;
}

export interface CallOptions {
  /** The bearer token for each attempt (cached: one token per run). */
  token: () => Promise<string>;
  /** The token's scope and claims, for the diagnosis of a refused call. */
  tokenFacts?: () => AccessTokenFacts;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
  log: (message: string) => void;
  debug: (message: string) => void;
  /** A warning annotation (a parameter dropped); the log when absent. */
  warn?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

let openaiModule: Promise<typeof OpenAIModule> | undefined;

/**
 * Starts loading the `openai` client (its chunk of the bundle) without
 * waiting: called while the token request travels, it is ready by the call.
 */
export function loadClient(): Promise<typeof OpenAIModule> {
  openaiModule ??= import('openai');
  return openaiModule;
}

export async function callDeployment(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
  const { default: OpenAI, APIConnectionTimeoutError, APIError } = await loadClient();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  const deadlineMs = overallDeadlineMs(options.timeoutMs, options.maxRetries, options.maxRetryWaitMs);
  const deadlineAt = started + deadlineMs;
  const watched = watchedFetch(options, deadlineAt, now);
  const client = (route: ChatRoute) => new OpenAI(clientOptions(route, options, watched.fetch));
  const attemptOnce = modelAttempt(
    { chat: client(request.route), ...(request.responsesRoute ? { responses: client(request.responsesRoute) } : {}) },
    request.stream === true,
    { progress: options.log, debug: options.debug, now },
  );
  const state: RequestState = { api: request.api === 'responses' ? 'responses' : 'chat', dropSampling: false, changes: new Set() };

  options.debug(`Overall deadline of the call: ${deadlineMs / 1000} s (timeout × attempts + the longest waits between them).`);
  const reasons: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const body = bodyFor(request, state);
    try {
      // The last attempt gets only what is left before the deadline.
      const { answer, response } = await attemptOnce(body, Math.max(1, Math.min(options.timeoutMs, deadlineAt - now())));
      return {
        ...answer,
        api: state.api,
        requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
        latencyMs: now() - started,
        attempts: attempt,
        retryReasons: reasons,
        ...(state.dropSampling ? { droppedParameters: samplingSet(request) } : {}),
        ...servedBy(response.headers),
      };
    } catch (error) {
      const failure = describeFailure(error, { APIConnectionTimeoutError, APIError });
      const lastErrorBody = watched.lastErrorBody();
      const changed = changeRequest(request, state, body, failure.status, lastErrorBody, options);
      if (changed) {
        reasons.push(changed);
        continue;
      }
      reasons.push(failureLabel(failure));
      // The request changes are not retries: each is made once, and not counted against max-retries.
      const retriesLeft = options.maxRetries - (attempt - 1 - state.changes.size);
      const asked = serverRetryDelayMs(failure.headers, now());
      const details = {
        failure,
        facts: callFacts(request, state.api, options),
        attempts: attempt,
        reasons: [...reasons],
        ...(lastErrorBody !== undefined ? { body: lastErrorBody } : {}),
        ...(now() >= deadlineAt ? { deadlineMs } : {}),
      };
      if (!isRetryable(failure) || retriesLeft <= 0) throw new CallError(error, details);
      if (asked !== undefined && asked > options.maxRetryWaitMs) {
        throw new CallError(error, { ...details, retryAfterMs: asked });
      }
      const wait = asked ?? backoffDelayMs(attempt);
      if (now() + wait >= deadlineAt) throw new CallError(error, { ...details, deadlineMs });
      options.log(
        `Attempt ${attempt} failed (${failureLabel(failure)}); retrying in ${formatWait(wait)} (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left).`,
      );
      await sleep(wait);
    }
  }
}

function clientOptions(route: ChatRoute, options: CallOptions, watchingFetch: typeof fetch): ClientOptions {
  return {
    baseURL: route.baseURL,
    defaultQuery: route.query,
    apiKey: options.token,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: watchingFetch,
    logLevel: 'off',
  };
}

/** What the call has learnt about the deployment: the API it serves, and whether it refuses temperature / top_p. */
interface RequestState {
  api: Api;
  dropSampling: boolean;
  /** The changes made, each at most once per call. */
  changes: Set<'token-limit' | 'api' | 'sampling'>;
}

function bodyFor(request: ChatRequest, state: RequestState): AttemptBody {
  const options = { dropSampling: state.dropSampling };
  return state.api === 'responses'
    ? { api: 'responses', body: responsesBody(request.deployment, request.messages, request, options) }
    : { api: 'chat', body: chatBody(request.deployment, request.messages, request, options) };
}

/** The inputs of the sampling parameters the request sets. */
function samplingSet(request: ChatRequest): string[] {
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
function changeRequest(
  request: ChatRequest,
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
    rememberTokenLimitParam(fallback.to);
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

function callFacts(request: ChatRequest, api: Api, options: CallOptions): CallFacts {
  const token = options.tokenFacts?.();
  const route = api === 'responses' && request.responsesRoute ? request.responsesRoute : request.route;
  return {
    url: route.url,
    host: route.host,
    deployment: request.deployment,
    timeoutMs: options.timeoutMs,
    ...(token ? { token } : {}),
  };
}

/** Where Azure says the call was served; service strings, so made one safe line and cut short. */
function servedBy(headers: Headers): Pick<ChatResult, 'region' | 'servedDeployment'> {
  const region = oneLine(headers.get('x-ms-region') ?? '', 60);
  const deployment = oneLine(headers.get('x-ms-deployment-name') ?? '', 100);
  return { ...(region ? { region } : {}), ...(deployment ? { servedDeployment: deployment } : {}) };
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
