// What every Azure OpenAI data-plane route shares: the admission checks in Azure's order
// (queued faults -> key auth -> bearer token -> role -> body -> deployment), the error bodies,
// the filter annotations and the response headers. The chat route (azure-openai.ts) and the
// Responses route (responses.ts) each shape their own answer from what admit() hands them.

import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { DeploymentConfig } from '../config.ts';
import { echoRequest, type Fault } from '../faults.ts';
import { applyTransportFault, destroySocket, header, isGone, sendJson, uuid } from '../http.ts';
import type { RecordedRequest, RequestContext } from '../http.ts';
import { claimString, nowSeconds } from '../jwt.ts';

const CHAT_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action';

const SAFE = { filtered: false, severity: 'safe' };
export const PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE },
  },
];
export const CHOICE_FILTER_RESULTS = {
  hate: SAFE,
  protected_material_code: { filtered: false, detected: false },
  protected_material_text: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
export const FILTERED_CHOICE_RESULTS = { ...CHOICE_FILTER_RESULTS, violence: { filtered: true, severity: 'medium' } };

export const UNAUTHORIZED_MESSAGE = (audience: string) =>
  `Unauthorized. Access token is missing, invalid, audience is incorrect (${audience}), or have expired.`;

export function permissionDeniedMessage(objectId: string): string {
  return `The principal \`${objectId}\` lacks the required data action \`${CHAT_ACTION}\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`;
}

export const DEPLOYMENT_NOT_FOUND_MESSAGE =
  'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.';

export const CONTENT_FILTER_PROMPT_BODY = {
  error: {
    message:
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
    type: null,
    param: 'prompt',
    code: 'content_filter',
    status: 400,
    innererror: {
      code: 'ResponsibleAIPolicyViolation',
      content_filter_result: {
        hate: { filtered: false, severity: 'safe' },
        jailbreak: { filtered: true, detected: true },
        self_harm: { filtered: false, severity: 'safe' },
        sexual: { filtered: false, severity: 'safe' },
        violence: { filtered: true, severity: 'medium' },
      },
    },
  },
};

/**
 * Azure's answer on the chat route for a model without Chat Completions (gpt-5.x-codex, gpt-5-pro,
 * codex-mini, o3-pro), as quoted in public issue threads (langchain-ai/langchain-azure#228): no
 * `type` or `param`, unlike OpenAI's errors.
 */
export function operationNotSupportedBody(model: string) {
  return {
    error: {
      code: 'OperationNotSupported',
      message: `The chatCompletion operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
    },
  };
}

/** A reasoning model refusing a parameter it does not take (the token limit's other name, temperature, top_p). */
export function unsupportedParamBody(param: string, instead?: string) {
  return {
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model.${instead ? ` Use '${instead}' instead.` : ''}`,
      type: 'invalid_request_error',
      param,
      code: 'unsupported_parameter',
    },
  };
}

/** The sampling parameters a `rejectsSampling` deployment refuses, by their names in the request body. */
export const SAMPLING_PARAMS = ['temperature', 'top_p'] as const;

export function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
  return { error: { message, type: 'invalid_request_error', param, code } };
}

function retrySeconds(fault: Extract<Fault, { kind: 'status' }>): number {
  if (fault.retryAfterMs !== undefined) return Math.max(1, Math.ceil(fault.retryAfterMs / 1000));
  if (fault.retryAfter !== undefined) {
    const n = Number(fault.retryAfter);
    if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
    const d = Date.parse(fault.retryAfter);
    if (!Number.isNaN(d)) return Math.max(0, Math.ceil((d - Date.now()) / 1000));
  }
  return 1;
}

// Azure-shaped bodies for bare { kind: 'status' } faults.
function statusBody(apiVersion: string, operation: string) {
  return (status: number, fault: Extract<Fault, { kind: 'status' }>): { body: unknown; headers?: Record<string, string> } => {
    switch (status) {
      case 429: {
        const n = retrySeconds(fault);
        const headers: Record<string, string> =
          fault.retryAfter === undefined && fault.retryAfterMs === undefined ? { 'retry-after': '1', 'retry-after-ms': '1000' } : {};
        return {
          headers,
          body: {
            error: {
              code: '429',
              message: `Requests to the ${operation} Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${n} second${n === 1 ? '' : 's'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
            },
          },
        };
      }
      case 500:
        return {
          body: {
            error: {
              message: 'The server had an error while processing your request. Sorry about that!',
              type: 'server_error',
              param: null,
              code: null,
            },
          },
        };
      case 502:
        return { body: { error: { code: 'BadGateway', message: 'Bad gateway.' } } };
      case 503:
        return {
          body: {
            error: {
              code: 'ServiceUnavailable',
              message: 'The service is temporarily unable to process your request. Please try again later.',
            },
          },
        };
      case 408:
        return { body: { error: { code: 'Timeout', message: 'The operation was timeout.' } } };
      default:
        return { body: { error: { code: String(status), message: STATUS_CODES[status] ?? 'Error' } } };
    }
  };
}

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

export function commonHeaders(): Record<string, string> {
  return { 'apim-request-id': uuid(), 'x-ms-region': 'East US', 'x-content-type-options': 'nosniff' };
}

/** Answers with an Azure error; undefined, for admit()'s "already answered". */
function refuse(ctx: RequestContext, status: number, body: unknown): undefined {
  azError(ctx, status, body);
  return undefined;
}

export function azError(ctx: RequestContext, status: number, body: unknown): void {
  sendJson(ctx, status, body, commonHeaders());
}

/** A request that passed admission: its body, its deployment, and the faults that shape the answer. */
export interface Admitted {
  req: Record<string, unknown>;
  deployment: DeploymentConfig;
  deploymentName: string;
  /** Queued and deployment faults that shape a successful answer (length, reply, stall-stream...). */
  shaping: Fault[];
}

export interface AdmitOptions {
  route: 'v1' | 'dated';
  /** The deployment named in the dated route's path. */
  pathDeployment?: string;
  /** The operation's name in Azure's rate-limit message (ChatCompletions_Create, Responses_Create). */
  operation: string;
}

type OpenaiConfig = RequestContext['state']['config']['openai'];

// The audiences a token may carry: the deployment's own list when it has one, else the resource's.
function acceptedAudiences(cfg: OpenaiConfig, deploymentName: string | undefined): string[] {
  const deployment =
    deploymentName !== undefined && Object.hasOwn(cfg.deployments, deploymentName) ? cfg.deployments[deploymentName] : undefined;
  return deployment?.audiences ?? [cfg.audience, ...cfg.additionalAudiences];
}

// The v1 routes name the deployment in the body's `model`.
function modelOf(body: unknown): string | undefined {
  const model = body && typeof body === 'object' ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? model : undefined;
}

/** Runs Azure's checks in its order; answers the request itself (and returns undefined) when one fails. */
export async function admit(ctx: RequestContext, options: AdmitOptions): Promise<Admitted | undefined> {
  const state = ctx.state;
  const cfg = state.config.openai;
  const apiVersion = options.route === 'v1' ? 'v1' : (ctx.query['api-version'] ?? '');
  const faultDefaults = { statusBody: statusBody(apiVersion, options.operation), headers: commonHeaders };
  const shaping: Fault[] = [];

  // Queued faults apply first, whatever the request carries: "the next call fails".
  const queued = state.faults.take('openai');
  if (await applyTransportFault(ctx, queued, faultDefaults)) return undefined;
  if (queued?.kind === 'content-filter-prompt') return refuse(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
  if (queued) shaping.push(queued);

  if (cfg.latencyMs > 0 && !(await state.lifecycle.sleep(cfg.latencyMs))) return undefined;

  // Key auth.
  const apiKey = header(ctx, 'api-key');
  let keyAuthenticated = false;
  if (apiKey !== undefined) {
    if (cfg.keyAuthDisabled) {
      return refuse(ctx, 401, {
        error: { code: 'AuthenticationTypeDisabled', message: 'Key based authentication is disabled for this resource.' },
      });
    }
    if (!cfg.apiKeys.includes(apiKey)) {
      return refuse(ctx, 401, {
        error: {
          code: '401',
          message:
            'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
        },
      });
    }
    keyAuthenticated = true;
  }

  // Bearer token: signed by the emulator's Entra key, this tenant, live, right audience.
  if (!keyAuthenticated) {
    // Azure's text is fixed: it names the resource's audience whatever the token carried, and its
    // wording is the same for a missing, expired or wrong-audience token.
    const unauthorized = () => refuse(ctx, 401, { statusCode: 401, message: UNAUTHORIZED_MESSAGE(cfg.audience) });
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header(ctx, 'authorization') ?? '');
    if (!m?.[1]) return unauthorized();
    const v = state.entraSigner.verify(m[1]);
    if (!v.ok) return unauthorized();
    const claims = v.payload;
    const now = nowSeconds();
    const auds = acceptedAudiences(cfg, options.route === 'v1' ? modelOf(ctx.body) : options.pathDeployment);
    if (typeof claims.exp !== 'number' || claims.exp <= now) return unauthorized();
    if (typeof claims.nbf === 'number' && claims.nbf > now + 300) return unauthorized();
    if (typeof claims.aud !== 'string' || !auds.includes(claims.aud)) return unauthorized();
    if (typeof claims.tid !== 'string' || claims.tid.toLowerCase() !== state.config.tenantId.toLowerCase()) return unauthorized();
    // Role: Cognitive Services OpenAI User on the resource.
    const oid = claimString(claims.oid);
    if (!cfg.roleAssignments.some((r) => r.toLowerCase() === oid.toLowerCase())) {
      return refuse(ctx, 401, { error: { code: 'PermissionDenied', message: permissionDeniedMessage(oid) } });
    }
  }

  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse(
      ctx,
      400,
      invalidRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      ),
    );
  }
  const req = body as Record<string, unknown>;

  // Deployment.
  let deploymentName = options.pathDeployment;
  if (options.route === 'v1') {
    if (typeof req.model !== 'string' || !req.model) return refuse(ctx, 400, invalidRequest('you must provide a model parameter'));
    deploymentName = req.model;
  }
  const deployment: DeploymentConfig | undefined = deploymentName !== undefined ? cfg.deployments[deploymentName] : undefined;
  // A deployment served on some host names only acts as a resource of its own (fallbacks to another endpoint).
  if (!deployment || deploymentName === undefined || (deployment.hosts && !deployment.hosts.includes(requestHost(ctx.record)))) {
    return refuse(ctx, 404, { error: { code: 'DeploymentNotFound', message: DEPLOYMENT_NOT_FOUND_MESSAGE } });
  }

  for (const f of deployment.faults ?? []) {
    if (await applyTransportFault(ctx, f, faultDefaults)) return undefined;
    if (f.kind === 'content-filter-prompt') return refuse(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
    shaping.push(f);
  }
  return { req, deployment, deploymentName, shaping };
}

/** The 400 for a sampling parameter a reasoning deployment refuses, if the request carries one. */
export function refusedSampling(deployment: DeploymentConfig, req: Record<string, unknown>): unknown {
  if (!deployment.rejectsSampling) return undefined;
  const param = SAMPLING_PARAMS.find((p) => req[p] !== undefined && req[p] !== null);
  return param ? unsupportedParamBody(param) : undefined;
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

/** Reasoning and cached tokens as the deployment reports them: cached capped at the prompt's tokens. */
export function usageDetails(deployment: DeploymentConfig, promptTokens: number): { reasoningTokens: number; cachedTokens: number } {
  return {
    reasoningTokens: Math.max(0, deployment.reasoningTokens ?? 0),
    cachedTokens: Math.min(promptTokens, Math.max(0, deployment.cachedTokens ?? 0)),
  };
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

/** The host name a request was sent to (its Host header, without the port), lower-cased. */
export function requestHost(record: RecordedRequest): string {
  const host = record.headers.host;
  if (typeof host !== 'string') return '';
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

/** The deployment a model request named: in the dated route's path, or the v1 body's `model` (chat or Responses). */
export function requestedDeployment(record: RecordedRequest): string | undefined {
  const dated = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(record.path);
  if (dated?.[1] !== undefined) {
    try {
      return decodeURIComponent(dated[1]);
    } catch {
      return dated[1];
    }
  }
  return record.path === '/openai/v1/chat/completions' || record.path === '/openai/v1/responses' ? modelOf(record.body) : undefined;
}
