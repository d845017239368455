/**
 * What a model call yields: the answer and how it was obtained, or a failure
 * carrying what its diagnosis needs (the last answer, the attempts, where the
 * call went and with which token).
 */
import type { Api, ToolCallRecord } from '../model-call.ts';
import type { Answer } from './answer.ts';
import type { AttemptFailure } from './attempt-failure.ts';
import type { TokenLimitParam } from './token-limit.ts';

/** The answer, and how it was obtained. */
export interface ModelAnswer extends Omit<Answer, 'filtered'> {
  /** The API that answered: chat, or responses (asked for, or switched to by api: auto); absent when nothing was called. */
  api?: Api;
  /** The inputs left out because the deployment refused them (temperature, top-p). */
  droppedParameters?: string[];
  /** The token limit's name the answer was asked with (Chat Completions). */
  tokenLimitParam?: TokenLimitParam;
  requestId: string;
  latencyMs: number;
  attempts: number;
  /** Why each failed attempt failed ("HTTP 429", "timed out"), in order. */
  retryReasons?: string[];
  /** The scope of the token that got the answer (the other audience's, after a switch). */
  tokenScope?: string;
  /** The Azure region that served the call (`x-ms-region`), when the service says. */
  region?: string;
  /** The deployment that served the call (`x-ms-deployment-name`), when the service says. */
  servedDeployment?: string;
  /** Completion filter categories flagged as filtered (with finish reason content_filter). */
  filtered?: string[];
  /** Every tool call the model made, in order (tool-loop.ts); absent without tools. */
  toolRecords?: ToolCallRecord[];
}

/** Where the call went, and with which token: what a diagnosis names. */
export interface CallFacts {
  /** The full URL of the call. */
  url: string;
  /** The endpoint's host name as shown to users. */
  host: string;
  deployment: string;
  /** The per-attempt timeout. */
  timeoutMs: number;
  /** The service_tier sent (flex, priority); absent for the deployment's standard processing. */
  serviceTier?: string;
  /** The access token presented: the scope it was requested for, and its claims (oid, appid, aud). */
  token?: AccessTokenFacts;
}

export interface AccessTokenFacts {
  scope: string;
  claims?: Readonly<Record<string, unknown>>;
  /** The `scope` input chose the scope (so the action never switched audience). */
  scopeFromInput?: boolean;
  /** The scope of the token refused first (401 "audience is incorrect"), when the call switched audience. */
  refusedScope?: string;
}

/** A failed call, with what the diagnosis needs: the last answer and how many attempts were made. */
export class CallError extends Error {
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly headers: Headers | undefined;
  readonly attempts: number;
  readonly failure: AttemptFailure;
  readonly facts: CallFacts;
  /** The service asked to wait longer than max-retry-wait allows. */
  readonly retryAfterMs: number | undefined;
  /** Why each attempt failed, in order. */
  readonly reasons: string[];
  /** Set when the call stopped at its overall deadline (milliseconds). */
  readonly deadlineMs: number | undefined;

  constructor(
    cause: unknown,
    details: {
      failure: AttemptFailure;
      facts: CallFacts;
      body?: string;
      attempts: number;
      retryAfterMs?: number;
      reasons?: string[];
      deadlineMs?: number;
    },
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'CallError';
    this.failure = details.failure;
    this.facts = details.facts;
    this.status = details.failure.status;
    this.headers = details.failure.headers;
    this.body = details.body;
    this.attempts = details.attempts;
    this.retryAfterMs = details.retryAfterMs;
    this.reasons = details.reasons ?? [];
    this.deadlineMs = details.deadlineMs;
  }
}
