/**
 * Decides which identity path a run uses, and says why. Pure: the decision is
 * made from the config and the environment only, so it is logged and tested
 * before any credential is constructed.
 */
import type { IdentityConfig } from '../config.ts';
import { oneLine } from '../secrets.ts';
import type { CliSession } from './cli-profile.ts';
import { NO_OIDC_TOKEN_WHY } from './no-token-by-design.ts';

export type IdentityMethod = 'github-oidc' | 'azure-cli' | 'managed-identity' | 'default-chain';

export interface IdentityChoice {
  method: IdentityMethod;
  reason: string;
  /** github-oidc with the client and tenant ids of the azure/login session (its CLI session is the fallback). */
  sessionIds?: { clientId: string; tenantId: string };
}

export function canMintGithubIdToken(env: Record<string, string | undefined>): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

export function chooseIdentity(
  identity: IdentityConfig,
  env: Record<string, string | undefined>,
  session?: Pick<CliSession, 'clientId' | 'tenantId' | 'path'>,
): IdentityChoice {
  switch (identity.mode) {
    case 'github-oidc':
      return { method: 'github-oidc', reason: 'auth: github-oidc' };
    case 'azure-cli':
      return { method: 'azure-cli', reason: 'auth: azure-cli' };
    case 'managed-identity':
      return { method: 'managed-identity', reason: 'auth: managed-identity' };
    case 'default-chain':
      return { method: 'default-chain', reason: 'auth: default-chain' };
    case 'auto':
      break;
  }
  const oidc = canMintGithubIdToken(env);
  if (identity.clientId && identity.tenantId && oidc) {
    return {
      method: 'github-oidc',
      reason: 'client-id and tenant-id are set and the job can mint a GitHub OIDC token, so the action federates directly',
    };
  }
  // azure/login's CLI session names its service principal; a fresh ID token of this job outlives the CLI's stored one.
  if (!identity.clientId && !identity.tenantId && oidc && session?.clientId && session.tenantId) {
    return {
      method: 'github-oidc',
      reason: `no client-id or tenant-id, but the azure/login session (${oneLine(session.path, 200)}) names service principal ${session.clientId} in tenant ${session.tenantId}, and the job can mint a GitHub OIDC token, so the action federates directly with those ids; if that app has no federated credential for this job, its Azure CLI session is used`,
      sessionIds: { clientId: session.clientId, tenantId: session.tenantId },
    };
  }
  const missing: string[] = [];
  if (!identity.clientId) missing.push('no client-id');
  if (!identity.tenantId) missing.push('no tenant-id');
  if (!oidc) missing.push(`no GitHub OIDC token (${NO_OIDC_TOKEN_WHY})`);
  return {
    method: 'default-chain',
    reason: `${missing.join(', ')}; trying DefaultAzureCredential (an azure/login session, a workload identity or a managed identity)`,
  };
}
