/**
 * The model call across deployments: the endpoint and deployment inputs
 * first, then each line of the fallbacks input, in order. Each entry is one
 * callDeployment with its own retries; a failure that another deployment may
 * not share (failover-reason.ts) moves on to the next at once, with the same
 * token where the scope is the same and a token per scope otherwise. The
 * whole chain keeps to the one deadline a single call has (retry.ts): the
 * bound a user set with timeout, max-retries and max-retry-wait (and that
 * read-config.ts keeps under GitHub's job limit) holds however many fallbacks
 * there are; the entries a quota or a missing deployment fails cost next to
 * nothing of it, so the next gets nearly all.
 */
import { alternateScope } from '../endpoint/cloud.ts';
import { type Endpoint, isAzureAiHost } from '../endpoint/endpoint.ts';
import type { Config, FallbackTarget, PromptCacheSetting, ServiceTier } from '../config.ts';
import { oneLine } from '../secrets.ts';
import type { CallToken } from './audience-switch.ts';
import { callDeployment } from './call-deployment.ts';
import type { CallOptions, ModelRequest } from './call-request.ts';
import { type CallRoutes, callRoutes, streamingApiVersion } from './call-routes.ts';
import { CallError, type ModelAnswer } from './call-outcome.ts';
import { FailoverError, type FailoverResult, type TriedTarget } from './failover-outcome.ts';

export type { FailoverResult } from './failover-outcome.ts';
import { failoverVerdict } from './failover-reason.ts';
import { streamDecision } from './read-stream.ts';
import { callWithTools, type ToolLoopOptions } from './tool-loop.ts';
import { promptCacheKeyFor } from './prompt-cache-key.ts';
import type { CallLearning } from './token-limit.ts';

/** One entry of the chain: where, which deployment, and the token scope it takes. */
export interface FailoverTarget {
  endpoint: Endpoint;
  deployment: string;
  apiVersion: string;
  scope: string;
  /** The routes it is called on, for the api input. */
  routes: CallRoutes;
  /**
   * The other Azure AI audience, tried once on a 401 "audience is incorrect"; absent when the scope was chosen by
   * input or the host is not one of Azure's own AI hosts (isAzureAiHost).
   */
  alternateScope?: string;
  /** The tier this entry is called on: the line's own, else the service-tier input; absent: default. */
  serviceTier?: ServiceTier;
}

/**
 * The chain a run tries: the primary, then the fallbacks. Without a scope
 * input each entry's cloud decides its scope; read-fallbacks.ts keeps every
 * entry in the primary's cloud, so today they share the run's first token.
 */
export function failoverTargets(config: Config): [FailoverTarget, ...FailoverTarget[]] {
  const primary: Omit<FallbackTarget, 'line'> = {
    endpoint: config.endpoint,
    deployment: config.deployment,
    apiVersion: config.apiVersion,
  };
  return [chainEntry(primary, config), ...(config.fallbacks ?? []).map((target) => chainEntry(target, config))];
}

function chainEntry(target: Omit<FallbackTarget, 'line'>, config: Config): FailoverTarget {
  const { scopeFromInput, scope } = config.identity;
  const targetScope = scopeFromInput ? scope : target.endpoint.cloud.scope;
  const alternate = scopeFromInput || !isAzureAiHost(target.endpoint.host) ? undefined : alternateScope(targetScope);
  return {
    endpoint: target.endpoint,
    deployment: target.deployment,
    apiVersion: target.apiVersion,
    scope: targetScope,
    routes: callRoutes(target.endpoint, target.deployment, target.apiVersion, config.api),
    alternateScope: alternate,
    serviceTier: target.serviceTier ?? config.serviceTier,
  };
}

export interface FailoverOptions extends Omit<CallOptions, 'token' | 'tokenFacts' | 'audienceSwitch' | 'deadlineAt'> {
  /** The run's first token and its scope. */
  firstToken: CallToken & { scope: string };
  /** A token for another scope from the same credential (authenticate's tokenFor); asked for at most once per scope. */
  tokenFor: (scope: string) => Promise<CallToken>;
  /** A deadline shared with other calls of the run (large-diff: split's parts); else one of this call's own. */
  runDeadlineAt?: number | undefined;
  /** The call of one entry (callDeployment; a stand-in in tests). */
  call?: (request: ModelRequest, options: CallOptions) => ReturnType<typeof callDeployment>;
  /** The tools the model may call, and the run's token bound over the rounds; absent without tools. */
  tools?: ToolLoopOptions;
}

/** The request without its destination: the chain gives each entry its routes and deployment. */
export type ChainRequest = Omit<ModelRequest, 'route' | 'responsesRoute' | 'deployment' | 'serviceTier' | 'promptCacheKey'> & {
  /** How each entry's prompt_cache_key is chosen (prompt-cache-key.ts). */
  promptCache?: PromptCacheSetting;
};

export async function callWithFailover(
  request: ChainRequest,
  targets: FailoverTarget[],
  options: FailoverOptions,
): Promise<FailoverResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const chain = entryChain(options, options.runDeadlineAt ?? started + options.deadlineMs);
  const tried: TriedTarget[] = [];
  const errors: CallError[] = [];
  const notTried = (from: number, reason: string): TriedTarget[] =>
    targets.slice(from).map((t) => ({ deployment: t.deployment, host: t.endpoint.host, outcome: 'not tried', reason }));
  // Every entry tried failed (or the deadline came): the first entry's failure is diagnosed.
  const exhausted = (list: TriedTarget[]): Error => {
    const first = errors[0];
    return first ? new FailoverError(first, list, false) : new Error('The failover chain has no deployment to call.');
  };
  for (const [index, target] of targets.entries()) {
    const previous = tried[index - 1];
    if (previous) {
      if (now() >= chain.deadlineAt) throw exhausted([...tried, ...notTried(index, "the run's deadline had passed")]);
      options.log(
        `Failing over to deployment ${target.deployment} on ${target.endpoint.host}${tierNote(target, targets[index - 1])} (entry ${index + 1} of ${targets.length}): deployment ${previous.deployment} on ${previous.host}${tierNote(targets[index - 1], target)} failed (${oneLine(previous.reason ?? '', 200)}).`,
      );
    }
    try {
      const result = await callEntry(request, target, chain);
      tried.push({ deployment: target.deployment, host: target.endpoint.host, outcome: 'answered' });
      const endpoint = `${target.endpoint.origin}${target.endpoint.pathPrefix}`;
      // The wall time of the whole chain: what the run waited for the answer.
      const answer = targets.length > 1 ? { ...result, latencyMs: now() - started } : result;
      return { result: answer, served: { deployment: target.deployment, endpoint, host: target.endpoint.host }, tried };
    } catch (error) {
      // Not a failed call (an identity failure getting another scope's token): nothing to fail over.
      if (!(error instanceof CallError)) throw error;
      // Without fallbacks the call's own error is the run's, diagnosed as ever.
      if (targets.length === 1) throw error;
      const verdict = failoverVerdict(error, target.serviceTier);
      tried.push({ deployment: target.deployment, host: target.endpoint.host, outcome: 'failed', reason: verdict.reason });
      errors.push(error);
      if (!verdict.next) {
        throw new FailoverError(error, [...tried, ...notTried(index + 1, `${verdict.reason} is not failed over`)], true);
      }
    }
  }
  throw exhausted(tried);
}

/** What the entries of one chain share: its deadline, one token per scope, and what the calls learnt. */
interface EntryChain {
  options: FailoverOptions;
  deadlineAt: number;
  learnt: CallLearning;
  tokenOf: (scope: string) => Promise<CallToken>;
}

function entryChain(options: FailoverOptions, deadlineAt: number): EntryChain {
  const tokens = new Map<string, Promise<CallToken>>([[options.firstToken.scope, Promise.resolve(options.firstToken)]]);
  const tokenOf = (scope: string): Promise<CallToken> => {
    let token = tokens.get(scope);
    if (!token) tokens.set(scope, (token = options.tokenFor(scope)));
    return token;
  };
  return { options, deadlineAt, learnt: { tokenLimit: 'max_completion_tokens' }, tokenOf };
}

/** One entry's call: its routes, stream, tier, cache key and token; with tools, as many calls as the model takes rounds. */
async function callEntry(request: ChainRequest, target: FailoverTarget, chain: EntryChain): Promise<ModelAnswer> {
  const { options } = chain;
  const { routes } = target;
  const streaming = streamDecision(request.stream ?? false, streamingApiVersion(target.apiVersion, request.api ?? 'chat'));
  // The notes of why a route or stream was chosen, said once for the entry they concern.
  for (const note of [routes.note, streaming.note]) if (note) options.log(note);
  options.log(`Calling POST ${routes.first.url} (deployment ${target.deployment}${tierNote(target)}).`);
  const { promptCache, ...asked } = request;
  const token = await chain.tokenOf(target.scope);
  const alternate = target.alternateScope;
  const entryRequest: ModelRequest = {
    ...asked,
    serviceTier: target.serviceTier === 'flex' || target.serviceTier === 'priority' ? target.serviceTier : undefined,
    promptCacheKey: promptCacheKeyFor(promptCache, target),
    route: routes.chat,
    responsesRoute: routes.responses,
    deployment: target.deployment,
    stream: streaming.stream,
  };
  const entryOptions: CallOptions = {
    ...options,
    token: token.token,
    tokenFacts: token.tokenFacts,
    audienceSwitch: alternate ? { scope: alternate, obtain: () => chain.tokenOf(alternate) } : undefined,
    deadlineAt: chain.deadlineAt,
    learnt: chain.learnt,
  };
  const call = options.call ?? callDeployment;
  // With tools, one entry is as many calls as the model takes rounds, all under the chain's deadline.
  return options.tools ? callWithTools(entryRequest, entryOptions, call, options.tools) : call(entryRequest, entryOptions);
}

/** ", service tier flex": said for a tier other than the deployment's standard, or for any tier beside another entry's. */
function tierNote(target: FailoverTarget | undefined, beside?: FailoverTarget): string {
  const tier = target?.serviceTier ?? 'default';
  return tier === 'default' && (beside?.serviceTier ?? 'default') === 'default' ? '' : `, service tier ${tier}`;
}
