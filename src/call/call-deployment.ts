/**
 * Calls the deployment's chat-completions route with the `openai` client,
 * one attempt at a time: the retry policy is ours (see retry.ts) so that
 * every attempt, wait and reason is logged and counted.
 */
import { type Answer, answerFromCompletion, MalformedAnswerError } from './answer.ts';
import type { ChatRoute } from '../endpoint/endpoint.ts';
import type * as OpenAIModule from 'openai';
import { findInChain, messageOf, networkCode } from '../errors.ts';
import type { ChatMessage } from '../chat.ts';
import { oneLine } from '../secrets.ts';
import type { ReasoningEffort } from '../chat.ts';
import { httpFetch, proxiedFetch } from './http-fetch.ts';
import { proxyConfigured, proxyErrorOf } from '../proxy.ts';
import { readChatStream } from './read-stream.ts';
import { describeRequest, describeResponse } from './redact.ts';
import { type AttemptFailure, backoffDelayMs, isRetryable, overallDeadlineMs, serverRetryDelayMs } from './retry.ts';
import type { ResponseFormatBody } from '../chat.ts';
import { StallError, watchBody } from './watch-body.ts';
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
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
  log: (message: string) => void;
  debug: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** The answer, and how it was obtained. */
export interface ChatResult extends Omit<Answer, 'filtered'> {
  requestId: string;
  latencyMs: number;
  attempts: number;
  /** Why each failed attempt failed ("HTTP 429", "timed out"), in order. */
  retryReasons?: string[];
  /** Completion filter categories flagged as filtered (with finish reason content_filter). */
  filtered?: string[];
}

/** A failed call, with what the diagnosis needs: the last answer and how many attempts were made. */
export class CallError extends Error {
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly headers: Headers | undefined;
  readonly attempts: number;
  readonly failure: AttemptFailure;
  /** The service asked to wait longer than max-retry-wait allows. */
  readonly retryAfterMs: number | undefined;
  /** Why each attempt failed, in order. */
  readonly reasons: string[];
  /** Set when the call stopped at its overall deadline (milliseconds). */
  readonly deadlineMs: number | undefined;

  constructor(
    cause: unknown,
    details: { failure: AttemptFailure; body?: string; attempts: number; retryAfterMs?: number; reasons?: string[]; deadlineMs?: number },
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CallError';
    this.failure = details.failure;
    this.status = details.failure.status;
    this.headers = details.failure.headers;
    this.body = details.body;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs;
    this.reasons = details.reasons ?? [];
    this.deadlineMs = details.deadlineMs;
  }
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

/** Reads the status, headers, timeout flag and network code from an `openai` error. */
export function describeFailure(error: unknown): AttemptFailure {
  const failure: AttemptFailure = {};
  if (error && typeof error === 'object') {
    const e = error as { status?: unknown; headers?: unknown; name?: unknown; constructor?: { name?: string } };
    if (typeof e.status === 'number') failure.status = e.status;
    if (e.headers instanceof Headers) failure.headers = e.headers;
    if (e.constructor?.name === 'APIConnectionTimeoutError' || e.name === 'TimeoutError') failure.timedOut = true;
  }
  const stall = findInChain(error, StallError);
  if (stall) {
    failure.timedOut = true;
    failure.stalled = true;
  }
  const tooLarge = findInChain(error, BodyTooLargeError);
  const malformed = findInChain(error, MalformedAnswerError);
  if (tooLarge) failure.malformed = { label: 'answer too large', message: tooLarge.message, retryable: false };
  else if (malformed) failure.malformed = { label: malformed.label, message: malformed.message, retryable: malformed.retryable };
  else if (error instanceof SyntaxError)
    failure.malformed = { label: 'unreadable JSON', message: `the answer is not valid JSON (${error.message})`, retryable: true };
  // An `error` event inside a 200 stream: the client raises an APIError without a status.
  else if (failure.status === undefined && (error as { constructor?: { name?: string } } | null)?.constructor?.name === 'APIError') {
    failure.malformed = { label: 'error in the stream', message: `the stream carried an error: ${messageOf(error)}`, retryable: true };
  }
  if (failure.status === undefined && !failure.timedOut && !failure.malformed) {
    const code = networkCode(error);
    if (code !== undefined) failure.code = code;
  }
  return failure;
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

export function failureLabel(failure: AttemptFailure): string {
  if (failure.malformed) return failure.malformed.label;
  if (failure.stalled) return 'stalled';
  if (failure.timedOut) return 'timed out';
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  if (failure.code === 'UND_ERR_SOCKET' || failure.code === 'ECONNRESET') return `connection reset (${failure.code})`;
  return failure.code ?? 'connection error';
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
