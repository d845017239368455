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

export function imdsRoutes(): Route[] {
  return [
    {
      service: 'imds',
      method: 'GET',
      path: /^\/metadata\/identity\/oauth2\/token$/,
      async handle(ctx) {
        const state = ctx.state;
        // Without the Metadata header IMDS answers 400 at once; @azure/identity's availability
        // probe (no query, no header) relies on exactly that. Probes never consume faults.
        if ((header(ctx, 'metadata') ?? '').toLowerCase() !== 'true') {
          return imdsError(ctx, 'Required metadata header not specified');
        }
        const fault = state.faults.take('imds');
        const statusBody = (status: number) => ({
          body:
            status === 429
              ? { error: 'too_many_requests', error_description: 'Too many requests.' }
              : { error: 'unknown_error', error_description: 'Failed to retrieve token from the Active directory.' },
        });
        if (await applyTransportFault(ctx, fault, { statusBody })) return;

        const q = ctx.query;
        if (!q['api-version']) return imdsError(ctx, "Required query variable 'api-version' is missing");
        if (!q.resource) return imdsError(ctx, 'Required audience parameter not specified');

        const mis = state.config.managedIdentities;
        const sub = state.config.azSession.subscriptionId;
        let identity: ManagedIdentity | undefined;
        let kind: 'system' | 'user' = 'user';
        const wanted = q.client_id ?? q.object_id ?? q.msi_res_id;
        if (wanted !== undefined) {
          identity = mis.userAssigned.find(
            (mi) =>
              mi.clientId.toLowerCase() === q.client_id?.toLowerCase() ||
              mi.objectId.toLowerCase() === q.object_id?.toLowerCase() ||
              (mi.resourceId ?? '').toLowerCase() === q.msi_res_id?.toLowerCase(),
          );
          const wantedClientId = q.client_id?.toLowerCase();
          if (!identity && mis.systemAssigned && wantedClientId && mis.systemAssigned.clientId.toLowerCase() === wantedClientId) {
            identity = mis.systemAssigned;
            kind = 'system';
          }
        } else if (mis.systemAssigned) {
          identity = mis.systemAssigned;
          kind = 'system';
        } else if (mis.userAssigned.length === 1) {
          identity = mis.userAssigned[0]; // IMDS picks the only user-assigned identity
        } else if (mis.userAssigned.length > 1) {
          return imdsError(
            ctx,
            'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request',
          );
        }
        if (!identity) return imdsError(ctx, 'Identity not found');

        const resource = q.resource.replace(/\/\.default$/, '');
        const mirid = identity.resourceId ?? defaultMirid(kind, identity, sub);
        const lifetime = 86399;
        const claims = accessTokenClaims(state.config, {
          oid: identity.objectId,
          appid: identity.clientId,
          aud: resource,
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
          resource: q.resource,
          token_type: 'Bearer',
        });
      },
    },
  ];
}
