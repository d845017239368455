/**
 * The fingerprint of what a run would send: a SHA-256 over a canonical JSON
 * of the messages as sent, the deployment, the endpoint, the API and every
 * generation parameter. Two runs with the same fingerprint ask the same
 * question, so the second may reuse the first one's answer (publish/
 * unchanged-answer.ts). Pure.
 */
import { createHash } from 'node:crypto';
import type { PromptMessage } from '../model-call.ts';
import type { Config } from '../config.ts';
import { generationParameters } from './parameters.ts';

/** Part of every hash: a change of what is hashed changes every fingerprint, so none is misread. */
const FINGERPRINT_VERSION = 1;

/** The API the request goes to, as asked: auto, chat or responses. */
function requestApi(config: Config): string {
  return config.api;
}

export interface SentRequest {
  messages: readonly PromptMessage[];
  /** The full URL the request goes to (endpoint, deployment and api-version in it). */
  url: string;
  config: Config;
}

/** The hex SHA-256 of what is sent: a change to any message, the target or any parameter changes it. */
export function requestFingerprint(request: SentRequest): string {
  const { config } = request;
  return sha256Json({
    version: FINGERPRINT_VERSION,
    api: requestApi(config),
    url: request.url,
    endpoint: config.endpoint.origin,
    deployment: config.deployment,
    apiVersion: config.apiVersion,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    parameters: generationParameters(config),
  });
}

/** Where an answer came from: the endpoint (origin and path prefix) and the deployment. */
export interface AnsweringTarget {
  endpoint: string;
  deployment: string;
}

/**
 * The fingerprint stamped beside an answer: the request's own when the deployment asked answered; bound to
 * the deployment that did otherwise (a fallback), so that the answer is reused only for a request to it.
 */
export function answeredFingerprint(request: string, asked: AnsweringTarget, served: AnsweringTarget): string {
  if (served.endpoint === asked.endpoint && served.deployment === asked.deployment) return request;
  return sha256Json({ version: FINGERPRINT_VERSION, request, answeredBy: { endpoint: served.endpoint, deployment: served.deployment } });
}

/** The hex SHA-256 of an answer as published: an edit of the text (or of the finish reason beside it) changes it. */
export function answerDigest(answer: { text: string; finishReason: string }): string {
  return sha256Json({ version: FINGERPRINT_VERSION, text: answer.text, finishReason: answer.finishReason });
}

function sha256Json(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/**
 * JSON with object keys sorted at every depth and undefined members left out,
 * so equal values give equal text whatever order their keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    // undefined, functions and symbols have no JSON form; none is part of a request.
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError(`no JSON form for a ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
