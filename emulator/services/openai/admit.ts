// Azure's admission checks in its order: queued faults -> key auth -> bearer token -> role ->
// body -> deployment. A failed check answers the request itself.

import type { DeploymentConfig } from '../../config.ts';
import type { Fault } from '../../faults.ts';
import { sendRecorded } from '../../http.ts';
import { applyTransportFault, header, sendJson } from '../../http.ts';
import type { RecordedRequest, RequestContext } from '../../http.ts';
import { claimString, nowSeconds } from '../../jwt.ts';
import {
  CONTENT_FILTER_PROMPT_BODY,
  DEPLOYMENT_NOT_FOUND_MESSAGE,
  deploymentRefusal,
  invalidRequest,
  permissionDeniedMessage,
  statusBody,
  UNAUTHORIZED_MESSAGE,
} from './bodies.ts';
import { commonHeaders } from './headers.ts';

/** Answers with an Azure error; undefined, for admit()'s "already answered". */
export function refuse(ctx: RequestContext, status: number, body: unknown): undefined {
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

const KEY_REFUSED_MESSAGE =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/** Key auth: 'passed', 'absent' (no api-key header), or refused (answered). */
function checkKey(ctx: RequestContext, cfg: OpenaiConfig): 'passed' | 'absent' | undefined {
  const apiKey = header(ctx, 'api-key');
  if (apiKey === undefined) return 'absent';
  if (cfg.keyAuthDisabled) {
    const message = 'Key based authentication is disabled for this resource.';
    return refuse(ctx, 401, { error: { code: 'AuthenticationTypeDisabled', message } });
  }
  if (!cfg.apiKeys.includes(apiKey)) return refuse(ctx, 401, { error: { code: '401', message: KEY_REFUSED_MESSAGE } });
  return 'passed';
}

/** Bearer token: signed by the emulator's Entra key, this tenant, live, right audience; then the role. */
function checkBearer(ctx: RequestContext, options: AdmitOptions): boolean {
  const state = ctx.state;
  const cfg = state.config.openai;
  // Azure's text is fixed: it names the resource's audience whatever the token carried, and its
  // wording is the same for a missing, expired or wrong-audience token.
  const unauthorized = (): false => {
    refuse(ctx, 401, { statusCode: 401, message: UNAUTHORIZED_MESSAGE(cfg.audience) });
    return false;
  };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(ctx, 'authorization') ?? '');
  if (!bearer?.[1]) return unauthorized();
  const verified = state.entraSigner.verify(bearer[1]);
  if (!verified.ok) return unauthorized();
  const claims = verified.payload;
  const now = nowSeconds();
  const audiences = acceptedAudiences(cfg, options.route === 'v1' ? modelOf(ctx.body) : options.pathDeployment);
  if (typeof claims.exp !== 'number' || claims.exp <= now) return unauthorized();
  if (typeof claims.nbf === 'number' && claims.nbf > now + 300) return unauthorized();
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) return unauthorized();
  if (typeof claims.tid !== 'string' || claims.tid.toLowerCase() !== state.config.tenantId.toLowerCase()) return unauthorized();
  // Role: Cognitive Services OpenAI User on the resource.
  const oid = claimString(claims.oid);
  if (!cfg.roleAssignments.some((assigned) => assigned.toLowerCase() === oid.toLowerCase())) {
    refuse(ctx, 401, { error: { code: 'PermissionDenied', message: permissionDeniedMessage(oid, options.operation) } });
    return false;
  }
  return true;
}

const UNPARSABLE_BODY =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** The body as an object and the deployment it names (path or v1 `model`); refused (answered) otherwise. */
function findDeployment(
  ctx: RequestContext,
  options: AdmitOptions,
): { req: Record<string, unknown>; deployment: DeploymentConfig; deploymentName: string } | undefined {
  const body = ctx.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(ctx, 400, invalidRequest(UNPARSABLE_BODY));
  const req = body as Record<string, unknown>;
  let deploymentName = options.pathDeployment;
  if (options.route === 'v1') {
    if (typeof req.model !== 'string' || !req.model) return refuse(ctx, 400, invalidRequest('you must provide a model parameter'));
    deploymentName = req.model;
  }
  const deployments = ctx.state.config.openai.deployments;
  const deployment: DeploymentConfig | undefined = deploymentName !== undefined ? deployments[deploymentName] : undefined;
  // A deployment served on some host names only acts as a resource of its own (fallbacks to another endpoint).
  if (!deployment || deploymentName === undefined || (deployment.hosts && !deployment.hosts.includes(requestHost(ctx.record)))) {
    return refuse(ctx, 404, { error: { code: 'DeploymentNotFound', message: DEPLOYMENT_NOT_FOUND_MESSAGE } });
  }
  return { req, deployment, deploymentName };
}

/** Runs Azure's checks in its order; answers the request itself (and returns undefined) when one fails. */
export async function admit(ctx: RequestContext, options: AdmitOptions): Promise<Admitted | undefined> {
  const state = ctx.state;
  const apiVersion = options.route === 'v1' ? 'v1' : (ctx.query['api-version'] ?? '');
  const faultDefaults = { statusBody: statusBody(apiVersion, options.operation), headers: commonHeaders };
  const shaping: Fault[] = [];
  // Queued faults apply first, whatever the request carries: "the next call fails".
  const queued = state.faults.take('openai');
  if (queued?.kind === 'recorded') {
    sendRecorded(ctx, queued);
    return undefined;
  }
  if (await applyTransportFault(ctx, queued, faultDefaults)) return undefined;
  if (queued?.kind === 'content-filter-prompt') return refuse(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
  if (queued) shaping.push(queued);
  const latency = state.config.openai.latencyMs;
  if (latency > 0 && !(await state.lifecycle.sleep(latency))) return undefined;
  const key = checkKey(ctx, state.config.openai);
  if (key === undefined || (key === 'absent' && !checkBearer(ctx, options))) return undefined;
  const found = findDeployment(ctx, options);
  if (!found) return undefined;
  for (const fault of found.deployment.faults ?? []) {
    if (await applyTransportFault(ctx, fault, faultDefaults)) return undefined;
    if (fault.kind === 'content-filter-prompt') return refuse(ctx, 400, CONTENT_FILTER_PROMPT_BODY);
    shaping.push(fault);
  }
  const refusal = deploymentRefusal(found.deployment, found.req);
  if (refusal) return refuse(ctx, refusal.status, refusal.body);
  return { ...found, shaping };
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
