/**
 * The `fallbacks` input: the deployments tried, in order, when the one before
 * cannot answer (failover.ts says when). One entry a line: a deployment name
 * on the primary endpoint, or an endpoint in any form the endpoint input
 * accepts, a space and a deployment. Every line is checked here, before any
 * network call, by the rules the endpoint input follows (host allow-list,
 * allow-custom-endpoint). Pure.
 */
import type { FallbackTarget, ServiceTier } from '../config.ts';
import {
  AZURE_HOST,
  DATED_API_VERSION,
  DEPLOYMENT_NAME,
  type Endpoint,
  isTrustedEndpointHost,
  parseEndpoint,
} from '../endpoint/endpoint.ts';
import { InputError } from '../errors.ts';
import { readServiceTier } from './cost-inputs.ts';

/** Enough for a primary and its backups in several regions; past it, a list is more likely a mistake than a plan. */
export const MAX_FALLBACKS = 10;
/** A pasted target URI with a gateway prefix fits many times over. */
export const MAX_FALLBACK_LINE_CHARS = 1000;
/** Quoted lines are cut to this in messages. */
const QUOTED_CHARS = 120;

const INPUT = 'fallbacks';
const ACCEPTED =
  'Each line is a deployment name (on the endpoint input\'s resource), or an endpoint in any form the endpoint input accepts, a space and a deployment (for example "https://NAME2.openai.azure.com gpt-5-mini", or a pasted target URI, which names its deployment), optionally followed by service-tier=default, flex or priority (the same deployment may be named again on another tier).';
const TIER_WORD = 'service-tier=';

export interface PrimaryTarget {
  endpoint: Endpoint;
  deployment: string;
  apiVersion: string;
  /** The service-tier input: a line without its own tier is called on it. */
  serviceTier?: ServiceTier;
}

export function readFallbacks(text: string, primary: PrimaryTarget, allowCustom: boolean): FallbackTarget[] | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((raw, index) => ({ text: raw.trim(), line: index + 1 }))
    .filter((entry) => entry.text !== '');
  if (lines.length === 0) return undefined;
  if (lines.length > MAX_FALLBACKS) {
    throw new InputError(INPUT, `has ${lines.length} entries; at most ${MAX_FALLBACKS} are accepted. ${ACCEPTED}`);
  }
  const seen = new Map<string, string>([[targetKey(primary, primary.serviceTier), 'the endpoint and deployment inputs']]);
  return lines.map(({ text: lineText, line }) => {
    const target = readLine(lineText, line, primary, allowCustom);
    const key = targetKey(target, primary.serviceTier);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw lineError(
        line,
        lineText,
        `names deployment '${target.deployment}' on ${target.endpoint.host} again (as ${earlier}): each deployment is tried once per service tier.`,
      );
    }
    seen.set(key, `line ${line}`);
    return target;
  });
}

function readLine(text: string, line: number, primary: PrimaryTarget, allowCustom: boolean): FallbackTarget {
  if (text.length > MAX_FALLBACK_LINE_CHARS) {
    throw lineError(line, text, `is ${text.length} characters long; at most ${MAX_FALLBACK_LINE_CHARS} are accepted.`);
  }
  const allWords = text.split(/\s+/);
  const last = allWords.length > 1 ? allWords.at(-1) : undefined;
  const tierWord = last?.toLowerCase().startsWith(TIER_WORD) ? last : undefined;
  const words = tierWord !== undefined ? allWords.slice(0, -1) : allWords;
  if (words.length > 2) {
    throw lineError(line, text, `has ${allWords.length} words; at most an endpoint, a deployment and a service tier. ${ACCEPTED}`);
  }
  const tier = tierWord !== undefined ? lineTier(tierWord, line, text) : {};
  const [first = '', second] = words;
  if (second === undefined && !looksLikeEndpoint(first)) {
    if (!DEPLOYMENT_NAME.test(first)) throw lineError(line, text, `${notDeploymentName(first)} ${ACCEPTED}`);
    return { endpoint: primary.endpoint, deployment: first, apiVersion: primary.apiVersion, line, ...tier };
  }

  const endpoint = lineEndpoint(first, line, text);
  if (!allowCustom && !isTrustedEndpointHost(endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host)) {
    throw lineError(
      line,
      text,
      `host '${endpoint.host}' is not an Azure OpenAI, Azure AI or API Management host (*.openai.azure.com, *.cognitiveservices.azure.com, *.services.ai.azure.com, *.azure-api.net, or their .us / .cn forms) nor loopback, so it would receive the Entra token: set allow-custom-endpoint: true if this host is your own gateway.`,
    );
  }
  // One run signs in to one cloud's Entra authority: a token from it is not accepted by another cloud's resources.
  if (endpoint.cloud.name !== primary.endpoint.cloud.name) {
    throw lineError(
      line,
      text,
      `host '${endpoint.host}' is in ${endpoint.cloud.name}, the endpoint input's in ${primary.endpoint.cloud.name}: one run signs in to one cloud, so fallbacks must be in the same cloud (use a second step for the other).`,
    );
  }
  const deployment = second ?? endpoint.deployment;
  if (deployment === undefined) {
    throw lineError(line, text, `names endpoint '${first}' but no deployment: add a space and the deployment name. ${ACCEPTED}`);
  }
  if (!DEPLOYMENT_NAME.test(deployment)) throw lineError(line, text, notDeploymentName(deployment));
  const apiVersion = endpoint.apiVersion ?? primary.apiVersion;
  if (apiVersion !== 'v1' && !DATED_API_VERSION.test(apiVersion)) {
    throw lineError(line, text, `names api-version '${apiVersion}', which is not supported: use v1 or a dated version such as 2024-10-21.`);
  }
  return { endpoint, deployment, apiVersion, line, ...tier };
}

function lineTier(word: string, line: number, text: string): { serviceTier: ServiceTier } {
  try {
    return { serviceTier: readServiceTier(word.slice(TIER_WORD.length), 'fallbacks') };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw lineError(line, text, error.message.slice(`Input '${error.input}': `.length));
  }
}

/** A URL, or a host of Azure's, is an endpoint; any other single word is read as a deployment name. */
function looksLikeEndpoint(word: string): boolean {
  return word.includes('/') || word.includes(':') || AZURE_HOST.test(word);
}

function lineEndpoint(text: string, line: number, lineText: string): Endpoint {
  try {
    return parseEndpoint(text);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // The endpoint parser's message, naming this input and line instead of the endpoint input.
    throw lineError(line, lineText, error.message.slice(`Input '${error.input}': `.length));
  }
}

function notDeploymentName(name: string): string {
  return `'${quoted(name)}' is not a valid deployment name: use 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or digit.`;
}

function lineError(line: number, text: string, message: string): InputError {
  return new InputError(INPUT, `line ${line} ('${quoted(text)}'): ${message}`);
}

function quoted(text: string): string {
  return text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text;
}

/** The same deployment on the same resource and tier, whatever the api-version. */
function targetKey(target: PrimaryTarget, runTier: ServiceTier | undefined): string {
  return `${target.endpoint.origin}${target.endpoint.pathPrefix}\n${target.deployment}\n${target.serviceTier ?? runTier ?? 'default'}`;
}
