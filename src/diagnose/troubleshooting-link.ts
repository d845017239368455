/**
 * Ends every diagnosis with a link to its heading in docs/troubleshooting.md,
 * where the cause and fix are told at more length than an annotation allows.
 * The heading is told from the message's own fixed wording (the catalogue
 * writes it), so a catalogue entry and its heading stay one pair; a message
 * no topic knows links to the page itself. Matched with startsWith/includes
 * only: the message quotes untrusted service text.
 */

/** The one place the repository's address is written: the v1 tag's docs match the v1 action a user runs. */
export const TROUBLESHOOTING_URL =
  'https://github.com/azure-openai-keyless-action/azure-openai-keyless-action/blob/v1/docs/troubleshooting.md';

interface Topic {
  /** The heading's GitHub anchor in docs/troubleshooting.md. */
  anchor: string;
  /** How the message's first line starts. */
  starts: string;
  /** Text the whole message also holds, where one start leads to several headings. */
  contains?: string;
}

/** In order: the first topic that fits wins, so the narrower of two with one start comes first. */
export const TOPICS: readonly Topic[] = [
  // Inputs and the prompt, before any network call.
  { anchor: 'the-json-schema-is-not-valid', starts: "Input '", contains: 'is not a valid JSON Schema' },
  { anchor: 'the-json-schema-is-not-valid', starts: "Input '", contains: 'use draft-07, 2019-09 or 2020-12' },
  { anchor: 'the-run-could-use-more-than-max-total-tokens', starts: "Input 'max-total-tokens':" },
  { anchor: 'the-endpoint-is-a-regional-endpoint', starts: "Input 'endpoint", contains: 'is a regional endpoint' },
  { anchor: 'the-run-could-cost-more-than-max-cost', starts: "Input 'max-cost':", contains: 'this run could cost' },
  { anchor: 'an-input-is-missing-or-malformed', starts: "Input '" },
  { anchor: 'the-prompt-is-over-max-input-tokens', starts: 'The prompt is ', contains: 'max-input-tokens is' },
  // The identity.
  { anchor: 'the-job-has-no-github-oidc-token', starts: 'auth: github-oidc needs a GitHub OIDC token' },
  { anchor: 'the-github-id-token-request-failed', starts: "Could not get this job's GitHub ID token" },
  { anchor: 'getting-a-token-took-too-long', starts: 'Getting a Microsoft Entra token with ' },
  { anchor: 'no-federated-credential-matches-aadsts70021', starts: 'Entra found no federated credential' },
  {
    anchor: 'the-azurelogin-session-has-expired-aadsts700024',
    starts: 'The Azure CLI session azure/login left can no longer get tokens',
  },
  { anchor: 'entra-refused-the-azure-cli-session', starts: 'auth: azure-cli: Microsoft Entra ID refused the Azure CLI session' },
  { anchor: 'the-client-assertion-has-expired-aadsts700024', starts: 'The client assertion presented to Entra has expired' },
  { anchor: 'application-not-found-aadsts700016', starts: 'Application ', contains: '(AADSTS700016)' },
  {
    anchor: 'a-credentials-subject-differs-in-letter-case-aadsts7002138',
    starts: 'Application ',
    contains: '(AADSTS7002138)',
  },
  { anchor: 'tenant-not-found-aadsts90002', starts: 'Tenant ', contains: 'was not found at' },
  { anchor: 'the-job-has-no-id-token-write-permission', starts: 'This job has no `permissions: id-token: write`' },
  { anchor: 'no-azure-identity-is-available', starts: 'No Azure identity is available to this job.' },
  { anchor: 'the-token-answer-was-too-large', starts: 'Could not get a token with ', contains: 'answer too large' },
  { anchor: 'microsoft-entra-id-could-not-be-reached', starts: 'Could not reach Microsoft Entra ID at ' },
  { anchor: 'the-azure-cli-is-not-installed', starts: 'auth: azure-cli needs the Azure CLI' },
  { anchor: 'no-azure-cli-session', starts: 'auth: azure-cli found no Azure CLI session' },
  { anchor: 'no-managed-identity-token', starts: 'auth: managed-identity could not get a token' },
  { anchor: 'another-entra-failure', starts: 'Failed to get a Microsoft Entra token with ' },
  // A proxy in between, for any service.
  { anchor: 'the-proxy-refused-to-connect', starts: 'The proxy ', contains: 'refused to connect to' },
  { anchor: 'the-proxy-could-not-be-reached', starts: 'Could not reach the proxy ' },
  // The model call.
  { anchor: 'no-data-plane-access-permissiondenied', starts: 'The identity has no data-plane access to ' },
  { anchor: 'the-network-rules-refused-this-runner', starts: 'The network rules of ' },
  { anchor: 'the-access-token-was-rejected', starts: 'Azure OpenAI rejected the access token' },
  { anchor: 'the-model-was-retired', starts: 'Model ', contains: "(Microsoft's retirement schedule)" },
  { anchor: 'the-deployment-does-not-exist-deploymentnotfound', starts: "Deployment '", contains: '(404 DeploymentNotFound)' },
  {
    anchor: 'the-deployment-serves-no-chat-completions-operationnotsupported',
    starts: "Deployment '",
    contains: '(400 OperationNotSupported)',
  },
  {
    anchor: 'the-deployment-does-not-accept-a-parameter-unsupported_parameter',
    starts: "Deployment '",
    contains: '(400 unsupported_parameter)',
  },
  { anchor: 'no-azure-openai-route-404', starts: 'No Azure OpenAI route at ' },
  { anchor: 'rate-limited-429', starts: 'Rate limited by deployment ' },
  { anchor: 'flex-capacity-was-short-429', starts: 'Flex capacity was short for deployment ' },
  { anchor: 'the-prompt-was-blocked-by-the-content-filter', starts: "The prompt was blocked by Azure OpenAI's content filter" },
  {
    anchor: 'the-content-filter-flagged-the-answer-after-sending-it',
    starts: "Azure OpenAI's content filter flagged the answer after sending it",
  },
  { anchor: 'the-answer-stopped-arriving', starts: 'The call to deployment ', contains: 'the answer stopped arriving' },
  { anchor: 'the-call-timed-out', starts: 'The call to deployment ', contains: 'timed out' },
  {
    anchor: 'something-else-answered-html-or-an-endless-answer',
    starts: 'The answer from deployment ',
    contains: 'Something between the runner',
  },
  { anchor: 'the-answer-was-unusable', starts: 'The answer from deployment ', contains: 'was unusable after' },
  { anchor: 'the-host-could-not-be-resolved', starts: 'Could not resolve ' },
  { anchor: 'tls-failure', starts: 'TLS failure talking to ' },
  { anchor: 'could-not-connect', starts: 'Could not connect to ' },
  {
    anchor: 'every-deployment-failed-fallbacks',
    starts: 'All ',
    contains: 'deployments failed (the deployment input, then the fallbacks input)',
  },
  { anchor: 'every-deployment-failed-fallbacks', starts: 'The ', contains: "failed, and the run's deadline left no time for the rest" },
  { anchor: 'azure-openai-answered-another-error', starts: 'Azure OpenAI answered ' },
  // Tools (tool-loop.ts, mcp-toolbox.ts).
  { anchor: 'an-mcp-server-failed', starts: "MCP server '" },
  { anchor: 'tool-calls-took-the-run-past-max-total-tokens', starts: 'Tool calls took the run past max-total-tokens' },
  { anchor: 'the-model-kept-calling-tools', starts: 'The model asked for ', contains: 'after the tools were withdrawn' },
  // The answer judged.
  { anchor: 'the-answer-was-cut-at-the-token-limit', starts: 'The answer was cut at the token limit' },
  { anchor: 'the-content-filter-cut-the-answer', starts: "Azure OpenAI's content filter cut the answer" },
  { anchor: 'the-answer-is-not-the-json-asked-for', starts: "Deployment '", contains: 'answered, but not with the JSON asked for' },
  { anchor: 'the-response-does-not-match-expect', starts: 'The response does not match expect ' },
  { anchor: 'the-comment-was-posted-but-the-outputs-were-not-written', starts: 'The pull request comment was ' },
  // The GitHub API (context variables and the comment).
  { anchor: 'githubs-secondary-rate-limit', starts: 'Could not ', contains: "GitHub's secondary rate limit (HTTP " },
  { anchor: 'githubs-primary-rate-limit', starts: 'Could not ', contains: "GitHub's primary rate limit (HTTP " },
  { anchor: 'the-github-api-could-not-be-reached', starts: 'Could not ', contains: 'the GitHub API at ' },
  { anchor: 'github-answered-401', starts: 'Could not ', contains: 'GitHub answered 401' },
  { anchor: 'github-answered-403', starts: 'Could not ', contains: 'GitHub answered 403' },
  { anchor: 'github-answered-404', starts: 'Could not ', contains: 'GitHub answered 404' },
  { anchor: 'github-answered-another-error', starts: 'Could not ', contains: 'GitHub answered ' },
  { anchor: 'a-github-answer-was-too-large', starts: 'Could not ', contains: 'answer too large' },
  // Outside the catalogue.
  { anchor: 'unexpected-failure', starts: 'Unexpected failure: ' },
];

/** The anchor of the message's heading, or undefined for a message no topic knows. */
export function troubleshootingAnchor(message: string): string | undefined {
  return TOPICS.find((topic) => message.startsWith(topic.starts) && (topic.contains === undefined || message.includes(topic.contains)))
    ?.anchor;
}

export function withTroubleshootingLink(message: string): string {
  const anchor = troubleshootingAnchor(message);
  return `${message}\nSee ${TROUBLESHOOTING_URL}${anchor ? `#${anchor}` : ''}`;
}
