// Azure OpenAI data plane: chat completions on the v1 route (body `model` = deployment name) and
// on the dated route (/openai/deployments/{d}/chat/completions?api-version=YYYY-MM-DD[-preview]);
// the Responses API (responses.ts) on /openai/v1/responses. Checks run in Azure's order
// (openai-common.ts admit): route -> key auth -> bearer token -> role -> body -> deployment.

import { randomBytes } from 'node:crypto';
import type { Fault } from '../faults.ts';
import { sendJson, uuid } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';
import { nowSeconds } from '../jwt.ts';
import {
  admit,
  azError,
  CHOICE_FILTER_RESULTS,
  FILTERED_CHOICE_RESULTS,
  fingerprint,
  invalidRequest,
  messageText,
  operationNotSupportedBody,
  PROMPT_FILTER_RESULTS,
  refusedSampling,
  replyFaultOf,
  sendEvents,
  sendPartialJson,
  successHeaders,
  tokensOf,
  unsupportedParamBody,
  usageDetails,
} from './openai-common.ts';
import { defaultJsonReply, responseFormatError } from './response-format.ts';
import { responsesHandler } from './responses.ts';

export {
  CONTENT_FILTER_PROMPT_BODY,
  DEPLOYMENT_NOT_FOUND_MESSAGE,
  permissionDeniedMessage,
  requestedDeployment,
  requestHost,
  UNAUTHORIZED_MESSAGE,
} from './openai-common.ts';

const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

interface Shaped {
  content: string;
  finishReason: string;
  noChoices: boolean;
  promptTokens: number;
  completionTokens: number;
}

interface ChatMessage {
  role?: string;
  content?: unknown;
}

function completionId(): string {
  return `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`;
}

export function openaiRoutes(): Route[] {
  const served = { requests: 0, tokens: 0 };

  async function chat(ctx: RequestContext, route: 'v1' | 'dated', pathDeployment?: string): Promise<void> {
    const admitted = await admit(ctx, {
      route,
      ...(pathDeployment !== undefined ? { pathDeployment } : {}),
      operation: 'ChatCompletions_Create',
    });
    if (!admitted) return;
    const { req, deployment, deploymentName, shaping } = admitted;
    if (deployment.apis && !deployment.apis.includes('chat')) return azError(ctx, 400, operationNotSupportedBody(deployment.model));

    // Body.
    if (req.messages === undefined)
      return azError(ctx, 400, invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter'));
    if (!Array.isArray(req.messages))
      return azError(ctx, 400, invalidRequest(`${JSON.stringify(req.messages)} is not of type 'array' - 'messages'`));
    if (req.messages.length === 0) return azError(ctx, 400, invalidRequest("[] is too short - 'messages'"));
    if (deployment.rejectsParam && req[deployment.rejectsParam] !== undefined && req[deployment.rejectsParam] !== null) {
      const param = deployment.rejectsParam;
      return azError(ctx, 400, unsupportedParamBody(param, param === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens'));
    }
    const sampling = refusedSampling(deployment, req);
    if (sampling) return azError(ctx, 400, sampling);

    // Entries are whatever the client sent: a null (or other non-object) entry must not crash the emulator.
    const messages = req.messages as Array<ChatMessage | null>;
    const formatError = responseFormatError(
      req.response_format,
      messages.map((m) => messageText(m?.content)),
    );
    if (formatError) return azError(ctx, 400, formatError);
    const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
    // A queued `reply` fault answers this one request; JSON modes get JSON by default.
    const { fault: replyFault, content: replyContent } = replyFaultOf(ctx, shaping);
    const reply =
      replyContent ??
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

    served.requests += 1;
    served.tokens += shaped.promptTokens + shaped.completionTokens;
    const headers = successHeaders(served, deploymentName);

    const id = completionId();
    const created = nowSeconds();
    // A reasoning model's hidden reasoning is billed as completion tokens, and cached tokens are part of the prompt's.
    const { reasoningTokens, cachedTokens } = usageDetails(deployment, shaped.promptTokens);
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
    if (streamFault) return sendPartialJson(ctx, completion, headers, streamFault);
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
    return sendEvents(
      ctx,
      headers,
      events.map((data) => `data: ${data}\n\n`),
      streamFault,
    );
  }

  const respond = responsesHandler(served);

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
      method: 'POST',
      path: /^\/openai\/v1\/responses$/,
      handle: (ctx) => respond(ctx),
    },
    {
      service: 'openai',
      method: '*',
      path: /^\/openai(\/.*)?$/,
      handle: resourceNotFound,
    },
  ];
}

export function resourceNotFound(ctx: RequestContext): void {
  sendJson(ctx, 404, { error: { code: '404', message: 'Resource not found' } }, { 'apim-request-id': uuid() });
}
