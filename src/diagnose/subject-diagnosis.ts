/**
 * What a GitHub ID token's issuer and subject say about the federated
 * credential it needs, for the diagnosis of a non-matching one: GitHub's
 * immutable subject form, a tag's subject (new for every tag), and an issuer
 * other than github.com's (GitHub Enterprise Server, an enterprise's own).
 * Pure; quotes claims only.
 */

const GITHUB_COM_ISSUER = 'https://token.actions.githubusercontent.com';

/** A default subject, classic (`repo:OWNER/REPO:…`) or immutable (`repo:OWNER@OWNER_ID/REPO@REPO_ID:…`). */
export interface SubjectParts {
  form: 'classic' | 'immutable';
  owner: string;
  repo: string;
  ownerId?: string;
  repoId?: string;
  /** The subject up to the context (`repo:OWNER/REPO`, ids included). */
  prefix: string;
  /** What follows: `ref:refs/heads/main`, `environment:NAME`, `pull_request`. */
  context: string;
}

// Owner and repository names are letters, digits, '.', '-' and '_' (so the commands below quote them safely).
const IMMUTABLE = /^(repo:([\w.-]{1,100})@(\d{1,20})\/([\w.-]{1,100})@(\d{1,20})):(.{1,1000})$/;
const CLASSIC = /^(repo:([\w.-]{1,100})\/([\w.-]{1,100})):(.{1,1000})$/;
/** Text that stays itself inside a double-quoted shell word. */
const SHELL_SAFE = /^[\w.:/-]{1,600}$/;
const GHES_ISSUER = /^https:\/\/([^/\s]{1,253})\/_services\/token$/;

export function subjectParts(sub: string): SubjectParts | undefined {
  const immutable = IMMUTABLE.exec(sub);
  if (immutable) {
    const [, prefix = '', owner = '', ownerId = '', repo = '', repoId = '', context = ''] = immutable;
    return { form: 'immutable', owner, repo, ownerId, repoId, prefix, context };
  }
  const classic = CLASSIC.exec(sub);
  if (!classic) return undefined;
  const [, prefix = '', owner = '', repo = '', context = ''] = classic;
  return { form: 'classic', owner, repo, prefix, context };
}

/** A credential's name, unique per application: derived from what it matches. */
function credentialName(text: string): string {
  return text
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120);
}

/** The command that adds a credential, quoted for a POSIX shell (a branch name may hold a quote). */
export function createCommand(clientId: string, issuer: string, subject: string, audience: string): string {
  const parameters = JSON.stringify({ name: credentialName(subject), issuer, subject, audiences: [audience] }).replaceAll("'", "'\\''");
  return `az ad app federated-credential create --id ${clientId} --parameters '${parameters}'`;
}

/** The same credential on a user-assigned managed identity (the set-up script's default); its name and group are the user's. */
export function identityCreateCommand(issuer: string, subject: string, audience: string): string {
  const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;
  return `az identity federated-credential create --identity-name IDENTITY --resource-group GROUP --name ${credentialName(subject)} --issuer ${quote(issuer)} --subject ${quote(subject)} --audiences ${quote(audience)}`;
}

/** The command that sets a credential's issuer, subject and audience to exactly these (its id from the list command). */
export function updateCommand(clientId: string, issuer: string, subject: string, audience: string): string {
  const parameters = JSON.stringify({ issuer, subject, audiences: [audience] }).replaceAll("'", "'\\''");
  return `az ad app federated-credential update --id ${clientId} --federated-credential-id CREDENTIAL_ID --parameters '${parameters}'`;
}

/** Lines explaining the immutable form, when the subject has it. */
export function immutableSubjectAdvice(parts: SubjectParts | undefined): string[] {
  if (parts?.form !== 'immutable') return [];
  return [
    `This subject is GitHub's immutable form: owner and repository carry their numeric ids (${parts.owner}@${parts.ownerId}/${parts.repo}@${parts.repoId}), so a rename or transfer cannot hand the credential to another repository. GitHub uses it for repositories created, renamed or transferred on or after 2026-07-15, and for those that opted in; a credential written for the classic subject (repo:${parts.owner}/${parts.repo}:${parts.context}) does not match it. The ids come from \`gh api repos/${parts.owner}/${parts.repo} --jq '.owner.id, .id'\`.`,
  ];
}

/** Lines for a tag's subject: an environment's fixed subject, or one flexible credential for every tag. */
export function tagSubjectAdvice(parts: SubjectParts | undefined, clientId: string, issuer: string, audience: string): string[] {
  if (!parts?.context.startsWith('ref:refs/tags/')) return [];
  const environment = `${parts.prefix}:environment:NAME`;
  const expression = `claims['sub'] matches '${parts.prefix}:ref:refs/tags/*'`;
  const body = JSON.stringify({
    name: credentialName(`${parts.prefix}-tags`),
    issuer,
    audiences: [audience],
    claimsMatchingExpression: { value: expression, languageVersion: 1 },
  });
  const flexible =
    SHELL_SAFE.test(issuer) && SHELL_SAFE.test(audience)
      ? [
          `      az rest --method post --uri "https://graph.microsoft.com/beta/applications(appId='${clientId}')/federatedIdentityCredentials" --body "${body.replaceAll('"', '\\"')}"`,
        ]
      : [];
  return [
    'A tag or release run presents a new subject for every tag (ref:refs/tags/TAG), so a credential for one tag never matches the next. Either:',
    `  - give the job an environment (\`environment: NAME\`): its subject is ${environment} for every tag, and one credential covers them all:`,
    `      ${createCommand(clientId, issuer, environment, audience)}`,
    "  - or, where the tenant has Entra's flexible federated identity credentials, one credential matching every tag (Microsoft Graph beta):",
    ...flexible,
  ];
}

/** Lines for an issuer other than github.com's. */
export function issuerAdvice(issuer: string): string[] {
  if (issuer === GITHUB_COM_ISSUER || issuer === '(unknown)') return [];
  const ghes = GHES_ISSUER.exec(issuer)?.[1];
  if (ghes) {
    return [
      `This ID token was issued by GitHub Enterprise Server at ${ghes} (issuer ${issuer}), not by github.com: the credential's issuer must be exactly ${issuer}, and Microsoft Entra ID must be able to read ${issuer}/.well-known/openid-configuration to verify it.`,
    ];
  }
  if (issuer.startsWith(`${GITHUB_COM_ISSUER}/`)) {
    return [
      `This ID token carries an enterprise's own issuer (${issuer}, set in the enterprise's OIDC settings), not github.com's default (${GITHUB_COM_ISSUER}): the credential's issuer must be exactly ${issuer}.`,
    ];
  }
  return [
    `This ID token's issuer is ${issuer}, not github.com's (${GITHUB_COM_ISSUER}): the credential's issuer must be exactly ${issuer}.`,
  ];
}
