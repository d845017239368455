/**
 * The catalogue's entries for a failed model call: a refused token or role
 * (refusal-diagnosis.ts), a missing deployment or route, the rate limit, the content filter, an
 * unusable answer, a timeout, the network. Each names the deployment, the
 * host or the URL the call went to, and quotes the service.
 */
import { filteredCategories } from '../call/answer.ts';
import type { CallError } from '../call/call-outcome.ts';
import { humanWait, isDailyQuota, statedWait } from '../call/stated-wait.ts';
import { ACCEPTED_ENDPOINT_FORMS, AZURE_HOST } from '../endpoint/endpoint.ts';
import { oneLine } from '../secrets.ts';
import { quoteLine } from './error-text.ts';
import { type Diagnosis, told } from '../failure-topics.ts';
import { diagnoseRefusal } from './refusal-diagnosis.ts';

interface AzureErrorBody {
  code?: string;
  param?: string;
  message?: string;
  innererror?: { code?: string; content_filter_result?: unknown };
}

/** A failed call, read once into what every entry looks at. */
interface CallCase {
  error: CallError;
  status: number | undefined;
  azure: AzureErrorBody | undefined;
  serviceMessage: string;
  requestId: string | null | undefined;
  /** " (request id …)", or nothing. */
  ref: string;
  /** "4 attempts". */
  attempts: string;
  deployment: string;
  host: string;
  /** Azure hosts start with the resource name; behind a gateway or an emulator it is unknown. */
  resource: string;
}

export function diagnoseCall(error: CallError): Diagnosis {
  const c = callCase(error);
  const status = c.status;
  if (status === 401 || status === 403) return refused(c, status);
  if (status === 404) return notFound(c);
  if (status === 429) return rateLimited(c);
  if (status === 400 && c.azure?.code === 'content_filter') return contentFiltered(c);
  if (status === 400 && c.azure?.code === 'OperationNotSupported' && /chatCompletion operation/i.test(c.serviceMessage)) return noChat(c);
  if (status === 400 && c.azure?.code === 'unsupported_parameter') return unsupportedParameter(c);
  if (error.failure.malformed) return unusableAnswer(c, error.failure.malformed);
  if (error.failure.timedOut) return timedOut(c);
  if (status === undefined) return unreachable(c);
  return told('otherAzureError', [
    `Azure OpenAI answered ${status} for deployment '${c.deployment}' after ${c.attempts}.`,
    `Azure OpenAI said: ${quoteLine(c.serviceMessage)}${c.ref}`,
  ]);
}

function callCase(error: CallError): CallCase {
  const { host, deployment } = error.facts;
  const parsed = parseBody(error.body);
  const requestId = error.headers?.get('apim-request-id') ?? error.headers?.get('x-request-id');
  return {
    error,
    status: error.status,
    azure: parsed.error,
    serviceMessage: parsed.error?.message ?? parsed.message ?? error.message,
    requestId,
    ref: requestId ? ` (request id ${oneLine(requestId, 100)})` : '',
    attempts: `${error.attempts} attempt${error.attempts === 1 ? '' : 's'}`,
    deployment,
    host,
    resource: AZURE_HOST.test(host) ? (host.split('.')[0] ?? host) : 'RESOURCE_NAME',
  };
}

/** The error body's fields as strings, whatever types a gateway put there (a message may be an object). */
function parseBody(body: string | undefined): { error?: AzureErrorBody; message?: string } {
  if (!body) return {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (!isRecord(parsed)) return {};
    const error = isRecord(parsed.error) ? parsed.error : undefined;
    const inner = error && isRecord(error.innererror) ? error.innererror : undefined;
    const azure: AzureErrorBody | undefined = error && {
      ...text('code', error.code),
      ...text('param', error.param),
      ...text('message', error.message),
      ...(inner ? { innererror: { ...text('code', inner.code), content_filter_result: inner.content_filter_result } } : {}),
    };
    return { ...(azure ? { error: azure } : {}), ...text('message', parsed.message) };
  } catch {
    return {};
  }
}

function refused(call: CallCase, status: number): Diagnosis {
  return diagnoseRefusal({
    status,
    code: call.azure?.code,
    serviceMessage: call.serviceMessage,
    ref: call.ref,
    host: call.host,
    deployment: call.deployment,
    resource: call.resource,
    token: call.error.facts.token,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ [name]: value }` when it is a string (a number is taken as its digits), else nothing. */
function text<K extends string>(name: K, value: unknown): Partial<Record<K, string>> {
  if (typeof value === 'string') return { [name]: value } as Record<K, string>;
  if (typeof value === 'number') return { [name]: String(value) } as Record<K, string>;
  return {};
}

function notFound(call: CallCase): Diagnosis {
  if (call.azure?.code === 'DeploymentNotFound') {
    return told('deploymentNotFound', [
      `Deployment '${call.deployment}' does not exist on ${call.host} (404 DeploymentNotFound).`,
      'Use the deployment name (chosen when the model was deployed), not the model name; a new deployment can take up to 5 minutes to appear. List them with:',
      `  az cognitiveservices account deployment list --name ${call.resource} --resource-group RESOURCE_GROUP --output table`,
      `Azure OpenAI said: ${quoteLine(call.serviceMessage)}${call.ref}`,
    ]);
  }
  return told('noRoute', [
    `No Azure OpenAI route at POST ${call.error.facts.url} (404).`,
    `Check endpoint and api-version (v1, or a dated version such as 2024-10-21). Accepted endpoint forms: ${ACCEPTED_ENDPOINT_FORMS.join('; ')}.`,
    `The service said: ${quoteLine(call.serviceMessage)}${call.ref}`,
  ]);
}

function rateLimited(call: CallCase): Diagnosis {
  const { error } = call;
  const stated = statedWait(error.headers, error.body ?? error.message, Date.now());
  const waitMs = error.retryAfterMs ?? stated?.ms;
  const source = stated ? `, in ${stated.source === 'the message' ? 'its message' : stated.source}` : '';
  const wait = waitMs !== undefined ? `${humanWait(waitMs)}${source}` : 'an unstated time (no header or message names one)';
  const daily = waitMs !== undefined && isDailyQuota(waitMs);
  return told('rateLimited', [
    error.retryAfterMs !== undefined
      ? `Rate limited by deployment '${call.deployment}' (429) after ${call.attempts}: the service asked to retry after ${wait}, longer than max-retry-wait allows, so no further attempt was made.`
      : `Rate limited by deployment '${call.deployment}' (429) after ${call.attempts}; the service asked to retry after ${wait}.`,
    daily
      ? "A wait of a day is a daily quota (a trial or free-credit subscription has one): no retry within the run helps. Raise the deployment's rate limit (TPM) or the subscription's quota in the Azure AI Foundry portal, or list a deployment on another resource in fallbacks."
      : "The deployment's tokens-per-minute or requests-per-minute quota is used up: raise the deployment's rate limit (TPM) in the Azure AI Foundry portal, lower max-tokens, run fewer jobs at once, or raise max-retries / max-retry-wait.",
    `Azure OpenAI said: ${quoteLine(call.serviceMessage)}${call.ref}`,
  ]);
}

function contentFiltered(call: CallCase): Diagnosis {
  const categories = filteredCategories(call.azure?.innererror?.content_filter_result).join(', ');
  return told('promptFiltered', [
    `The prompt was blocked by Azure OpenAI's content filter (400 content_filter)${categories ? `: ${categories}` : ''}.`,
    'Rephrase the prompt or remove the offending input (untrusted pull-request text can trigger the jailbreak filter); filter levels are set per deployment in the Azure AI Foundry portal.',
    `Azure OpenAI said: ${quoteLine(call.serviceMessage)}${call.ref}`,
  ]);
}

function noChat(call: CallCase): Diagnosis {
  return told('noChatCompletions', [
    `Deployment '${call.deployment}' serves no Chat Completions (400 OperationNotSupported): its model (gpt-5.x-codex, gpt-5-pro, codex-mini, o3-pro...) takes the Responses API only.`,
    'Set api: responses (any api-version), or leave api at auto with api-version v1 (the defaults), which switches by itself.',
    `Azure OpenAI said: ${quoteLine(call.serviceMessage)}${call.ref}`,
  ]);
}

/** The input that sets each request parameter, under its chat and its Responses name. */
const PARAMETER_INPUTS: Record<string, string> = {
  max_tokens: 'max-tokens',
  max_completion_tokens: 'max-tokens',
  max_output_tokens: 'max-tokens',
  temperature: 'temperature',
  top_p: 'top-p',
  reasoning_effort: 'reasoning-effort',
  'reasoning.effort': 'reasoning-effort',
  'reasoning.summary': 'reasoning-summary',
  verbosity: 'verbosity',
  'text.verbosity': 'verbosity',
  response_format: 'response-format',
  'text.format': 'response-format',
};

function unsupportedParameter(call: CallCase): Diagnosis {
  const param = call.azure?.param ?? /parameter: '([\w.]+)'/.exec(call.serviceMessage)?.[1];
  const input = param !== undefined ? PARAMETER_INPUTS[param] : undefined;
  return told('unsupportedParameter', [
    `Deployment '${call.deployment}' does not accept ${param ? `the parameter '${param}'` : 'a parameter of this request'} (400 unsupported_parameter).`,
    input
      ? `Remove the ${input} input (or the prompt file's matching modelParameters entry) for this deployment.`
      : "Remove the input that sets it for this deployment (max-tokens, temperature, top-p, reasoning-effort, verbosity, reasoning-summary or response-format), or the prompt file's modelParameters entry.",
    `Azure OpenAI said: ${quoteLine(call.serviceMessage)}${call.ref}`,
  ]);
}

function unusableAnswer(call: CallCase, malformed: { message: string; retryable: boolean }): Diagnosis {
  return told(malformed.retryable ? 'answerUnusable' : 'somethingElseAnswered', [
    `The answer from deployment '${call.deployment}' was unusable after ${call.attempts}: ${malformed.message}.`,
    // Not retryable: the same page would come again, so it is not Azure OpenAI's.
    malformed.retryable
      ? 'This is a service fault: re-run the job; if it persists, quote the request id in a support case.'
      : `Something between the runner and ${call.host} answered instead of Azure OpenAI (a proxy, firewall or captive portal page): check the endpoint, and the runner's HTTPS_PROXY and NO_PROXY settings.`,
    ...(call.requestId ? [`Request id: ${call.requestId}`] : []),
  ]);
}

function timedOut(call: CallCase): Diagnosis {
  const seconds = call.error.facts.timeoutMs / 1000;
  const what = call.error.failure.stalled
    ? `the answer stopped arriving (no data for ${seconds} s)`
    : `no answer within ${seconds} s per attempt`;
  return told(call.error.failure.stalled ? 'answerStopped' : 'callTimedOut', [
    `The call to deployment '${call.deployment}' timed out: ${what}, after ${call.attempts}.`,
    'Raise timeout (seconds per attempt) or lower max-tokens; the deployment may be overloaded.',
  ]);
}

function unreachable(call: CallCase): Diagnosis {
  const code = call.error.failure.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return told('hostUnresolved', [
      `Could not resolve ${call.host} (${code}).`,
      "Check the endpoint's resource name. A resource behind a private endpoint resolves only inside its virtual network: run on a self-hosted runner in that network (with its private DNS zone), or allow the runner through the resource's firewall.",
    ]);
  }
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS/.test(code)) {
    return told('tlsFailure', [
      `TLS failure talking to ${call.host} (${code}).`,
      "A proxy that inspects TLS needs its CA certificate: point NODE_EXTRA_CA_CERTS at it in the step's env.",
    ]);
  }
  return told('connectFailed', [
    `Could not connect to ${call.host} (${code ?? quoteLine(call.error.message)}) after ${call.attempts}.`,
    "Check the runner's outbound network: the resource's firewall (Networking → allowed networks) or a private endpoint may be refusing this runner; a self-hosted runner in the resource's virtual network avoids both.",
  ]);
}
