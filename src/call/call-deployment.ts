/**
 * Calls the deployment's chat-completions route with the `openai` client,
 * one attempt at a time: the retry policy is ours (see retry.ts) so that
 * every attempt, wait and reason is logged and counted.
 */
import { type Answer, answerFromCompletion, MalformedAnswerError } from './answer.ts';
import { describeFailure, failureLabel, isRetryable } from './attempt-failure.ts';
import { type AccessTokenFacts, CallError, type CallFacts, type ChatResult } from './call-outcome.ts';
import type { ChatRoute } from '../endpoint/endpoint.ts';
import type * as OpenAIModule from 'openai';
import type { ChatMessage } from '../prompt/messages.ts';
import { oneLine } from '../secrets.ts';
import type { ReasoningEffort } from '../inputs/model-parameters.ts';
import { httpFetch, proxiedFetch } from './http-fetch.ts';
import { proxyConfigured, proxyErrorOf } from '../proxy.ts';
import { readChatStream } from './read-stream.ts';
import { describeRequest, describeResponse } from './redact.ts';
import { backoffDelayMs, overallDeadlineMs, serverRetryDelayMs } from './retry.ts';
import type { ResponseFormatBody } from '../inputs/response-format.ts';
import { watchBody } from './watch-body.ts';
import {
  ANSWER_MAX_BYTES,
  BodyTooLargeError,
  capResponse,
  type Cap,
  SMALL_BODY_MAX_BYTES,
  SSE_EVENT_MAX_BYTES,
  STREAM_MAX_BYTES,
  withBody,
} from '../bounded-body.ts';
import { rememberTokenLimitParam, tokenLimitFallback, tokenLimitField } from './token-limit.ts';

// Until report/ and workflow/ import it from call-outcome.ts.
export type { ChatResult } from './call-outcome.ts';

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
  tokenFacts?: () => AccessTokenFacts;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
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
  const { default: OpenAI } = await loadClient();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  const deadlineMs = overallDeadlineMs(options.timeoutMs, options.maxRetries, options.maxRetryWaitMs);
  const deadlineAt = started + deadlineMs;

  // The last error response's raw body: Azure's 401 has no `error` wrapper, which the client drops.
  // Every body is watched for stalls (watch-body.ts); a 200 that is not JSON fails here, named.
  let lastErrorBody: string | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    lastErrorBody = undefined;
    options.debug(describeRequest(input, init));
    const raw = proxyConfigured(process.env)
      ? await proxiedFetch(input, init).catch((error: unknown) => {
          throw proxyErrorOf(error, new URL(input instanceof Request ? input.url : String(input)), process.env) ?? error;
        })
      : await httpFetch(input, init);
    const response = watchBody(capResponse(raw, modelBodyCap(raw)), { idleMs: options.timeoutMs, deadlineAt, now });
    options.debug(describeResponse(response));
    if (!response.ok) {
      // Read here, capped, so a body too large fails as such rather than as the status it came with.
      lastErrorBody = await response.text().catch((error: unknown) => {
        if (error instanceof BodyTooLargeError) throw error;
        return undefined;
      });
      return withBody(response, lastErrorBody ?? '');
    }
    await rejectUnexpectedContent(response);
    return response;
  };

  const client = new OpenAI({
    baseURL: request.route.baseURL,
    defaultQuery: request.route.query,
    apiKey: options.token,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: options.timeoutMs,
    fetch: recordingFetch,
    logLevel: 'off',
  });

  let body = {
    model: request.deployment,
    messages: request.messages,
    ...(request.maxTokens !== undefined ? tokenLimitField(request.maxTokens) : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.topP !== undefined ? { top_p: request.topP } : {}),
    ...(request.reasoningEffort !== undefined ? { reasoning_effort: request.reasoningEffort } : {}),
    ...(request.responseFormat !== undefined ? { response_format: request.responseFormat } : {}),
  };

  /** One attempt, streamed or not; both yield the same Answer. */
  const attemptOnce = async (timeout: number): Promise<{ answer: Answer; response: Response }> => {
    if (request.stream) {
      const streamBody = { ...body, stream: true as const, stream_options: { include_usage: true } };
      const { data, response } = await client.chat.completions.create(streamBody, { timeout }).withResponse();
      return { answer: await readChatStream(data, { progress: options.log, debug: options.debug, now }), response };
    }
    const { data, response } = await client.chat.completions.create(body, { timeout }).withResponse();
    return { answer: answerFromCompletion(data), response };
  };

  options.debug(`Overall deadline of the call: ${deadlineMs / 1000} s (timeout × attempts + the longest waits between them).`);
  const reasons: string[] = [];
  let tokenLimitRetries = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      // The last attempt gets only what is left before the deadline.
      const { answer, response } = await attemptOnce(Math.max(1, Math.min(options.timeoutMs, deadlineAt - now())));
      return {
        ...answer,
        requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
        latencyMs: now() - started,
        attempts: attempt,
        retryReasons: reasons,
      };
    } catch (error) {
      const failure = describeFailure(error);
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
      const retriesLeft = options.maxRetries - (attempt - 1 - tokenLimitRetries);
      const asked = serverRetryDelayMs(failure.headers, now());
      const details = {
        failure,
        facts: callFacts(request, options),
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

/** The cap on a model call's body: an error body is small, a stream is long but made of short events. */
function modelBodyCap(response: Response): Cap {
  if (!response.ok) return { maxBytes: SMALL_BODY_MAX_BYTES, source: `Azure OpenAI's ${response.status} answer` };
  if (/event-stream/i.test(response.headers.get('content-type') ?? ''))
    return { maxBytes: STREAM_MAX_BYTES, maxEventBytes: SSE_EVENT_MAX_BYTES, source: "Azure OpenAI's streamed answer" };
  return { maxBytes: ANSWER_MAX_BYTES, source: "Azure OpenAI's answer" };
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A 200 that is neither JSON nor an event stream is not Azure OpenAI talking:
 * a proxy, captive portal or firewall page. Another attempt would get the same
 * page, so it fails at once, quoting the page's title.
 */
async function rejectUnexpectedContent(response: Response): Promise<void> {
  const type = response.headers.get('content-type');
  if (!type || /json|event-stream/i.test(type)) return;
  const text = await response.text().catch(() => '');
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1];
  const snippet = oneLine(title ?? text, 160);
  const kind = /html/i.test(type) ? 'HTML' : (type.split(';')[0] ?? type).trim();
  throw new MalformedAnswerError(
    `${kind} instead of JSON`,
    `the endpoint answered ${response.status} with ${kind} instead of JSON${snippet ? `: "${snippet}"` : ''}`,
    false,
  );
}
