/**
 * The routes one deployment is called on: Chat Completions, and the v1
 * Responses route when the api input may use it. Dated API versions keep
 * Chat Completions under api: auto; api: responses always takes the v1 route.
 */
import type { ApiChoice } from '../model-call.ts';
import { type ModelRoute, chatRoute, type Endpoint, responsesRoute } from '../endpoint/endpoint.ts';

export interface CallRoutes {
  chat: ModelRoute;
  responses?: ModelRoute;
  /** The route of the first attempt. */
  first: ModelRoute;
  /** Why the api-version does not apply, when it does not. */
  note?: string;
}

export function callRoutes(endpoint: Endpoint, deployment: string, apiVersion: string, api: ApiChoice): CallRoutes {
  const chat = chatRoute(endpoint, deployment, apiVersion);
  if (api === 'chat' || (api === 'auto' && apiVersion !== 'v1')) return { chat, first: chat };
  const responses = responsesRoute(endpoint);
  if (api === 'auto') return { chat, responses, first: chat };
  const note =
    apiVersion === 'v1'
      ? undefined
      : `api: responses calls the v1 Responses route (${responses.url}); api-version ${apiVersion} applies to Chat Completions only.`;
  return { chat, responses, first: responses, ...(note ? { note } : {}) };
}

/** The API version whose streaming rules apply: the Responses API is always on the v1 route, whose streams carry usage. */
export function streamingApiVersion(apiVersion: string, api: ApiChoice): string {
  return api === 'responses' ? 'v1' : apiVersion;
}
