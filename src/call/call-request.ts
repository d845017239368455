/** What a call is asked to send, and what it is given to send it with. */
import type { AudienceSwitch } from './audience-switch.ts';
import type { AccessTokenFacts } from './call-outcome.ts';
import type { CallLearning } from './token-limit.ts';
import type { ModelRoute } from '../endpoint/endpoint.ts';
import type { ApiChoice, PromptMessage, GenerationParameters, ToolUse } from '../model-call.ts';

export interface ModelRequest extends GenerationParameters {
  /** The Chat Completions route. */
  route: ModelRoute;
  /** The Responses route: called with api: responses, switched to by api: auto. */
  responsesRoute?: ModelRoute;
  /** Chat Completions when absent. */
  api?: ApiChoice;
  deployment: string;
  messages: PromptMessage[];
  /** Stream the answer: progress in the log, and a stall is detected and retried. */
  stream?: boolean;
  /** The tools offered and the rounds of calls so far (tool-loop.ts); absent without tools. */
  toolUse?: ToolUse;
}

export interface CallOptions {
  /** The bearer token for each attempt (cached: one token per run). */
  token: () => Promise<string>;
  /** The token's scope and claims, for the diagnosis of a refused call. */
  tokenFacts?: () => AccessTokenFacts | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts the action accepts from a retry-after header. */
  maxRetryWaitMs: number;
  /** The call's overall bound (Config.deadlineMs): timeout × attempts plus the longest waits. */
  deadlineMs: number;
  /** When the run's model calls must end, shared by a failover chain (failover.ts); the call's own deadline is never exceeded. */
  deadlineAt?: number;
  /** What earlier calls of the run learnt (failover.ts); a call alone starts from the defaults. */
  learnt?: CallLearning;
  log: (message: string) => void;
  debug: (message: string) => void;
  /** The other audience's token, asked for once on a 401 "audience is incorrect" (audience-switch.ts); absent: never switch. */
  audienceSwitch?: AudienceSwitch;
  /** A warning annotation (a parameter dropped); the log when absent. */
  warn?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}
