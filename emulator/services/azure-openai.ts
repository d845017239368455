// Azure OpenAI data plane: chat completions on the v1 route (body `model` = deployment name) and
// on the dated route (/openai/deployments/{d}/chat/completions?api-version=YYYY-MM-DD[-preview]).
// Checks run in Azure's order: route -> key auth -> bearer token -> role -> deployment -> body.

import { createHash, randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { DeploymentConfig } from '../config.ts';
import { echoRequest, type Fault } from '../faults.ts';
import { applyTransportFault, destroySocket, header, isGone, sendJson, uuid } from '../http.ts';
import type { RecordedRequest, RequestContext, Route } from '../http.ts';
import { claimString, nowSeconds } from '../jwt.ts';
import { defaultJsonReply, responseFormatError } from './response-format.ts';

const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const CHAT_ACTION = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action';

const SAFE = { filtered: false, severity: 'safe' };
const PROMPT_FILTER_RESULTS = [
  {
    prompt_index: 0,
    content_filter_results: { hate: SAFE, jailbreak: { filtered: false, detected: false }, self_harm: SAFE, sexual: SAFE, violence: SAFE },
  },
];
const CHOICE_FILTER_RESULTS = {
  hate: SAFE,
  protected_material_code: { filtered: false, detected: false },
  protected_material_text: { filtered: false, detected: false },
  self_harm: SAFE,
  sexual: SAFE,
  violence: SAFE,
};
const FILTERED_CHOICE_RESULTS = { ...CHOICE_FILTER_RESULTS, violence: { filtered: true, severity: 'medium' } };

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

function unsupportedParamBody(param: 'max_tokens' | 'max_completion_tokens') {
  const other = param === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  return {
    error: {
      message: `Unsupported parameter: '${param}' is not supported with this model. Use '${other}' instead.`,
      type: 'invalid_request_error',
      param,
      code: 'unsupported_parameter',
    },
  };
}

function invalidRequest(message: string, param: string | null = null, code: string | null = null) {
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
function statusBody(apiVersion: string) {
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
              message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${n} second${n === 1 ? '' : 's'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
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

type OpenaiConfig = RequestContext['state']['config']['openai'];

// The audiences a token may carry: the deployment's own list when it has one, else the resource's.
function acceptedAudiences(cfg: OpenaiConfig, deploymentName: string | undefined): string[] {
  const deployment =
    deploymentName !== undefined && Object.hasOwn(cfg.deployments, deploymentName) ? cfg.deployments[deploymentName] : undefined;
  return deployment?.audiences ?? [cfg.audience, ...cfg.additionalAudiences];
}

// The v1 route names the deployment in the body's `model`.
function modelOf(body: unknown): string | undefined {
  const model = body && typeof body === 'object' ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? model : undefined;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
}

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : ''))
      .join('');
  }
  return '';
}

function tokensOf(text: string): number {
  return Math.ceil(text.length / 4);
}

function completionId(): string {
  return `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`;
}

function fingerprint(model: string): string {
  return `fp_${createHash('sha256').update(model).digest('hex').slice(0, 10)}`;
}

interface Shaped {
  content: string;
  finishReason: string;
  noChoices: boolean;
  promptTokens: number;
  completionTokens: number;
}

export function openaiRoutes(): Route[] {
  let requestsServed = 0;
  let tokensServed = 0;

  function commonHeaders(): Record<string, string> {
    return { 'apim-request-id': uuid(), 'x-ms-region': 'East US', 'x-content-type-options': 'nosniff' };
  }

  function azError(ctx: RequestContext, status: number, body: unknown): void {
    sendJson(ctx, status, body, commonHeaders());
  }

  async function chat(ctx: RequestContext, route: 'v1' | 'dated', pathDeployment?: string): Promise<void> {
    const state = ctx.state;
    const cfg = state.config.openai;
    const apiVersion = route === 'v1' ? 'v1' : (ctx.query['api-version'] ?? '');
    const faultDefaults = { statusBody: statusBody(apiVersion), headers: commonHeaders };
    const shaping: Fault[] = [];

    // Queued faults apply first, whatever the request carries: "the next call fails".
    const queued = state.faults.take('openai');
    if (await applyTransportFault(ctx, queued, faultDefaults)) return;
    if (queued?.kind === 'content-filter-prompt') return azError(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
    if (queued) shaping.push(queued);

    if (cfg.latencyMs > 0 && !(await state.lifecycle.sleep(cfg.latencyMs))) return;

    // Key auth.
    const apiKey = header(ctx, 'api-key');
    let keyAuthenticated = false;
    if (apiKey !== undefined) {
      if (cfg.keyAuthDisabled) {
        return azError(ctx, 401, {
          error: { code: 'AuthenticationTypeDisabled', message: 'Key based authentication is disabled for this resource.' },
        });
      }
      if (!cfg.apiKeys.includes(apiKey)) {
        return azError(ctx, 401, {
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
      const unauthorized = () => azError(ctx, 401, { statusCode: 401, message: UNAUTHORIZED_MESSAGE(cfg.audience) });
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header(ctx, 'authorization') ?? '');
      if (!m?.[1]) return unauthorized();
      const v = state.entraSigner.verify(m[1]);
      if (!v.ok) return unauthorized();
      const claims = v.payload;
      const now = nowSeconds();
      const auds = acceptedAudiences(cfg, route === 'v1' ? modelOf(ctx.body) : pathDeployment);
      if (typeof claims.exp !== 'number' || claims.exp <= now) return unauthorized();
      if (typeof claims.nbf === 'number' && claims.nbf > now + 300) return unauthorized();
      if (typeof claims.aud !== 'string' || !auds.includes(claims.aud)) return unauthorized();
      if (typeof claims.tid !== 'string' || claims.tid.toLowerCase() !== state.config.tenantId.toLowerCase()) return unauthorized();
      // Role: Cognitive Services OpenAI User on the resource.
      const oid = claimString(claims.oid);
      if (!cfg.roleAssignments.some((r) => r.toLowerCase() === oid.toLowerCase())) {
        return azError(ctx, 401, { error: { code: 'PermissionDenied', message: permissionDeniedMessage(oid) } });
      }
    }

    const body = ctx.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return azError(
        ctx,
        400,
        invalidRequest(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
        ),
      );
    }
    const req = body as Record<string, unknown>;

    // Deployment.
    let deploymentName = pathDeployment;
    if (route === 'v1') {
      if (typeof req.model !== 'string' || !req.model) return azError(ctx, 400, invalidRequest('you must provide a model parameter'));
      deploymentName = req.model;
    }
    const deployment: DeploymentConfig | undefined = deploymentName !== undefined ? cfg.deployments[deploymentName] : undefined;
    if (!deployment || (deployment.hosts && !deployment.hosts.includes(requestHost(ctx.record)))) {
      return azError(ctx, 404, { error: { code: 'DeploymentNotFound', message: DEPLOYMENT_NOT_FOUND_MESSAGE } });
    }

    for (const f of deployment.faults ?? []) {
      if (await applyTransportFault(ctx, f, faultDefaults)) return;
      if (f.kind === 'content-filter-prompt') return azError(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
      shaping.push(f);
    }

    // Body.
    if (req.messages === undefined)
      return azError(ctx, 400, invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'));
    if (!Array.isArray(req.messages))
      return azError(ctx, 400, invalidRequest(`${JSON.stringify(req.messages)} is not of type 'array' - 'messages'`));
    if (req.messages.length === 0) return azError(ctx, 400, invalidRequest("[] is too short - 'messages'"));
    if (deployment.rejectsParam && req[deployment.rejectsParam] !== undefined && req[deployment.rejectsParam] !== null) {
      return azError(ctx, 400, unsupportedParamBody(deployment.rejectsParam));
    }

    // Entries are whatever the client sent: a null (or other non-object) entry must not crash the emulator.
    const messages = req.messages as Array<ChatMessage | null>;
    const formatError = responseFormatError(
      req.response_format,
      messages.map((m) => messageText(m?.content)),
    );
    if (formatError) return azError(ctx, 400, formatError);
    const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
    // A queued `reply` fault answers this one request; JSON modes get JSON by default.
    const replyFault = shaping.find((f): f is Extract<Fault, { kind: 'reply' }> => f.kind === 'reply');
    const reply =
      (replyFault &&
        echoRequest(replyFault.content, { authorization: header(ctx, 'authorization') ?? '', body: ctx.rawBody.toString('utf8') })) ??
      deployment.reply ??
      defaultJsonReply(req.response_format, messageText(lastUser?.content)) ??
      `Emulated answer to: "${messageText(lastUser?.content).slice(0, 200)}"`;
    const promptTokens = messages.reduce((n, m) => n + tokensOf(messageText(m?.content)), 0);

    const shaped: Shaped = {
      content: reply,
      finishReason: replyFault?.finishReason ?? 'stop',
      noChoices: false,
      promptTokens,
      completionTokens: tokensOf(reply),
    };
    const model = replyFault?.model ?? deployment.model;
    const maxTokens =
      typeof req.max_completion_tokens === 'number'
        ? req.max_completion_tokens
        : typeof req.max_tokens === 'number'
          ? req.max_tokens
          : undefined;
    if (maxTokens !== undefined && shaped.completionTokens > maxTokens) {
      shaped.content = reply.slice(0, Math.max(0, maxTokens) * 4);
      shaped.finishReason = 'length';
    }
    let streamFault: Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }> | undefined;
    for (const f of shaping) {
      if (f.kind === 'no-choices') shaped.noChoices = true;
      else if (f.kind === 'length') {
        shaped.content = shaped.content.slice(0, Math.ceil(shaped.content.length / 2));
        shaped.finishReason = 'length';
      } else if (f.kind === 'content-filter-completion') {
        shaped.content = shaped.content.slice(0, Math.floor(shaped.content.length / 2));
        shaped.finishReason = 'content_filter';
      } else if (f.kind === 'stall-stream' || f.kind === 'cut-stream') streamFault = f;
    }
    shaped.completionTokens = tokensOf(shaped.content);

    requestsServed += 1;
    tokensServed += shaped.promptTokens + shaped.completionTokens;
    const headers = {
      ...commonHeaders(),
      'x-request-id': uuid(),
      'x-ratelimit-remaining-requests': String(Math.max(0, 1000 - (requestsServed % 1000))),
      'x-ratelimit-remaining-tokens': String(Math.max(0, 1_000_000 - (tokensServed % 1_000_000))),
      'x-ratelimit-limit-requests': '1000',
      'x-ratelimit-limit-tokens': '1000000',
      'x-ms-deployment-name': deploymentName ?? '',
    };

    const id = completionId();
    const created = nowSeconds();
    // A reasoning model's hidden reasoning is billed as completion tokens, and cached tokens are part of the prompt's.
    const reasoningTokens = Math.max(0, deployment.reasoningTokens ?? 0);
    const cachedTokens = Math.min(shaped.promptTokens, Math.max(0, deployment.cachedTokens ?? 0));
    const usage = {
      completion_tokens: shaped.completionTokens + reasoningTokens,
      completion_tokens_details: {
        accepted_prediction_tokens: 0,
        audio_tokens: 0,
        reasoning_tokens: reasoningTokens,
        rejected_prediction_tokens: 0,
      },
      prompt_tokens: shaped.promptTokens,
      prompt_tokens_details: { audio_tokens: 0, cached_tokens: cachedTokens },
      total_tokens: shaped.promptTokens + shaped.completionTokens + reasoningTokens,
    };

    if (req.stream === true) {
      const includeUsage = (req.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
      return stream(ctx, { id, created, model, shaped, usage: includeUsage ? usage : undefined, headers, streamFault });
    }

    const completion = {
      choices: shaped.noChoices
        ? []
        : [
            {
              content_filter_results: shaped.finishReason === 'content_filter' ? FILTERED_CHOICE_RESULTS : CHOICE_FILTER_RESULTS,
              finish_reason: shaped.finishReason,
              index: 0,
              logprobs: null,
              message: { annotations: [], content: shaped.content, refusal: null, role: 'assistant' },
            },
          ],
      created,
      id,
      model,
      object: 'chat.completion',
      prompt_filter_results: PROMPT_FILTER_RESULTS,
      system_fingerprint: fingerprint(model),
      usage,
    };
    if (streamFault) {
      // No stream to stall or cut: send part of the JSON, then cut or hang.
      const text = JSON.stringify(completion);
      ctx.res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      ctx.res.write(text.slice(0, Math.floor(text.length / 2)));
      if (streamFault.kind === 'cut-stream' && (await state.lifecycle.sleep(20))) destroySocket(ctx);
      return;
    }
    sendJson(ctx, 200, completion, headers);
  }

  async function stream(
    ctx: RequestContext,
    p: {
      id: string;
      created: number;
      model: string;
      shaped: Shaped;
      usage: Record<string, unknown> | undefined;
      headers: Record<string, string>;
      streamFault: Extract<Fault, { kind: 'stall-stream' | 'cut-stream' }> | undefined;
    },
  ): Promise<void> {
    const { id, created, model, shaped, usage, headers, streamFault } = p;
    const fp = fingerprint(model);
    const base = (choices: unknown[]) => ({
      choices,
      created,
      id,
      model,
      object: 'chat.completion.chunk',
      system_fingerprint: fp,
      ...(usage ? { usage: null } : {}),
    });
    const events: string[] = [];
    // 1. Prompt annotations: empty choices, blank id/model/object (as Azure sends it).
    events.push(JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: PROMPT_FILTER_RESULTS }));
    if (!shaped.noChoices) {
      // 2. Role chunk, then content chunks with their filter results.
      events.push(
        JSON.stringify(
          base([
            {
              content_filter_results: {},
              delta: { content: '', refusal: null, role: 'assistant' },
              finish_reason: null,
              index: 0,
              logprobs: null,
            },
          ]),
        ),
      );
      for (const piece of shaped.content.match(/\S+\s*|\s+/g) ?? []) {
        events.push(
          JSON.stringify(
            base([
              { content_filter_results: CHOICE_FILTER_RESULTS, delta: { content: piece }, finish_reason: null, index: 0, logprobs: null },
            ]),
          ),
        );
      }
      // 3. finish_reason chunk.
      events.push(
        JSON.stringify(
          base([
            {
              content_filter_results: shaped.finishReason === 'content_filter' ? FILTERED_CHOICE_RESULTS : {},
              delta: {},
              finish_reason: shaped.finishReason,
              index: 0,
              logprobs: null,
            },
          ]),
        ),
      );
      // 4. Trailing filter annotation, no delta.
      events.push(
        JSON.stringify({
          choices: [
            {
              content_filter_offsets: { check_offset: 0, start_offset: 0, end_offset: shaped.content.length },
              content_filter_results: shaped.finishReason === 'content_filter' ? FILTERED_CHOICE_RESULTS : CHOICE_FILTER_RESULTS,
              finish_reason: null,
              index: 0,
            },
          ],
          created: 0,
          id: '',
          model: '',
          object: '',
        }),
      );
    }
    // 5. Usage chunk when stream_options.include_usage.
    if (usage) events.push(JSON.stringify({ ...base([]), usage }));
    events.push('[DONE]');

    ctx.res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    ctx.res.flushHeaders();
    for (let i = 0; i < events.length; i++) {
      if (i === streamFault?.afterChunks) {
        if (streamFault.kind === 'cut-stream') {
          if (await ctx.state.lifecycle.sleep(10)) destroySocket(ctx);
        }
        // stall: keep the socket open and silent until the client gives up or stop() runs.
        return;
      }
      if (isGone(ctx)) return;
      ctx.res.write(`data: ${events[i]}\n\n`);
      // Let chunks leave one by one, like a real stream.
      await new Promise<void>((r) => setImmediate(r));
    }
    ctx.res.end();
  }

  return [
    {
      service: 'openai',
      method: 'POST',
      path: /^\/openai\/v1\/chat\/completions$/,
      handle: (ctx) => chat(ctx, 'v1'),
    },
    {
      service: 'openai',
      method: 'POST',
      path: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
      handle(ctx, m) {
        if (!DATED_API_VERSION.test(ctx.query['api-version'] ?? '')) return resourceNotFound(ctx);
        return chat(ctx, 'dated', m[1]);
      },
    },
    {
      service: 'openai',
      method: '*',
      path: /^\/openai(\/.*)?$/,
      handle: resourceNotFound,
    },
  ];
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

/** The deployment a chat request named: in the dated route's path, or the v1 body's `model`. */
export function requestedDeployment(record: RecordedRequest): string | undefined {
  const dated = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(record.path);
  if (dated?.[1] !== undefined) {
    try {
      return decodeURIComponent(dated[1]);
    } catch {
      return dated[1];
    }
  }
  return record.path === '/openai/v1/chat/completions' ? modelOf(record.body) : undefined;
}

export function resourceNotFound(ctx: RequestContext): void {
  sendJson(ctx, 404, { error: { code: '404', message: 'Resource not found' } }, { 'apim-request-id': uuid() });
}
