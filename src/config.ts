/** The one typed configuration a run works from, produced by `readConfig`. */
import type { Endpoint } from './endpoint/endpoint.ts';
import type { ChatMessage } from './prompt/messages.ts';
import type { ReasoningEffort } from './inputs/model-parameters.ts';
import type { ResponseFormat } from './inputs/response-format.ts';

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
  /** The messages as written (a system message first), before `{{variable}}` substitution. */
  messages: ChatMessage[];
  /** Where the user prompt came from, for the summary ("input prompt", "file x.md", "prompt file x.prompt.yml"). */
  userSource: string;
  /** Template variables from `input` and `file-input`; absent when neither is set. */
  variables?: Record<string, string>;
  /** A prompt file's `model`: a GitHub Models name, reported but not used (the deployment decides). */
  model?: string;
  /** What the prompt file holds that this action ignores, for the log. */
  warnings?: string[];
}

export interface Config {
  endpoint: Endpoint;
  deployment: string;
  apiVersion: string;
  prompt: PromptConfig;
  identity: IdentityConfig;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  reasoningEffort?: ReasoningEffort;
  /** Absent for plain text. */
  responseFormat?: ResponseFormat;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts that a retry-after may ask for. */
  maxRetryWaitMs: number;
  summary: boolean;
  /** Stream the answer (progress lines, stall detection); false for one JSON answer. */
  stream: boolean;
  /** Fail the step when the answer was cut short (finish reason length or content_filter). */
  failOnTruncation: boolean;
}
