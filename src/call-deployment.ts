/**
 * Calls the deployment's chat-completions route with the `openai` client,
 * one attempt at a time: the retry policy is ours (see retry.ts) so that
 * every attempt, wait and reason is logged and counted.
 */
import type { ChatRoute } from './endpoint.ts';
import type { ChatMessage } from './messages.ts';
import { type AttemptFailure, backoffDelayMs, isRetryable, serverRetryDelayMs } from './retry.ts';

export interface ChatRequest {
  route: ChatRoute;
  deployment: string;
  messages: ChatMessage[];
  maxTokens?: number;
  temperature?: number;
}

export interface CallOptions {
  /** The bearer token for each attempt (cached: one token per run). */
  token(): Promise<string>;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
  log(message: string): void;
  debug(message: string): void;
  sleep?(ms: number): Promise<void>;
  now?(): number;
}

export interface ChatResult {
  text: string;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  model: string;
  requestId: string;
  latencyMs: number;
  attempts: number;
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

  constructor(cause: unknown, details: { failure: AttemptFailure; body?: string; attempts: number; retryAfterMs?: number }) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CallError';
    this.failure = details.failure;
    this.status = details.failure.status;
    this.headers = details.failure.headers;
    this.body = details.body;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export async function callDeployment(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
  const { default: OpenAI } = await import('openai');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  // The last error response's raw body: Azure's 401 has no `error` wrapper, which the client drops.
  let lastErrorBody: string | undefined;
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok) lastErrorBody = await response.clone().text().catch(() => undefined);
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

  const body = {
    model: request.deployment,
    messages: request.messages,
    ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  };

  const started = now();
  for (let attempt = 1; ; attempt++) {
    lastErrorBody = undefined;
    try {
      const { data, response } = await client.chat.completions.create(body).withResponse();
      const choice = data.choices?.[0];
      if (!choice) throw new Error('the service answered 200 with no choices');
      return {
        text: choice.message?.content ?? '',
        finishReason: choice.finish_reason ?? 'unknown',
        promptTokens: data.usage?.prompt_tokens ?? 0,
        completionTokens: data.usage?.completion_tokens ?? 0,
        totalTokens: data.usage?.total_tokens ?? 0,
        model: data.model ?? '',
        requestId: response.headers.get('apim-request-id') ?? response.headers.get('x-request-id') ?? '',
        latencyMs: now() - started,
        attempts: attempt,
      };
    } catch (error) {
      const failure = describeFailure(error);
      const retriesLeft = options.maxRetries - (attempt - 1);
      const asked = serverRetryDelayMs(failure.headers, now());
      const details = { failure, attempts: attempt, ...(lastErrorBody !== undefined ? { body: lastErrorBody } : {}) };
      if (!isRetryable(failure) || retriesLeft <= 0) throw new CallError(error, details);
      if (asked !== undefined && asked > options.maxRetryWaitMs) {
        throw new CallError(error, { ...details, retryAfterMs: asked });
      }
      const wait = asked ?? backoffDelayMs(attempt);
      options.log(`Attempt ${attempt} failed (${failureLabel(failure)}); retrying in ${(wait / 1000).toFixed(1)} s (${retriesLeft} ${retriesLeft === 1 ? 'retry' : 'retries'} left).`);
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
  if (failure.status === undefined) {
    const code = networkCode(error);
    if (code !== undefined) failure.code = code;
  }
  return failure;
}

/** Walks an error's `cause` chain for a Node system error code. */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function failureLabel(failure: AttemptFailure): string {
  if (failure.timedOut) return 'timed out';
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  return failure.code ?? 'connection error';
}
