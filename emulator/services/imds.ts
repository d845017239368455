// Azure Instance Metadata Service token endpoint (reached through AZURE_POD_IDENTITY_AUTHORITY_HOST,
// so @azure/identity never probes 169.254.169.254). MSAL builds the URL by string concatenation,
// so a trailing slash in the variable gives `//metadata/...`: the router collapses slashes.

import type { ManagedIdentity } from '../config.ts';
import { applyTransportFault, header, sendJson } from '../http.ts';
import type { RequestContext, Route } from '../http.ts';
import { nowSeconds } from '../jwt.ts';
import { accessTokenClaims } from './entra.ts';

function imdsError(ctx: RequestContext, description: string, status = 400, error = 'invalid_request'): void {
  sendJson(ctx, status, { error, error_description: description });
}

function defaultMirid(kind: 'system' | 'user', mi: ManagedIdentity, subscriptionId: string): string {
  return kind === 'system'
    ? `/subscriptions/${subscriptionId}/resourcegroups/octo-runners/providers/Microsoft.Compute/virtualMachines/octo-runner-01`
    : `/subscriptions/${subscriptionId}/resourcegroups/octo-runners/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-${mi.clientId.slice(0, 8)}`;
}

type Chosen = { identity: ManagedIdentity; kind: 'system' | 'user' } | { refusal: string };

/** The identity a request names (client_id, object_id or msi_res_id), or the one IMDS picks when it names none. */
function chooseIdentity(query: Record<string, string>, userAssigned: ManagedIdentity[], system: ManagedIdentity | undefined): Chosen {
  const wanted = query.client_id ?? query.object_id ?? query.msi_res_id;
  if (wanted !== undefined) {
    const named = userAssigned.find(
      (mi) =>
        mi.clientId.toLowerCase() === query.client_id?.toLowerCase() ||
        mi.objectId.toLowerCase() === query.object_id?.toLowerCase() ||
        (mi.resourceId ?? '').toLowerCase() === query.msi_res_id?.toLowerCase(),
    );
    if (named) return { identity: named, kind: 'user' };
    const wantedClientId = query.client_id?.toLowerCase();
    if (system && wantedClientId && system.clientId.toLowerCase() === wantedClientId) return { identity: system, kind: 'system' };
    return { refusal: 'Identity not found' };
  }
  if (system) return { identity: system, kind: 'system' };
  // IMDS picks the only user-assigned identity.
  const only = userAssigned.length === 1 ? userAssigned[0] : undefined;
  if (only) return { identity: only, kind: 'user' };
  if (userAssigned.length > 1)
    return {
      refusal: 'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request',
    };
  return { refusal: 'Identity not found' };
}

function sendToken(ctx: RequestContext, chosen: { identity: ManagedIdentity; kind: 'system' | 'user' }, resource: string): void {
  const { state } = ctx;
  const { identity, kind } = chosen;
  const mirid = identity.resourceId ?? defaultMirid(kind, identity, state.config.azSession.subscriptionId);
  const lifetime = 86399;
  const claims = accessTokenClaims(state.config, {
    oid: identity.objectId,
    appid: identity.clientId,
    aud: resource.replace(/\/\.default$/, ''),
    extra: { xms_mirid: mirid, xms_az_rid: mirid },
  });
  claims.exp = (claims.iat as number) + lifetime;
  const now = nowSeconds();
  // IMDS returns every field as a string.
  sendJson(ctx, 200, {
    access_token: state.entraSigner.sign(claims),
    client_id: identity.clientId,
    expires_in: String(lifetime),
    expires_on: String(now + lifetime),
    ext_expires_in: String(lifetime),
    not_before: String(now),
    resource,
    token_type: 'Bearer',
  });
}

async function handleToken(ctx: RequestContext): Promise<void> {
  // Without the Metadata header IMDS answers 400 at once; @azure/identity's availability
  // probe (no query, no header) relies on exactly that. Probes never consume faults.
  if ((header(ctx, 'metadata') ?? '').toLowerCase() !== 'true') return imdsError(ctx, 'Required metadata header not specified');
  const fault = ctx.state.faults.take('imds');
  const statusBody = (status: number) => ({
    body:
      status === 429
        ? { error: 'too_many_requests', error_description: 'Too many requests.' }
        : { error: 'unknown_error', error_description: 'Failed to retrieve token from the Active directory.' },
  });
  if (await applyTransportFault(ctx, fault, { statusBody })) return;
  const query = ctx.query;
  if (!query['api-version']) return imdsError(ctx, "Required query variable 'api-version' is missing");
  if (!query.resource) return imdsError(ctx, 'Required audience parameter not specified');
  const identities = ctx.state.config.managedIdentities;
  const chosen = chooseIdentity(query, identities.userAssigned, identities.systemAssigned ?? undefined);
  if ('refusal' in chosen) return imdsError(ctx, chosen.refusal);
  sendToken(ctx, chosen, query.resource);
}

export function imdsRoutes(): Route[] {
  return [{ service: 'imds', method: 'GET', path: /^\/metadata\/identity\/oauth2\/token$/, handle: handleToken }];
}
