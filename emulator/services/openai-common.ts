// What every Azure OpenAI data-plane route shares: the admission checks in Azure's order
// (queued faults -> key auth -> bearer token -> role -> body -> deployment), the error bodies,
// the filter annotations and the response headers. The chat route (azure-openai.ts) and the
// Responses route (responses.ts) each shape their own answer from what admit() hands them.

import { createHash } from 'node:crypto';
import type { DeploymentConfig } from '../config.ts';
import { echoRequest, type Fault } from '../faults.ts';
import { destroySocket, header, isGone, uuid } from '../http.ts';
import type { RequestContext } from '../http.ts';
import { SAMPLING_PARAMS, unsupportedParamBody } from './openai/bodies.ts';
import { commonHeaders } from './openai/headers.ts';
import type { Admitted } from './openai/admit.ts';
import { billsCacheWrites, type CacheUse } from './openai/prompt-cache.ts';

export { admit, azError, requestedDeployment, requestHost, type Admitted } from './openai/admit.ts';
export {
  CHOICE_FILTER_RESULTS,
  FILTERED_CHOICE_RESULTS,
  invalidRequest,
  operationNotSupportedBody,
  PROMPT_FILTER_RESULTS,
  unsupportedParamBody,
} from './openai/bodies.ts';

/** The text of a message's content: a string, or the text parts of an array (chat `text`, Responses `input_text`). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

export function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

export function fingerprint(model: string): string {
  return `fp_${createHash('sha256').update(model).digest('hex').slice(0, 10)}`;
}

/** The 400 for a sampling parameter a reasoning deployment refuses, if the request carries one. */
export function refusedSampling(deployment: DeploymentConfig, req: Record<string, unknown>): unknown {
  if (!deployment.rejectsSampling) return undefined;
  if (deployment.rejectsSampling === 'with-reasoning' && reasoningEffort(req) === 'none') return undefined;
  const param = SAMPLING_PARAMS.find((p) => req[p] !== undefined && req[p] !== null);
  return param ? unsupportedParamBody(param) : undefined;
}

/** The effort a request asks for on either API (chat's reasoning_effort, Responses' reasoning.effort); 'none' when unset. */
function reasoningEffort(req: Record<string, unknown>): unknown {
  const reasoning = req.reasoning;
  const nested = typeof reasoning === 'object' && reasoning !== null ? (reasoning as { effort?: unknown }).effort : undefined;
  return req.reasoning_effort ?? nested ?? 'none';
}

/** The answer a `reply` fault gives (its {{request.*}} filled in), if one shapes this request. */
export function replyFaultOf(ctx: RequestContext, shaping: Fault[]): { fault?: Extract<Fault, { kind: 'reply' }>; content?: string } {
  const fault = shaping.find((f): f is Extract<Fault, { kind: 'reply' }> => f.kind === 'reply');
  if (!fault) return {};
  return {
    fault,
    content: echoRequest(fault.content, { authorization: header(ctx, 'authorization') ?? '', body: ctx.rawBody.toString('utf8') }),
  };
}

/** Rate-limit and served-by headers of a successful answer; counts what the resource has served. */
export function successHeaders(counter: { requests: number; tokens: number }, deploymentName: string): Record<string, string> {
  return {
    ...commonHeaders(),
    'x-request-id': uuid(),
    'x-ratelimit-remaining-requests': String(Math.max(0, 1000 - (counter.requests % 1000))),
    'x-ratelimit-remaining-tokens': String(Math.max(0, 1_000_000 - (counter.tokens % 1_000_000))),
    'x-ratelimit-limit-requests': '1000',
    'x-ratelimit-limit-tokens': '1000000',
    'x-ms-deployment-name': deploymentName,
  };
}

/** The reasoning tokens the deployment reports. */
export function reasoningTokensOf(deployment: DeploymentConfig): number {
  return Math.max(0, deployment.reasoningTokens ?? 0);
}

/**
 * The cache's part of a successful request's usage: the prompt cache's count on the request's route (deployment
 * and prompt_cache_key), or the deployment's fixed cachedTokens (capped at the prompt's tokens) when it has one.
 */
export function cacheUse(ctx: RequestContext, admitted: Admitted, prompt: string, promptTokens: number): CacheUse {
  const { deployment, deploymentName, req } = admitted;
  const key = typeof req.prompt_cache_key === 'string' ? req.prompt_cache_key : undefined;
  const billsWrites = deployment.cacheWrites ?? billsCacheWrites(deployment.model);
  const counted = ctx.state.promptCache.use({ deployment: deploymentName, key }, prompt, promptTokens, billsWrites);
  if (deployment.cachedTokens === undefined) return counted;
  return { ...counted, cachedTokens: Math.min(promptTokens, Math.max(0, deployment.cachedTokens)) };
}

/** The tier a request asked for, echoed in its answer's service_tier as the service does; undefined when it asked for none. */
export function requestedTier(req: Record<string, unknown>): string | undefined {
  return typeof req.service_tier === 'string' && req.service_tier !== '' ? req.service_tier : undefined;
}

/** No stream to stall or cut: send part of the JSON, then cut or hang. */
export async function sendPartialJson(
  ctx: RequestContext,
  answer: unknown,
  headers: Record<string, string>,
  fault: Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }>,
): Promise<void> {
  const text = JSON.stringify(answer);
  ctx.res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  ctx.res.write(text.slice(0, Math.floor(text.length / 2)));
  if (fault.kind === 'cut-stream' && (await ctx.state.lifecycle.sleep(20))) destroySocket(ctx);
}

/** Sends server-sent events one by one; a stall or cut fault stops after its `afterChunks` events. */
export async function sendEvents(
  ctx: RequestContext,
  headers: Record<string, string>,
  events: string[],
  fault: Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }> | undefined,
): Promise<void> {
  ctx.res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  ctx.res.flushHeaders();
  for (let i = 0; i < events.length; i++) {
    if (i === fault?.afterChunks) {
      if (fault.kind === 'cut-stream') {
        if (await ctx.state.lifecycle.sleep(10)) destroySocket(ctx);
      }
      // stall: keep the socket open and silent until the client gives up or stop() runs.
      return;
    }
    if (isGone(ctx)) return;
    ctx.res.write(events[i]);
    // Let events leave one by one, like a real stream.
    await new Promise<void>((r) => setImmediate(r));
  }
  ctx.res.end();
}
