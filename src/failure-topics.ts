/**
 * Every diagnosed failure's heading in docs/troubleshooting.md (its GitHub anchor), by the failure's kind.
 * A diagnosis carries its kind as data, so rewording a message never moves or drops its link. A test checks
 * that every anchor is a heading of the page and that no two kinds share one.
 */
export const TOPICS = {
  // Inputs and the prompt, before any network call.
  inputMalformed: 'an-input-is-missing-or-malformed',
  regionalEndpoint: 'the-endpoint-is-a-regional-endpoint',
  schemaInvalid: 'the-json-schema-is-not-valid',
  promptOverMaxInputTokens: 'the-prompt-is-over-max-input-tokens',
  overMaxTotalTokens: 'the-run-could-use-more-than-max-total-tokens',
  overMaxCost: 'the-run-could-cost-more-than-max-cost',
  // The identity.
  noOidcToken: 'the-job-has-no-github-oidc-token',
  noIdTokenPermission: 'the-job-has-no-id-token-write-permission',
  idTokenRequestFailed: 'the-github-id-token-request-failed',
  noFederatedCredential: 'no-federated-credential-matches-aadsts70021',
  subjectLetterCase: 'a-credentials-subject-differs-in-letter-case-aadsts7002138',
  assertionExpired: 'the-client-assertion-has-expired-aadsts700024',
  azureLoginSessionExpired: 'the-azurelogin-session-has-expired-aadsts700024',
  cliSessionRefused: 'entra-refused-the-azure-cli-session',
  applicationNotFound: 'application-not-found-aadsts700016',
  tenantNotFound: 'tenant-not-found-aadsts90002',
  noIdentity: 'no-azure-identity-is-available',
  tokenTimedOut: 'getting-a-token-took-too-long',
  tokenAnswerTooLarge: 'the-token-answer-was-too-large',
  entraUnreachable: 'microsoft-entra-id-could-not-be-reached',
  noAzureCli: 'the-azure-cli-is-not-installed',
  noCliSession: 'no-azure-cli-session',
  noManagedIdentityToken: 'no-managed-identity-token',
  otherEntraFailure: 'another-entra-failure',
  // A proxy in between.
  proxyRefused: 'the-proxy-refused-to-connect',
  proxyUnreachable: 'the-proxy-could-not-be-reached',
  // The model call.
  permissionDenied: 'no-data-plane-access-permissiondenied',
  networkRules: 'the-network-rules-refused-this-runner',
  tokenRejected: 'the-access-token-was-rejected',
  deploymentNotFound: 'the-deployment-does-not-exist-deploymentnotfound',
  noChatCompletions: 'the-deployment-serves-no-chat-completions-operationnotsupported',
  unsupportedParameter: 'the-deployment-does-not-accept-a-parameter-unsupported_parameter',
  noRoute: 'no-azure-openai-route-404',
  flexCapacityShort: 'flex-capacity-was-short-429',
  modelRetired: 'the-model-was-retired',
  rateLimited: 'rate-limited-429',
  promptFiltered: 'the-prompt-was-blocked-by-the-content-filter',
  callTimedOut: 'the-call-timed-out',
  answerStopped: 'the-answer-stopped-arriving',
  somethingElseAnswered: 'something-else-answered-html-or-an-endless-answer',
  answerUnusable: 'the-answer-was-unusable',
  hostUnresolved: 'the-host-could-not-be-resolved',
  tlsFailure: 'tls-failure',
  connectFailed: 'could-not-connect',
  everyDeploymentFailed: 'every-deployment-failed-fallbacks',
  otherAzureError: 'azure-openai-answered-another-error',
  // Tools.
  mcpServerFailed: 'an-mcp-server-failed',
  toolsPastMaxTotalTokens: 'tool-calls-took-the-run-past-max-total-tokens',
  toolsPastMaxCost: 'tool-calls-took-the-run-past-max-cost',
  modelKeptCallingTools: 'the-model-kept-calling-tools',
  // The answer.
  answerCut: 'the-answer-was-cut-at-the-token-limit',
  filterCutAnswer: 'the-content-filter-cut-the-answer',
  filterFlaggedAnswer: 'the-content-filter-flagged-the-answer-after-sending-it',
  notTheJsonAskedFor: 'the-answer-is-not-the-json-asked-for',
  expectNotMet: 'the-response-does-not-match-expect',
  outputsNotWritten: 'the-comment-was-posted-but-the-outputs-were-not-written',
  // The GitHub API.
  githubUnreachable: 'the-github-api-could-not-be-reached',
  githubSecondaryRateLimit: 'githubs-secondary-rate-limit',
  githubPrimaryRateLimit: 'githubs-primary-rate-limit',
  github401: 'github-answered-401',
  github403: 'github-answered-403',
  github404: 'github-answered-404',
  githubOtherError: 'github-answered-another-error',
  githubAnswerTooLarge: 'a-github-answer-was-too-large',
  // Outside the catalogue.
  unexpected: 'unexpected-failure',
} as const;

export type Topic = keyof typeof TOPICS;

/** A diagnosed failure: its message, and the heading that tells its cause and fix at more length. */
export interface Diagnosis {
  text: string;
  topic: Topic;
}

export function told(topic: Topic, lines: string | readonly string[]): Diagnosis {
  return { topic, text: typeof lines === 'string' ? lines : lines.join('\n') };
}
