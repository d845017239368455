// Emulator configuration: what the fake tenant, GitHub run, runner identities and Azure OpenAI
// resource look like. defaultConfig() is a working happy path (GitHub OIDC federation to one
// app registration that holds the data-plane role); tests mutate emulator.config between runs.

import type { Fault } from './faults.ts';
import { defaultGithubApi, type GithubApiConfig } from './fixtures/github-repos.ts';

export interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface AppRegistration {
  clientId: string; // appId
  objectId: string; // object id of its service principal (the `oid` of its tokens)
  displayName: string;
  federatedCredentials: FederatedCredential[];
}

export interface ManagedIdentity {
  clientId: string;
  objectId: string;
  resourceId?: string; // ARM id, reported as xms_mirid; also selectable with msi_res_id
}

export interface AzSession {
  clientId: string; // the service principal azure/login signed in with
  tenantId: string;
  subscriptionId: string;
  subscriptionName: string;
  // true: the stored federated assertion is older than its ~5 minute lifetime, so the CLI
  // cannot get tokens any more (AADSTS700024), as after a long job following azure/login.
  expired: boolean;
  // How long before the run azure/login signed in: azureProfile.json's modification time is set back by it.
  loggedInSecondsAgo?: number;
}

export interface DeploymentConfig {
  model: string; // what the response's `model` field says, e.g. gpt-5.1-2025-11-13
  reply?: string; // fixed answer; default echoes the last user message
  rejectsParam?: 'max_tokens' | 'max_completion_tokens';
  faults?: Fault[]; // applied (in order) to every request to this deployment
  // usage.prompt_tokens_details.cached_tokens, fixed (capped at the prompt's tokens); default: the prompt cache's count
  // (openai/prompt-cache.ts), which serves a repeated prefix of 1,024 tokens or more.
  cachedTokens?: number;
  // Whether the model bills cache writes and reports cache_write_tokens; default: gpt-5.6 and later families.
  cacheWrites?: boolean;
  // service_tier flex: served (default); 'short' of capacity (a 429 to flex requests only, the default tier still
  // answers); or 'unsupported' by the model (400 invalid_request_error, no fallback to standard processing).
  flex?: 'served' | 'short' | 'unsupported';
  // The service refuses prompt_cache_key for this model (400 unrecognized_request_argument), as Foundry's models
  // from other providers do on the v1 API (vectorize-io/hindsight#3518, zed-industries/zed#52000).
  rejectsPromptCacheKey?: boolean;
  // The model was retired: every request to the deployment answers 404 {"code": "404", "message": "Resource not
  // found"}, as recorded in BerriAI/litellm#11116.
  retired?: boolean;
  reasoningTokens?: number; // usage.completion_tokens_details.reasoning_tokens, counted in completion_tokens as Azure does; default 0
  // Token audiences this deployment accepts, in place of the resource's audience and additionalAudiences:
  // [AI_AUDIENCE] acts as a resource that wants only https://ai.azure.com, [] as one that refuses every token.
  // A refused token gets Azure's 401 "audience is incorrect" body, whichever audience it carried.
  audiences?: string[];
  // The APIs the model serves; default both. ['responses'] is a Responses-only model (gpt-5.x-codex,
  // gpt-5-pro, codex-mini, o3-pro): the chat route answers 400 OperationNotSupported.
  apis?: Array<'chat' | 'responses'>;
  // A reasoning model that refuses temperature and top_p (400 unsupported_parameter), on either API: always (true),
  // or only beside a reasoning effort other than none ('with-reasoning': gpt-5.1 and later, whose default effort is none).
  rejectsSampling?: boolean | 'with-reasoning';
  // The reasoning summary the Responses API returns when the request asks for one (reasoning.summary).
  reasoningSummary?: string;
  // Host names (the Host header without its port) this deployment is served on, so that one port can act as two
  // resources: http://127.0.0.1:PORT and http://localhost:PORT. Any other host answers 404 DeploymentNotFound.
  // Default: every host.
  hosts?: string[];
  // A scripted model: round N of a conversation (N earlier rounds of tool calls answered) makes toolRounds[N]'s
  // calls, while the request offers tools and tool_choice is not 'none'; after the last round it answers in text.
  toolRounds?: ScriptedCall[][];
}

/** A function call the scripted model makes: the tool's name and its arguments (an object, or raw text as sent). */
export interface ScriptedCall {
  name: string;
  arguments: Record<string, unknown> | string;
}

export interface EmulatorConfig {
  tenantId: string;
  tenantDisplayName: string;
  apps: AppRegistration[];
  github: {
    requestToken: string; // the ACTIONS_ID_TOKEN_REQUEST_TOKEN the OIDC endpoint accepts
    claims: Record<string, unknown>;
    idTokenLifetimeSeconds: number;
    // The `iss` of ID tokens: github.com's, or GitHub Enterprise Server's `https://HOST/_services/token`.
    issuer: string;
    // The default `sub`: classic `repo:OWNER/REPO:…`, or the immutable `repo:OWNER@OWNER_ID/REPO@REPO_ID:…` that
    // GitHub uses for repositories created, renamed or transferred on or after 2026-07-15 (and those that opted in).
    subjectForm: 'classic' | 'immutable';
  };
  managedIdentities: {
    systemAssigned: null | ManagedIdentity;
    userAssigned: ManagedIdentity[];
  };
  azSession: AzSession; // defaults used by azLogin()
  accessTokenLifetimeSeconds: number;
  openai: {
    resourceName: string;
    keyAuthDisabled: boolean;
    apiKeys: string[]; // accepted api-key values when keyAuthDisabled is false
    roleAssignments: string[]; // principal object ids holding "Cognitive Services OpenAI User"
    deployments: Record<string, DeploymentConfig>;
    latencyMs: number;
    audience: string; // the audience named in the 401 message
    additionalAudiences: string[]; // other accepted token audiences (e.g. https://ai.azure.com)
  };
  githubApi: GithubApiConfig; // the GitHub REST API: tokens and fixture repositories
}

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';
export const COGNITIVE_SERVICES_AUDIENCE = 'https://cognitiveservices.azure.com';
export const AI_AUDIENCE = 'https://ai.azure.com';

// Fixed, realistic-looking GUIDs so tests and logs are reproducible.
const TENANT_ID = '6f1d3c2a-8b4e-4a7f-9c21-5e8d0b7a3f64';
const APP_CLIENT_ID = '0b9c7e21-4f3a-4d8e-a6b5-2c1d9e8f7a30';
const APP_SP_OBJECT_ID = 'c3a81f5e-92d7-4b06-8e4f-71d2a9b0c6e5';
const SUBSCRIPTION_ID = '2a7e4c91-5b3d-4f8a-b0c6-9d1e3f5a7b82';

/** The claims of the job's GitHub ID token: a push to main of octo-org/octo-repo. */
function defaultGithubClaims(sub: string): Record<string, unknown> {
  return {
    sub,
    repository: 'octo-org/octo-repo',
    repository_id: '712345678',
    repository_owner: 'octo-org',
    repository_owner_id: '98765432',
    repository_visibility: 'private',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    ref_protected: 'true',
    sha: '4f2c9a1e7b3d5c8f0a6e2d4b9c1f3a5e7d9b0c2a',
    actor: 'octocat',
    actor_id: '583231',
    event_name: 'push',
    workflow: 'CI',
    workflow_ref: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    workflow_sha: '4f2c9a1e7b3d5c8f0a6e2d4b9c1f3a5e7d9b0c2a',
    job_workflow_ref: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
    job_workflow_sha: '4f2c9a1e7b3d5c8f0a6e2d4b9c1f3a5e7d9b0c2a',
    run_id: '10293847561',
    run_number: '42',
    run_attempt: '1',
    runner_environment: 'github-hosted',
    head_ref: '',
    base_ref: '',
  };
}

function defaultOpenai(): EmulatorConfig['openai'] {
  return {
    resourceName: 'octo-openai-emu',
    keyAuthDisabled: true,
    apiKeys: [],
    roleAssignments: [APP_SP_OBJECT_ID],
    // A current model (retires 2027-05-15): a reasoning model that takes max_completion_tokens only.
    deployments: { 'gpt-5.1': { model: 'gpt-5.1-2025-11-13', rejectsParam: 'max_tokens', rejectsSampling: 'with-reasoning' } },
    latencyMs: 0,
    audience: COGNITIVE_SERVICES_AUDIENCE,
    additionalAudiences: [],
  };
}

export function defaultConfig(): EmulatorConfig {
  const sub = 'repo:octo-org/octo-repo:ref:refs/heads/main';
  return {
    tenantId: TENANT_ID,
    tenantDisplayName: 'Octo Org',
    apps: [
      {
        clientId: APP_CLIENT_ID,
        objectId: APP_SP_OBJECT_ID,
        displayName: 'octo-repo-openai-ci',
        federatedCredentials: [{ issuer: GITHUB_ISSUER, subject: sub, audiences: [FEDERATION_AUDIENCE] }],
      },
    ],
    github: {
      requestToken: 'emulated-actions-id-token-request-token',
      claims: defaultGithubClaims(sub),
      idTokenLifetimeSeconds: 300,
      issuer: GITHUB_ISSUER,
      subjectForm: 'classic',
    },
    managedIdentities: { systemAssigned: null, userAssigned: [] },
    azSession: {
      clientId: APP_CLIENT_ID,
      tenantId: TENANT_ID,
      subscriptionId: SUBSCRIPTION_ID,
      subscriptionName: 'Octo Org Production',
      expired: false,
    },
    accessTokenLifetimeSeconds: 3600,
    openai: defaultOpenai(),
    githubApi: defaultGithubApi(),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Deep merge: objects merge key by key (so `deployments: { x: {...} }` adds a deployment),
// arrays and scalars replace, `null` replaces (e.g. systemAssigned: null), undefined is ignored.
export function mergeConfig<T>(base: T, patch: unknown): T {
  if (!isPlainObject(patch) || !isPlainObject(base)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = isPlainObject(v) && isPlainObject(out[k]) ? mergeConfig(out[k], v) : structuredClone(v);
  }
  return out as T;
}

// Replace the contents of a live config object in place, so references held by tests stay valid.
export function replaceConfig(target: EmulatorConfig, source: EmulatorConfig): void {
  const t = target as unknown as Record<string, unknown>;
  for (const k of Object.keys(t)) delete t[k];
  Object.assign(t, structuredClone(source));
}
