/**
 * Decides which identity path a run uses, and says why: the one place the
 * choice is made, from the identity inputs, whether the job can mint a GitHub
 * ID token, and (read only on the paths that may meet it) azure/login's CLI
 * session. No credential is constructed here.
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
  /** azure/login's CLI session, when the path may meet it and it was found. */
  cliSession?: CliSession;
}

export function canMintGithubIdToken(env: Record<string, string | undefined>): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * The path, and why. `oidc`: the job can mint a GitHub ID token (canMintGithubIdToken). `readSession` reads
 * azure/login's profile (a small file, no az process), only for the paths that may meet its session.
 */
export async function chooseIdentity(
  identity: IdentityConfig,
  oidc: boolean,
  readSession: () => Promise<CliSession | undefined>,
): Promise<IdentityChoice> {
  const withSession = async (choice: IdentityChoice): Promise<IdentityChoice> => {
    const cliSession = await readSession();
    if (cliSession) choice.cliSession = cliSession;
    return choice;
  };
  switch (identity.mode) {
    case 'github-oidc':
      return { method: 'github-oidc', reason: 'auth: github-oidc' };
    case 'azure-cli':
      return withSession({ method: 'azure-cli', reason: 'auth: azure-cli' });
    case 'managed-identity':
      return { method: 'managed-identity', reason: 'auth: managed-identity' };
    case 'default-chain':
      return withSession({ method: 'default-chain', reason: 'auth: default-chain' });
    case 'auto':
      break;
  }
  if (identity.clientId && identity.tenantId && oidc) {
    return {
      method: 'github-oidc',
      reason: 'client-id and tenant-id are set and the job can mint a GitHub OIDC token, so the action federates directly',
    };
  }
  const cliSession = await readSession();
  const choice = autoChoice(identity, oidc, cliSession);
  if (cliSession) choice.cliSession = cliSession;
  return choice;
}

function autoChoice(identity: IdentityConfig, oidc: boolean, session: CliSession | undefined): IdentityChoice {
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
