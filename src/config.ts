/** The one typed configuration a run works from, produced by `readConfig`. */
import type { Endpoint } from './endpoint.ts';

export const AUTH_MODES = ['auto', 'github-oidc', 'azure-cli', 'managed-identity', 'default-chain'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface IdentityConfig {
  mode: AuthMode;
  clientId?: string;
  tenantId?: string;
  /** Entra scope, `…/.default`. */
  scope: string;
  authorityHost: string;
  /** False for hosts MSAL does not know (Azure Stack Hub, an emulator). */
  instanceDiscovery: boolean;
  oidcAudience: string;
}

export interface PromptConfig {
  user: string;
  system?: string;
  /** Where each text came from, for the summary ("input prompt", "file x.md"). */
  userSource: string;
}

export interface Config {
  endpoint: Endpoint;
  deployment: string;
  apiVersion: string;
  prompt: PromptConfig;
  identity: IdentityConfig;
  maxTokens?: number;
  temperature?: number;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts that a retry-after may ask for. */
  maxRetryWaitMs: number;
  summary: boolean;
}
