// Azure OpenAI data plane: chat completions on the v1 route (body `model` = deployment name) and
// on the dated route (/openai/deployments/{d}/chat/completions?api-version=YYYY-MM-DD[-preview]);
// the Responses API (responses.ts) on /openai/v1/responses. Checks run in Azure's order
// (openai-common.ts admit): route -> key auth -> bearer token -> role -> body -> deployment.

import { randomBytes } from 'node:crypto';
import { sendJson, uuid } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';
import { nowSeconds } from '../jwt.ts';
import { admit, azError, cacheUse, messageText, operationNotSupportedBody, requestedTier, successHeaders } from './openai-common.ts';
import { chatUsage, sendChatStream, sendCompletion } from './openai/chat-answer.ts';
import { checkedMessages, shapeChat } from './openai/chat-shape.ts';
import { chatToolHistory } from './openai/tool-turns.ts';
import { responsesHandler } from './responses.ts';

export { requestedDeployment, requestHost } from './openai-common.ts';

const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

function completionId(): string {
  return `chatcmpl-${randomBytes(22).toString('base64url').replace(/[-_]/g, 'x').slice(0, 29)}`;
}

interface Served {
  requests: number;
  tokens: number;
}

async function chat(ctx: RequestContext, served: Served, route: 'v1' | 'dated', pathDeployment?: string): Promise<void> {
  const admitted = await admit(ctx, { route, pathDeployment, operation: 'ChatCompletions_Create' });
  if (!admitted) return;
  const { req, deployment, deploymentName } = admitted;
  if (deployment.apis && !deployment.apis.includes('chat')) return azError(ctx, 400, operationNotSupportedBody(deployment.model));
  const messages = checkedMessages(ctx, admitted);
  if (!messages) return;
  const history = chatToolHistory(messages);
  if ('error' in history) return azError(ctx, 400, history.error);
  const shaped = shapeChat(ctx, admitted, messages, history);
  served.requests += 1;
  served.tokens += shaped.promptTokens + shaped.completionTokens;
  const serviceTier = requestedTier(req);
  const answer = { id: completionId(), created: nowSeconds(), shaped, headers: successHeaders(served, deploymentName), serviceTier };
  const prompt = messages.map((message) => `${String(message?.role)}\n${messageText(message?.content)}\n`).join('');
  const usage = chatUsage(deployment, shaped, cacheUse(ctx, admitted, prompt, shaped.promptTokens));
  if (req.stream !== true) return sendCompletion(ctx, answer, usage);
  const includeUsage = (req.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  return sendChatStream(ctx, answer, includeUsage ? usage : undefined);
}

export function openaiRoutes(): Route[] {
  const served: Served = { requests: 0, tokens: 0 };
  const respond = responsesHandler(served);
  return [
    {
      service: 'openai',
      method: 'POST',
      path: /^\/openai\/v1\/chat\/completions$/,
      handle: (ctx) => chat(ctx, served, 'v1'),
    },
    {
      service: 'openai',
      method: 'POST',
      path: /^\/openai\/deployments\/([^/]+)\/chat\/completions$/,
      handle(ctx, match) {
        if (!DATED_API_VERSION.test(ctx.query['api-version'] ?? '')) return resourceNotFound(ctx);
        return chat(ctx, served, 'dated', match[1]);
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
