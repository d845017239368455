/**
 * The one typed configuration a run works from, produced by `readConfig`.
 * Every step may import it; it imports no step (types only).
 */
import type { BoundedRegExp } from './bounded-regex.ts';
import type { ApiChoice, GenerationParameters, PromptMessage, ResponseFormat } from './model-call.ts';
import type { Endpoint } from './endpoint/endpoint.ts';

export const AUTH_MODES = ['auto', 'github-oidc', 'azure-cli', 'managed-identity', 'default-chain'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface IdentityConfig {
  mode: AuthMode;
  clientId?: string;
  tenantId?: string;
  /** Entra scope, `…/.default`. */
  scope: string;
  /** The `scope` input set it: the action never switches to another audience. */
  scopeFromInput: boolean;
  authorityHost: string;
  /** False for hosts MSAL does not know (Azure Stack Hub, an emulator). */
  instanceDiscovery: boolean;
  oidcAudience: string;
}

export interface PromptConfig {
  /** The messages as written (a system message first), before `{{variable}}` substitution. */
  messages: PromptMessage[];
  /** Where the user prompt came from, for the summary ("input prompt", "file x.md", "prompt file x.prompt.yml"). */
  userSource: string;
  /** Template variables from `input` and `file-input`; absent when neither is set. */
  variables?: Record<string, string>;
  /** A prompt file's `model`: a GitHub Models name, reported but not used (the deployment decides). */
  model?: string;
  /** What the prompt file holds that this action ignores, for the log. */
  warnings?: string[];
}

/** USD per million tokens: input, cached input, output, and cache writes where the model bills them. */
export interface TokenPrices {
  input: number;
  cached: number;
  output: number;
  cacheWrite?: number;
}

/** Flex: half price, answered when capacity allows; priority: faster, at a premium; default: the deployment's standard. */
export const SERVICE_TIERS = ['default', 'flex', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** How prompt_cache_key is chosen: derived per deployment from the repository and step, given, or not sent. */
export type PromptCacheSetting = { scope: string } | { key: string } | 'off';

/** The inputs that bear on cost: prices, the budget in dollars, the tier, the cache key. */
export interface CostConfig {
  /** The prices input, which replaces the table's (cost/prices.ts). */
  prices?: TokenPrices;
  /** max-cost, USD: the most one run may cost, checked before each call. */
  maxCostUsd?: number;
  serviceTier: ServiceTier;
  promptCache: PromptCacheSetting;
}

/** The generation parameters as the call sends them (reasoningSummary: refused as an input error with api: chat). */
export interface Config
  extends
    WorkflowFeatureConfig,
    ToolsConfig,
    CostConfig,
    Pick<GenerationParameters, 'maxTokens' | 'temperature' | 'topP' | 'reasoningEffort' | 'verbosity' | 'reasoningSummary'> {
  endpoint: Endpoint;
  deployment: string;
  apiVersion: string;
  /** Chat Completions, Responses, or auto (chat, switching to Responses for a model without chat). */
  api: ApiChoice;
  prompt: PromptConfig;
  identity: IdentityConfig;
  /** Absent for plain text. */
  responseFormat?: ResponseFormat;
  timeoutMs: number;
  maxRetries: number;
  /** The longest wait between attempts that a retry-after may ask for. */
  maxRetryWaitMs: number;
  /** When the model calls must end, counted from the first: timeout × attempts plus the longest waits (retry.ts). */
  deadlineMs: number;
  summary: boolean;
  /** Stream the answer (progress lines, stall detection); false for one JSON answer. */
  stream: boolean;
  /** Fail the step when the answer was cut short (finish reason length or content_filter). */
  failOnTruncation: boolean;
  /** The deployments tried, in order, when the one before cannot answer (the fallbacks input); absent without it. */
  fallbacks?: FallbackTarget[];
}

/** One line of the fallbacks input: a deployment on the primary endpoint, or on another endpoint of the same cloud. */
export interface FallbackTarget {
  endpoint: Endpoint;
  deployment: string;
  /** The line's own api-version (from a pasted target URI), else the run's. */
  apiVersion: string;
  /** Its line number in the input, for messages. */
  line: number;
  /** The line's own service tier (`service-tier=default`), else the run's. */
  serviceTier?: ServiceTier;
}

export const COMMENT_MODES = ['pr', 'review', 'none'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];
/** changes: since this step's earlier review when it is on the branch; full: always the whole pull request. */
export const REVIEW_SCOPES = ['changes', 'full'] as const;
export type ReviewScopeMode = (typeof REVIEW_SCOPES)[number];
export const LARGE_DIFF_MODES = ['trim', 'split'] as const;
export type LargeDiffMode = (typeof LARGE_DIFF_MODES)[number];
export const MISSING_IDENTITY_MODES = ['fail', 'skip'] as const;
export type MissingIdentityMode = (typeof MISSING_IDENTITY_MODES)[number];

/** The inputs of the workflow features: context variables, the input budget, PR comments, expect, fork handling. */
export interface WorkflowFeatureConfig {
  /** The token for the GitHub API; '' when not given (needed only by context variables and comments). */
  githubToken: string;
  /** The `pull-request` input: a pull request number for any event. */
  pullRequest?: number;
  fromRef?: string;
  toRef?: string;
  maxInputTokens: number;
  /** A {{pr.diff}} over max-input-tokens: files left out (trim), or asked in parts and combined (split). */
  largeDiff: LargeDiffMode;
  comment: CommentMode;
  /** Tells this step's comment apart from others on the same pull request. */
  commentTag: string;
  expect?: BoundedRegExp;
  /** With comment: pr, reuse the comment's answer when this run would send exactly what it answered; with review, post nothing. */
  skipUnchanged: boolean;
  /** With comment: review, the most findings posted as inline comments. */
  maxReviewComments: number;
  reviewScope: ReviewScopeMode;
  /** The most tokens a run may use: the fitted input plus max-tokens, checked before the call. */
  maxTotalTokens?: number;
  onMissingIdentity: MissingIdentityMode;
}

export const TOOLS_MODES = ['none', 'workspace'] as const;
export type ToolsMode = (typeof TOOLS_MODES)[number];

/** One line of mcp-servers: a remote MCP server and the tools the model may call on it. */
export interface McpServerConfig {
  /** The line's label: the model sees its tools as `<label>__<tool>`, messages name the server by it. */
  label: string;
  url: URL;
  /** The tools the model may call; any other is refused. */
  allow: string[];
  /** Headers sent to this server alone (a bearer token from the environment, GitHub's toolsets). */
  headers: Record<string, string>;
  /** Its line number in the input, or the input that made it (github-mcp). */
  source: string;
}

/** The tools the model may call: read-only workspace tools, remote MCP servers' allowed tools, and how many calls. */
export interface ToolsConfig {
  tools: ToolsMode;
  /** The most tool calls in one run; then the model must answer. */
  maxToolCalls: number;
  /** mcp-servers and github-mcp, in order; empty without them. */
  mcpServers: McpServerConfig[];
}
