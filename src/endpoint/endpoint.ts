/**
 * Turns whatever a user pastes as the endpoint into one normalised form, and
 * builds the chat-completions route for an API version and the Responses
 * route. Pure: no I/O.
 */
import { type Cloud, cloudForHost } from './cloud.ts';
import { InputError } from '../errors.ts';

export interface Endpoint {
  /** scheme://host[:port], no trailing slash. */
  origin: string;
  /** Host name as shown to users (no port). */
  host: string;
  /** Anything before `/openai` (an API gateway's prefix), usually empty. */
  pathPrefix: string;
  cloud: Cloud;
  /** Taken from a pasted target URI (`.../deployments/D/...`). */
  deployment?: string;
  /** Taken from a pasted target URI (`?api-version=V`, or `/openai/v1`). */
  apiVersion?: string;
}

export const ACCEPTED_ENDPOINT_FORMS = [
  'https://NAME.openai.azure.com (optionally followed by /openai or /openai/v1)',
  'https://NAME.cognitiveservices.azure.com',
  'https://NAME.services.ai.azure.com',
  'https://NAME.openai.azure.us or https://NAME.openai.azure.cn (sovereign clouds)',
  'NAME (the bare resource name)',
  "the portal's target URI: https://NAME.openai.azure.com/openai/deployments/DEPLOYMENT/chat/completions?api-version=VERSION",
];

const ACCEPTED = `Accepted forms: ${ACCEPTED_ENDPOINT_FORMS.join('; ')}.`;

/** Azure resource names: letters, digits and hyphens, starting and ending alphanumeric. */
const RESOURCE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;
export const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const DATED_API_VERSION = /^\d{4}-\d{2}-\d{2}(?:-preview)?$/;
/** Azure's own hosts for the resource, whose first label is the resource name. */
export const AZURE_HOST = /\.(?:openai|cognitiveservices|services\.ai)\.azure\.(?:com|us|cn)$/i;
const FOUNDRY_PROJECT_PATH = /^\/api\/projects\/[^/]+$/;
/** DNS labels (URL has already lower-cased and punycoded them) or a bracketed IPv6 address; no trailing dot. */
const VALID_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
/** WHATWG URL has already turned 127.1 or 0x7f.0.0.1 into dotted decimal. */
const LOOPBACK_IPV4 = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
/** A region's shared endpoint (a resource without a custom subdomain): Entra tokens are refused there. */
const REGIONAL_HOST = /^([a-z0-9]+)\.api\.cognitive\.(?:microsoft\.(?:com|us)|azure\.cn)$/;
/** API Management gateways in the public, US Government and China clouds. */
const API_MANAGEMENT_HOST = /\.azure-api\.(?:net|us|cn)$/i;

/** Hosts plain http may reach: the usual emulator addresses only. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** Any loopback address (all of 127.0.0.0/8), which never leaves the machine. */
export function isLoopbackAddress(hostname: string): boolean {
  return isLoopbackHost(hostname) || LOOPBACK_IPV4.test(hostname);
}

/**
 * Hosts that may be sent a token for the other Azure AI audience after a 401 "audience is incorrect": Azure's
 * own AI hosts in every cloud, and loopback (an emulator). Never a gateway (anyone can register one on
 * azure-api.net) or a custom endpoint: either could ask for a second audience's token just by saying so.
 */
export function isAzureAiHost(hostname: string): boolean {
  return AZURE_HOST.test(hostname) || isLoopbackAddress(hostname);
}

/** Hosts that may receive the token without `allow-custom-endpoint`: Azure OpenAI / AI Services, API Management, loopback. */
export function isTrustedEndpointHost(hostname: string): boolean {
  return AZURE_HOST.test(hostname) || API_MANAGEMENT_HOST.test(hostname) || isLoopbackAddress(hostname);
}

export function parseEndpoint(raw: string): Endpoint {
  const text = raw.trim();
  if (text === '') throw new InputError('endpoint', `is empty. ${ACCEPTED}`);
  if (/\s/.test(text)) throw new InputError('endpoint', `contains white space: '${text}'. ${ACCEPTED}`);
  // URL reads a backslash as a slash, so 'evil.example\\@x.openai.azure.com' would look like an Azure host to a person.
  if (text.includes('\\')) throw new InputError('endpoint', `contains a backslash: '${text}'. ${ACCEPTED}`);

  if (RESOURCE_NAME.test(text)) return parseEndpoint(`https://${text}.openai.azure.com`);

  // A host pasted without a scheme ("name.openai.azure.com/openai").
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InputError('endpoint', `'${text}' is not a URL or a resource name. ${ACCEPTED}`);
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError('endpoint', `scheme '${url.protocol}' is not supported: use https. ${ACCEPTED}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      'endpoint',
      `'${text}' uses http: tokens are only sent over https (http is allowed for loopback emulators on 127.0.0.1, ::1 or localhost). ${ACCEPTED}`,
    );
  }
  if (url.username || url.password) {
    throw new InputError('endpoint', 'must not contain credentials (user:password@). This action never sends keys or passwords.');
  }
  if (!VALID_HOST.test(url.hostname)) {
    throw new InputError('endpoint', `'${text}' has no valid host name. ${ACCEPTED}`);
  }

  const region = REGIONAL_HOST.exec(url.hostname)?.[1];
  if (region !== undefined) {
    throw new InputError(
      'endpoint',
      `'${url.origin}' is a regional endpoint, shared by every resource in ${region}: Microsoft Entra tokens work only at a resource's own endpoint, its custom subdomain. Give the resource one (it cannot be changed afterwards): az cognitiveservices account update --name NAME --resource-group GROUP --custom-domain NAME; then use https://NAME.openai.azure.com.`,
      'regionalEndpoint',
    );
  }
  const { pathPrefix, deployment, v1 } = splitPath(url.pathname, text);
  // Azure's own hosts serve the OpenAI routes at the root: a prefix there is a wrong path, not a gateway.
  if (pathPrefix !== '' && AZURE_HOST.test(url.hostname) && !FOUNDRY_PROJECT_PATH.test(pathPrefix)) {
    throw new InputError('endpoint', `path '${url.pathname}' of '${text}' is not an Azure OpenAI route. ${ACCEPTED}`);
  }
  const queryVersion = url.searchParams.get('api-version')?.trim() || undefined;
  const endpoint: Endpoint = {
    origin: url.origin,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    pathPrefix,
    cloud: cloudForHost(url.hostname),
  };
  if (deployment !== undefined) endpoint.deployment = deployment;
  const apiVersion = queryVersion ?? (v1 ? 'v1' : undefined);
  if (apiVersion !== undefined) endpoint.apiVersion = apiVersion;
  return endpoint;
}

function splitPath(pathname: string, text: string): { pathPrefix: string; deployment?: string; v1: boolean } {
  let path: string;
  try {
    path = decodeURIComponent(pathname).replace(/\/+$/, '');
  } catch {
    throw new InputError('endpoint', `path '${pathname}' of '${text}' is not valid percent-encoding. ${ACCEPTED}`);
  }
  // A Foundry project endpoint: the OpenAI routes live at the resource root.
  if (FOUNDRY_PROJECT_PATH.test(path)) return { pathPrefix: '', v1: false };

  const at = path.search(/\/openai(?:\/|$)/);
  if (at === -1) return { pathPrefix: path, v1: false };

  const pathPrefix = path.slice(0, at);
  const rest = path.slice(at + '/openai'.length);
  if (rest === '') return { pathPrefix, v1: false };
  if (/^\/v1(?:\/chat\/completions)?$/.test(rest)) return { pathPrefix, v1: true };
  const dated = /^\/deployments\/([^/]+)(?:\/chat\/completions)?$/.exec(rest);
  if (dated?.[1] !== undefined) {
    const deployment = dated[1];
    if (!DEPLOYMENT_NAME.test(deployment)) {
      throw new InputError('endpoint', `names deployment '${deployment}', which is not a valid deployment name.`);
    }
    return { pathPrefix, deployment, v1: false };
  }
  throw new InputError('endpoint', `path '${pathname}' of '${text}' is not an Azure OpenAI route. ${ACCEPTED}`);
}

export interface ModelRoute {
  /** The base URL handed to the OpenAI client. */
  baseURL: string;
  /** Query parameters every request carries (the dated API's api-version). */
  query: Record<string, string>;
  /** The full URL of the call, for logs and error messages. */
  url: string;
  /** The endpoint's host name as shown to users (no port), for error messages. */
  host: string;
}

/** `v1` → {base}/openai/v1/chat/completions; dated → {base}/openai/deployments/{d}/chat/completions?api-version=V. */
export function chatRoute(endpoint: Endpoint, deployment: string, apiVersion: string): ModelRoute {
  const base = `${endpoint.origin}${endpoint.pathPrefix}/openai`;
  if (apiVersion === 'v1') {
    const baseURL = `${base}/v1`;
    return { baseURL, query: {}, url: `${baseURL}/chat/completions`, host: endpoint.host };
  }
  const baseURL = `${base}/deployments/${encodeURIComponent(deployment)}`;
  return {
    baseURL,
    query: { 'api-version': apiVersion },
    url: `${baseURL}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`,
    host: endpoint.host,
  };
}

/**
 * {base}/openai/v1/responses, whatever the api-version: Azure serves the
 * Responses API's current shape on the v1 route only (the dated preview
 * route, /openai/responses?api-version=2025-03-01-preview, lags behind it).
 */
export function responsesRoute(endpoint: Endpoint): ModelRoute {
  const baseURL = `${endpoint.origin}${endpoint.pathPrefix}/openai/v1`;
  return { baseURL, query: {}, url: `${baseURL}/responses`, host: endpoint.host };
}
