/**
 * The run's model call. The deployment input first, then each fallback in
 * turn (failover.ts); for a diff split into parts (large-diff: split), each
 * part through that chain, then the combining call (call-parts.ts). Every
 * call of the run keeps to one deadline, the one a single call has
 * (deadlineMs). Without a scope input, a 401 "audience is incorrect" gets one
 * more try with the other Azure AI audience (tokenFor). Without tools nothing
 * of theirs is loaded; with them, their code loads when the model first
 * calls one.
 */
import type { BudgetFacts } from '../budget/fit-context.ts';
import type { SplitContext } from '../budget/split-context.ts';
import { callWithFailover, type FailoverTarget } from '../call/failover.ts';
import type { FailoverResult } from '../call/failover-outcome.ts';
import type { Config } from '../config.ts';
import type { Authenticated } from '../identity/authenticate.ts';
import type { PromptMessage } from '../model-call.ts';
import { generationParameters } from '../prompt/parameters.ts';
import { toolLoop } from '../tools/tool-loop-options.ts';
import { callInParts, type PartsResult } from './call-parts.ts';

export interface ModelAsk {
  config: Config;
  targets: FailoverTarget[];
  /** What is asked: the messages of one request, or the parts of a split diff. */
  asked: PromptMessage[] | SplitContext;
  signedIn: Pick<Authenticated, 'token' | 'tokenFacts' | 'tokenFor'>;
  log: { info(message: string): void; debug(message: string): void; warning(message: string): void };
  now?: () => number;
}

/** The run's answer: one call's, or the combining call's with every part's outcome. */
export type CalledAnswer = FailoverResult | PartsResult;

export async function askModel(ask: ModelAsk): Promise<CalledAnswer> {
  const { config, signedIn, log, asked } = ask;
  const now = ask.now ?? Date.now;
  const deadlineAt = now() + config.deadlineMs;
  const tools = toolLoop(config, process.env, (message) => log.info(message));
  const request = { api: config.api, stream: config.stream, ...generationParameters(config), promptCache: config.promptCache };
  const options = {
    tools,
    firstToken: { scope: config.identity.scope, token: signedIn.token, tokenFacts: signedIn.tokenFacts },
    tokenFor: signedIn.tokenFor,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    maxRetryWaitMs: config.maxRetryWaitMs,
    deadlineMs: config.deadlineMs,
    runDeadlineAt: deadlineAt,
    log: (message: string) => log.info(message),
    debug: (message: string) => log.debug(message),
    warn: (message: string) => log.warning(message),
  };
  const call = (messages: PromptMessage[]) => callWithFailover({ ...request, messages }, ask.targets, options);
  const answering = Array.isArray(asked)
    ? call(asked)
    : callInParts({ parts: asked.parts, combine: asked.combine, ask: call, deadlineAt, log: options.log, now });
  return answering.finally(() => tools?.runner.close());
}

/** The budget's parts with what each call gave, when the answer came from parts. */
export function withPartOutcomes(budget: BudgetFacts | undefined, answered: CalledAnswer | undefined): BudgetFacts | undefined {
  if (!budget?.parts || !answered || !('parts' in answered)) return budget;
  return { ...budget, parts: budget.parts.map((part, index) => ({ ...part, outcome: answered.parts[index] })) };
}
