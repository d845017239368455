/**
 * Calls the deployment with the `openai` client, on Chat Completions or the
 * Responses API, one attempt at a time: the retry policy is ours
 * (attempt-failure.ts says what is worth repeating, retry.ts how long to
 * wait), so that every attempt, wait and reason is logged and counted. A few
 * 400s are answered by changing the request once, without using up a retry:
 * the token limit's other name (token-limit.ts), the Responses API for a
 * model without chat under api: auto, and a reasoning model's refusal of
 * temperature / top_p (refused-request.ts). A 401 about the token's
 * audience gets one more try with the other Azure AI audience's token
 * (audience-switch.ts), not counted as a retry either.
 */
import { modelAttempt } from './attempt.ts';
import { presentedToken } from './audience-switch.ts';
import { type AttemptFailure, describeFailure, failureLabel, isRetryable } from './attempt-failure.ts';
import { type AccessTokenFacts, CallError, type CallFacts, type ModelAnswer } from './call-outcome.ts';
import type { CallOptions, ModelRequest } from './call-request.ts';
import type { ModelRoute } from '../endpoint/endpoint.ts';
import type * as OpenAIModule from 'openai';
import type { ClientOptions } from 'openai';
import { VERSION as OPENAI_VERSION } from 'openai/version';
import type { Api } from '../model-call.ts';
import { bodyFor, changeRequest, type RequestState, samplingSet } from './request-changes.ts';
import { messageOf } from '../errors.ts';
import { oneLine } from '../secrets.ts';
import { backoffDelayMs } from './retry.ts';
import { statedWait } from './stated-wait.ts';
import { watchedFetch } from './watched-fetch.ts';

export type { CallOptions, ModelRequest } from './call-request.ts';

/**
 * Starts loading the `openai` client (its chunk of the bundle) without
 * waiting: called while the token request travels, it is ready by the call
 * (the module loader keeps the one load for every later call).
 */
export function loadClient(): Promise<typeof OpenAIModule> {
  return import('openai');
}

export async function callDeployment(request: ModelRequest, options: CallOptions): Promise<ModelAnswer> {
  const { default: OpenAI, APIConnectionTimeoutError, APIError } = await loadClient();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  const { deadlineMs } = options;
  const deadlineAt = options.deadlineAt ?? started + deadlineMs;
  const watched = watchedFetch(options, deadlineAt, now, request.stream === true);
  const presented = presentedToken(options, options.audienceSwitch);
  const tokenOptions = { ...options, token: presented.token, tokenFacts: presented.tokenFacts };
  const client = (route: ModelRoute) => new OpenAI(clientOptions(route, tokenOptions, watched.fetch));
  const clients = { chat: client(request.route), responses: request.responsesRoute && client(request.responsesRoute) };
  const attemptOnce = modelAttempt(clients, request.stream === true, { progress: options.log, debug: options.debug, now });
  const state = firstState(request, options);

  options.debug(`Overall deadline of the call: ${deadlineMs / 1000} s (timeout × attempts + the longest waits between them).`);
  const reasons: string[] = [];
  let audienceSwitches = 0;
  for (let attempt = 1; ; attempt++) {
    const body = bodyFor(request, state);
    try {
      // The last attempt gets only what is left before the deadline.
      const { answer, response } = await attemptOnce(body, Math.max(1, Math.min(options.timeoutMs, deadlineAt - now())));
      return {
        ...answer,
        api: state.api,
        tokenLimitParam: request.maxTokens !== undefined && state.api === 'chat' ? state.learnt.tokenLimit : undefined,
        requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
        latencyMs: now() - started,
        attempts: attempt,
        retryReasons: reasons,
        droppedParameters: state.dropSampling ? samplingSet(request) : undefined,
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
      const changed = changeRequest(request, state, body, failure.status, lastErrorBody, options);
      if (changed) {
        reasons.push(changed);
        continue;
      }
      reasons.push(failureLabel(failure));
      // The request changes are not retries: each is made once, and not counted against max-retries.
      const retriesLeft = options.maxRetries - (attempt - 1 - state.changes.size - audienceSwitches);
      const facts = callFacts(request, state.api, tokenOptions);
      const wait = nextWait(error, failure, { attempt, retriesLeft, reasons, lastErrorBody, facts, deadlineAt, now }, options);
      await sleep(wait);
    }
  }
}

/** What the call starts from: the API asked for, and the token limit's name the run has learnt. */
function firstState(request: ModelRequest, options: CallOptions): RequestState {
  return {
    api: request.api === 'responses' ? 'responses' : 'chat',
    dropSampling: false,
    learnt: options.learnt ?? { tokenLimit: 'max_completion_tokens' },
    changes: new Set(),
  };
}

/** Where a failed attempt leaves the call: what the wait or the CallError needs. */
interface FailedAttempt {
  attempt: number;
  retriesLeft: number;
  reasons: string[];
  lastErrorBody: string | undefined;
  facts: CallFacts;
  deadlineAt: number;
  now: () => number;
}

/** The wait before the next attempt, said in the log; the call's CallError when no attempt is left or may wait. */
function nextWait(error: unknown, failure: AttemptFailure, failed: FailedAttempt, options: CallOptions): number {
  const { attempt, retriesLeft, lastErrorBody, now } = failed;
  // The wait the refusal states: its headers, else its message's words.
  const stated = statedWait(failure.headers, lastErrorBody ?? messageOf(error), now());
  const details = {
    failure,
    facts: failed.facts,
    attempts: attempt,
    reasons: [...failed.reasons],
    body: lastErrorBody,
    deadlineMs: now() >= failed.deadlineAt ? options.deadlineMs : undefined,
  };
  if (!isRetryable(failure) || retriesLeft <= 0) throw new CallError(error, details);
  // A wait longer than max-retry-wait fails at once: an attempt before it ends would be refused the same way.
  if (stated !== undefined && stated.ms > options.maxRetryWaitMs) {
    throw new CallError(error, { ...details, retryAfterMs: stated.ms });
  }
  const wait = stated?.ms ?? backoffDelayMs(attempt);
  if (now() + wait >= failed.deadlineAt) throw new CallError(error, { ...details, deadlineMs: options.deadlineMs });
  const asked = stated ? `, as ${stated.source} asks` : '';
  options.log(
    `Attempt ${attempt} failed (${failureLabel(failure)}); retrying in ${formatWait(wait)}${asked} (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left).`,
  );
  return wait;
}

/** Named explicitly: the SDK's own is its class name, which the minified bundle renames ("x/JS"). */
const USER_AGENT = `azure-openai-keyless-action OpenAI/JS ${OPENAI_VERSION}`;

function clientOptions(route: ModelRoute, options: CallOptions, watchingFetch: typeof fetch): ClientOptions {
  return {
    defaultHeaders: { 'User-Agent': USER_AGENT },
    baseURL: route.baseURL,
    defaultQuery: route.query,
    apiKey: options.token,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: watchingFetch,
    // The client's messages can quote a service's body: they go, if ever, to the scrubbed debug log only.
    logLevel: 'off',
    logger: { error: options.debug, warn: options.debug, info: options.debug, debug: options.debug },
  };
}

function callFacts(request: ModelRequest, api: Api, options: CallOptions): CallFacts {
  const token = options.tokenFacts?.();
  const route = api === 'responses' && request.responsesRoute ? request.responsesRoute : request.route;
  return {
    url: route.url,
    host: route.host,
    deployment: request.deployment,
    timeoutMs: options.timeoutMs,
    ...(request.serviceTier ? { serviceTier: request.serviceTier } : {}),
    ...(token ? { token } : {}),
  };
}

/** Where Azure says the call was served; service strings, so made one safe line and cut short. */
function servedBy(headers: Headers): Pick<ModelAnswer, 'region' | 'servedDeployment'> {
  const region = oneLine(headers.get('x-ms-region') ?? '', 60);
  const deployment = oneLine(headers.get('x-ms-deployment-name') ?? '', 100);
  return { ...(region ? { region } : {}), ...(deployment ? { servedDeployment: deployment } : {}) };
}

function tokenScope(facts: AccessTokenFacts | undefined): Pick<ModelAnswer, 'tokenScope'> {
  return facts ? { tokenScope: facts.scope } : {};
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
