/**
 * The catalogue's entries for a refused model call (401 or 403): a missing
 * data-plane role, the resource's network rules, or a rejected token. A role
 * entry names the role the refused data action needs (Azure OpenAI models or
 * the other Foundry models); a token entry names the scopes tried and what
 * the `scope` input changes.
 */
import type { AccessTokenFacts } from '../call/call-outcome.ts';
import { alternateScope } from '../endpoint/cloud.ts';
import { type Claims, claimText } from '../identity/jwt-claims.ts';
import { quoteLine } from './error-text.ts';
import { type Diagnosis, told } from '../failure-topics.ts';

/** Grants the Azure OpenAI data actions (`…/accounts/OpenAI/*`): OpenAI's models only. */
export const OPENAI_USER_ROLE = 'Cognitive Services OpenAI User';
export const OPENAI_USER_ROLE_ID = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';
/** Microsoft's documented role for keyless inference on every Foundry model (`…/accounts/MaaS/*` among its data actions). */
export const COGNITIVE_SERVICES_USER_ROLE = 'Cognitive Services User';
export const COGNITIVE_SERVICES_USER_ROLE_ID = 'a97b65f3-24c7-4388-baec-2e87135dc908';

/** What a refusal's entry looks at, read from the failed call. */
export interface Refusal {
  status: number;
  /** Azure's error code (`PermissionDenied`), when the body has one. */
  code: string | undefined;
  serviceMessage: string;
  /** " (request id …)", or nothing. */
  ref: string;
  host: string;
  deployment: string;
  /** The resource name for az commands (RESOURCE_NAME when the host does not say). */
  resource: string;
  token: AccessTokenFacts | undefined;
}

export function diagnoseRefusal(refusal: Refusal): Diagnosis {
  if (refusal.code === 'PermissionDenied') return missingRole(refusal);
  if (/firewall|virtual network|private endpoint|public access is disabled/i.test(refusal.serviceMessage.slice(0, 1000))) {
    return told('networkRules', [
      `The network rules of ${refusal.host} refused this runner (${refusal.status}).`,
      "The resource's firewall or a private endpoint allows only some networks: add the runner's network under Networking → Firewalls and virtual networks, or run on a self-hosted runner inside the resource's virtual network.",
      said(refusal),
    ]);
  }
  return rejectedToken(refusal);
}

function said(refusal: Refusal): string {
  return `Azure OpenAI said: ${quoteLine(refusal.serviceMessage)}${refusal.ref}`;
}

type ModelFamily = 'openai' | 'foundry' | 'unknown';

/** Which models the refused data action belongs to, as Azure names it in the message. */
export function refusedModelFamily(serviceMessage: string): ModelFamily {
  const text = serviceMessage.slice(0, 1000);
  if (/accounts\/MaaS\//i.test(text)) return 'foundry';
  if (/accounts\/OpenAI\//i.test(text)) return 'openai';
  return 'unknown';
}

function missingRole(refusal: Refusal): Diagnosis {
  const claims = refusal.token?.claims;
  const oid = claimText(claims, 'oid') ?? /principal `?([0-9a-f-]{36})/i.exec(refusal.serviceMessage.slice(0, 1000))?.[1] ?? 'OBJECT_ID';
  const appId = claimText(claims, 'appid') ?? claimText(claims, 'azp') ?? '(unknown)';
  const family = refusedModelFamily(refusal.serviceMessage);
  const [role, roleId] =
    family === 'foundry' ? [COGNITIVE_SERVICES_USER_ROLE, COGNITIVE_SERVICES_USER_ROLE_ID] : [OPENAI_USER_ROLE, OPENAI_USER_ROLE_ID];
  const which = {
    openai: `The refused data action is Azure OpenAI's, which "${OPENAI_USER_ROLE}" grants. A Foundry model from another provider on the same resource (such as DeepSeek or Grok) needs "${COGNITIVE_SERVICES_USER_ROLE}" (${COGNITIVE_SERVICES_USER_ROLE_ID}) instead, which covers every Foundry model.`,
    foundry: `Deployment '${refusal.deployment}' is a Foundry model from another provider (such as DeepSeek or Grok): its data action (…/accounts/MaaS/…) comes with "${COGNITIVE_SERVICES_USER_ROLE}", not with "${OPENAI_USER_ROLE}" (${OPENAI_USER_ROLE_ID}), which covers only Azure OpenAI models.`,
    unknown: `"${OPENAI_USER_ROLE}" covers Azure OpenAI models (gpt-4o, gpt-5, the o-series); a Foundry model from another provider on the same resource (such as DeepSeek or Grok) needs "${COGNITIVE_SERVICES_USER_ROLE}" (${COGNITIVE_SERVICES_USER_ROLE_ID}) instead.`,
  }[family];
  return told('permissionDenied', [
    `The identity has no data-plane access to ${refusal.host} (${refusal.status} PermissionDenied): principal object id ${oid}, app id ${appId}.`,
    `Assign it the role "${role}" (${roleId}) at the resource scope:`,
    `  az role assignment create --assignee-object-id ${oid} --assignee-principal-type ${principalType(claims)} --role ${roleId} --scope "$(az cognitiveservices account show --name ${refusal.resource} --resource-group RESOURCE_GROUP --query id --output tsv)"`,
    which,
    'Owner and Contributor carry no data actions and do not help. A new assignment can take a few minutes to apply.',
    said(refusal),
  ]);
}

/** A user signed in to the Azure CLI has a user token (`idtyp: user`, no `appid`); workflows' identities are service principals. */
function principalType(claims: Claims | undefined): 'User' | 'ServicePrincipal' {
  const user = claimText(claims, 'idtyp') === 'user' || (claims !== undefined && !claimText(claims, 'appid') && !claimText(claims, 'azp'));
  return user ? 'User' : 'ServicePrincipal';
}

const ACCEPTED_SCOPES =
  'Azure OpenAI accepts https://cognitiveservices.azure.com/.default or https://ai.azure.com/.default (their .azure.us forms in US Government, https://cognitiveservices.azure.cn/.default in China)';

function rejectedToken(refusal: Refusal): Diagnosis {
  const token = refusal.token;
  const scope = token?.scope ?? '(unknown)';
  const aud = claimText(token?.claims, 'aud');
  const audText = aud ? ` (its audience is ${aud})` : '';
  const tid = claimText(token?.claims, 'tid');
  const lines = [`Azure OpenAI rejected the access token (${refusal.status}): it is invalid, expired, or for the wrong audience.`];
  if (token?.refusedScope) {
    lines.push(
      `Both Azure AI audiences were tried: a token for scope ${token.refusedScope}, then one for scope ${scope}${audText}; ${refusal.host} refused both, so the audience alone is not the cause.`,
      `Check that the token's tenant${tid ? ` (${tid})` : ''} is the resource's and that the endpoint is the resource itself; a gateway in front of it may want its own audience: name it in the scope input (with allow-custom-endpoint: true).`,
    );
  } else if (token?.scopeFromInput) {
    const other = alternateScope(scope);
    lines.push(
      `The token was requested for scope ${scope}, set by the scope input${audText}; with the scope input set, the action never tries another audience.`,
      other
        ? `If the resource wants the other Azure AI audience, set scope to ${other}, or remove the scope input to let the action try both.`
        : `${ACCEPTED_SCOPES}: fix or remove the scope input.`,
    );
  } else {
    lines.push(
      `The token was requested for scope ${scope}, the endpoint's default (no scope input)${audText}. ${ACCEPTED_SCOPES}: set the scope input if the resource wants another.`,
    );
  }
  lines.push(said(refusal));
  return told('tokenRejected', lines);
}
