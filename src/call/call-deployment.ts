/**
 * Calls the deployment's chat-completions route with the `openai` client,
 * one attempt at a time: the retry policy is ours (attempt-failure.ts says
 * what is worth repeating, retry.ts how long to wait), so that every
 * attempt, wait and reason is logged and counted.
 */
import { type Answer, answerFromCompletion } from './answer.ts';
import { describeFailure, failureLabel, isRetryable } from './attempt-failure.ts';
import { type AudienceSwitch, presentedToken } from './audience-switch.ts';
import { type AccessTokenFacts, CallError, type CallFacts, type ChatResult } from './call-outcome.ts';
import type { ChatRoute } from '../endpoint/endpoint.ts';
import type * as OpenAIModule from 'openai';
import type { ClientOptions } from 'openai';
import type { ChatMessage, ReasoningEffort, ResponseFormatBody } from '../chat.ts';
import { readChatStream } from './read-stream.ts';
import { oneLine } from '../secrets.ts';
import { backoffDelayMs, overallDeadlineMs, serverRetryDelayMs } from './retry.ts';
import { rememberTokenLimitParam, tokenLimitFallback, tokenLimitField } from './token-limit.ts';
import { watchedFetch } from './watched-fetch.ts';

export interface ChatRequest {
  route: ChatRoute;
  deployment: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  responseFormat?: ResponseFormatBody;
  /** Stream the answer: progress in the log, and a stall is detected and retried. */
  stream?: boolean;
}

export interface CallOptions {
  /** The bearer token for each attempt (cached: one token per run). */
  token: () => Promise<string>;
  /** The token's scope and claims, for the diagnosis of a refused call. */
  tokenFacts?: () => AccessTokenFacts | undefined;
  /** The other audience's token, asked for once on a 401 "audience is incorrect" (audience-switch.ts); absent: never switch. */
  audienceSwitch?: AudienceSwitch;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
  /** When the run's model calls must end, shared by a failover chain (failover.ts); the call's own deadline is never exceeded. */
  deadlineAt?: number;
  log: (message: string) => void;
  debug: (message: string) => void;
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
  const deadlineAt = Math.min(started + deadlineMs, options.deadlineAt ?? Number.POSITIVE_INFINITY);
  const watched = watchedFetch(options, deadlineAt, now);
  const presented = presentedToken(options, options.audienceSwitch);
  const tokenOptions = { ...options, token: presented.token, tokenFacts: presented.tokenFacts };
  const attemptOnce = chatAttempt(new OpenAI(clientOptions(request, tokenOptions, watched.fetch)), request, options, now);
  let body = requestBody(request);

  options.debug(`Overall deadline of the call: ${deadlineMs / 1000} s (timeout × attempts + the longest waits between them).`);
  const reasons: string[] = [];
  let tokenLimitRetries = 0;
  let audienceSwitches = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      // The last attempt gets only what is left before the deadline.
      const { answer, response } = await attemptOnce(body, Math.max(1, Math.min(options.timeoutMs, deadlineAt - now())));
      return {
        ...answer,
        requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
        latencyMs: now() - started,
        attempts: attempt,
        retryReasons: reasons,
        ...tokenScope(presented.tokenFacts()),
        ...servedBy(response.headers),
      };
    } catch (error) {
      const failure = describeFailure(error, { APIConnectionTimeoutError, APIError });
      const lastErrorBody = watched.lastErrorBody();
      // A 401 about the audience: once per call, with the other audience's token, not counted as a retry.
      if (await presented.switchAfter(failure.status, lastErrorBody, options.log)) {
        audienceSwitches = 1;
        reasons.push('HTTP 401 audience');
        continue;
      }
      // A 400 rejecting the token limit's name: once per call, and not counted as a retry (token-limit.ts).
      const fallback = tokenLimitRetries === 0 ? tokenLimitFallback(body, failure.status, lastErrorBody) : undefined;
      if (fallback) {
        ({ body } = fallback);
        tokenLimitRetries = 1;
        rememberTokenLimitParam(fallback.to);
        reasons.push(`${fallback.from} unsupported`);
        options.log(
          `Deployment ${request.deployment} does not accept ${fallback.from}; retrying once with ${fallback.to}, kept for the rest of this run.`,
        );
        continue;
      }
      reasons.push(failureLabel(failure));
      const retriesLeft = options.maxRetries - (attempt - 1 - tokenLimitRetries - audienceSwitches);
      const asked = serverRetryDelayMs(failure.headers, now());
      const details = {
        failure,
        facts: callFacts(request, tokenOptions),
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

function clientOptions(request: ChatRequest, options: CallOptions, watchingFetch: typeof fetch): ClientOptions {
  return {
    baseURL: request.route.baseURL,
    defaultQuery: request.route.query,
    apiKey: options.token,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: watchingFetch,
    logLevel: 'off',
  };
}

function requestBody(request: ChatRequest) {
  return {
    model: request.deployment,
    messages: request.messages,
    ...(request.maxTokens !== undefined ? tokenLimitField(request.maxTokens) : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(request.reasoningEffort !== undefined ? { reasoning_effort: request.reasoningEffort } : {}),
    ...(request.responseFormat !== undefined ? { response_format: request.responseFormat } : {}),
  };
}

/** One attempt, streamed or not; both yield the same Answer. */
function chatAttempt(client: OpenAIModule.OpenAI, request: ChatRequest, options: CallOptions, now: () => number) {
  return async (body: ReturnType<typeof requestBody>, timeout: number): Promise<{ answer: Answer; response: Response }> => {
    if (request.stream) {
      const streamBody = { ...body, stream: true as const, stream_options: { include_usage: true } };
      const { data, response } = await client.chat.completions.create(streamBody, { timeout }).withResponse();
      return { answer: await readChatStream(data, { progress: options.log, debug: options.debug, now }), response };
    }
    const { data, response } = await client.chat.completions.create(body, { timeout }).withResponse();
    return { answer: answerFromCompletion(data), response };
  };
}

function callFacts(request: ChatRequest, options: CallOptions): CallFacts {
  const token = options.tokenFacts?.();
  return {
    url: request.route.url,
    host: request.route.host,
    deployment: request.deployment,
    timeoutMs: options.timeoutMs,
    ...(token ? { token } : {}),
  };
}

function tokenScope(facts: AccessTokenFacts | undefined): Pick<ChatResult, 'tokenScope'> {
  return facts ? { tokenScope: facts.scope } : {};
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
