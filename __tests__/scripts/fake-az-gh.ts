/**
 * A fake `az` and `gh` for scripts/setup-azure.sh's tests: a scenario (a JSON state file) of one Azure
 * subscription and some GitHub repositories, which each call reads, answers from and changes, recording the
 * call. It answers only the command shapes (and --query / --jq expressions) the script uses, and anything else
 * with an error, so a changed command in the script fails its test; the flags themselves are checked against
 * the real CLIs by scripts/check-cli-flags.ts. Error wordings are the services' own: ARM's AuthorizationFailed
 * and ResourceNotFound (as az prints them, e.g. Azure/azure-cli#27551, hashicorp/terraform-provider-azurerm#495),
 * Microsoft Graph's "Insufficient privileges to complete the operation." and gh's "gh: Not Found (HTTP 404)".
 * Usage: node fake-az-gh.ts az|gh ARGS... with FAKE_STATE (the scenario) and FAKE_CALLS (the log) set.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

export interface FakeRepository {
  fullName: string;
  ownerId: number;
  id: number;
  defaultBranch: string;
  admin: boolean;
  /** GitHub's answer to GET actions/oidc/customization/sub. */
  oidc: { use_default: boolean; use_immutable_subject?: boolean; sub_claim_prefix?: string };
  variables: Record<string, string>;
  environments: string[];
  files: Record<string, string>;
  runs: { id: number; conclusion: string }[];
  /** The conclusion the next dispatched run ends with. */
  nextConclusion: string;
}
export interface FakeCredential {
  name: string;
  subject: string;
  issuer: string;
  audiences: string[];
}
export interface FakeState {
  account: { id: string; name: string; tenantId: string; user: string };
  resources: Record<string, { id: string; customSubDomainName: string | null; endpoint: string; deployments: string[] }>;
  identities: Record<string, { clientId: string; principalId: string; credentials: FakeCredential[] }>;
  apps: { appId: string; displayName: string; servicePrincipalId?: string; credentials: FakeCredential[] }[];
  roleAssignments: { principalId: string; roleDefinitionId: string; scope: string }[];
  rights: { roleAssignments: boolean; appRegistration: boolean; managedIdentities: boolean };
  repositories: Record<string, FakeRepository>;
  counter: number;
}

class CliError extends Error {
  readonly code: number;
  constructor(message: string, code = 1) {
    super(message);
    this.code = code;
  }
}

interface Call {
  words: string[];
  flags: Map<string, string[]>;
}

function parse(args: string[]): Call {
  const words: string[] = [];
  const flags = new Map<string, string[]>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (!arg.startsWith('-')) {
      words.push(arg);
      continue;
    }
    const takesNoValue = ['--silent', '--exit-status', '--log-failed'].includes(arg);
    const value = takesNoValue ? '' : (args[++index] ?? '');
    flags.set(arg, [...(flags.get(arg) ?? []), value]);
  }
  return { words, flags };
}

function flag(call: Call, name: string): string {
  const value = call.flags.get(name)?.[0];
  if (value === undefined) throw new CliError(`fake: ${name} is missing from: ${call.words.join(' ')}`, 2);
  return value;
}

/** The --query or --jq the script must have passed, so a changed expression fails loudly. */
function expect(call: Call, name: string, expression: string): void {
  if (flag(call, name) !== expression) throw new CliError(`fake: unexpected ${name} ${flag(call, name)}`, 2);
}

function tsv(call: Call, query: string, rows: (string | number | null | boolean)[][]): string {
  expect(call, '--query', query);
  expect(call, '--output', 'tsv');
  return rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))).join('\t')).join('\n');
}

function newId(state: FakeState): string {
  state.counter += 1;
  return `00000000-0000-4000-8000-${String(state.counter).padStart(12, '0')}`;
}

function authorizationFailed(state: FakeState, action: string, scope: string): CliError {
  return new CliError(
    `(AuthorizationFailed) The client '${state.account.user}' with object id '${state.account.id}' does not have ` +
      `authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was ` +
      `recently granted, please refresh your credentials.\nCode: AuthorizationFailed`,
  );
}

function notFound(kind: string, name: string, group: string): CliError {
  return new CliError(
    `(ResourceNotFound) The Resource '${kind}/${name}' under resource group '${group}' was not found. ` +
      `For more details please go to https://aka.ms/ARMResourceNotFoundFix\nCode: ResourceNotFound`,
    3,
  );
}

const INSUFFICIENT = new CliError('Insufficient privileges to complete the operation.');

function resource(state: FakeState, call: Call) {
  const found = state.resources[`${flag(call, '--resource-group')}/${flag(call, '--name')}`];
  if (!found) throw notFound('Microsoft.CognitiveServices/accounts', flag(call, '--name'), flag(call, '--resource-group'));
  return found;
}

function identity(state: FakeState, call: Call, nameFlag: string) {
  const group = flag(call, '--resource-group');
  const key = `${group}/${flag(call, nameFlag)}`;
  return { key, group, found: state.identities[key] };
}

function app(state: FakeState, id: string) {
  const found = state.apps.find((candidate) => candidate.appId === id);
  if (!found) throw new CliError(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return found;
}

function credentialsTsv(call: Call, credentials: FakeCredential[]): string {
  return tsv(
    call,
    '[].[name, subject]',
    credentials.map((credential) => [credential.name, credential.subject]),
  );
}

function azIdentity(state: FakeState, call: Call, command: string): string {
  if (command === 'identity show' || command === 'identity create') {
    const { key, group, found } = identity(state, call, '--name');
    if (found) return tsv(call, '[clientId, principalId]', [[found.clientId, found.principalId]]);
    if (command === 'identity show') throw notFound('Microsoft.ManagedIdentity/userAssignedIdentities', flag(call, '--name'), group);
    if (!state.rights.managedIdentities) {
      throw authorizationFailed(
        state,
        'Microsoft.ManagedIdentity/userAssignedIdentities/write',
        `/subscriptions/${state.account.id}/resourceGroups/${group}`,
      );
    }
    const created = { clientId: newId(state), principalId: newId(state), credentials: [] };
    state.identities[key] = created;
    return tsv(call, '[clientId, principalId]', [[created.clientId, created.principalId]]);
  }
  const { group, found } = identity(state, call, '--identity-name');
  if (!found) throw notFound('Microsoft.ManagedIdentity/userAssignedIdentities', flag(call, '--identity-name'), group);
  if (command === 'identity federated-credential list') return credentialsTsv(call, found.credentials);
  expect(call, '--output', 'none');
  found.credentials.push({
    name: flag(call, '--name'),
    subject: flag(call, '--subject'),
    issuer: flag(call, '--issuer'),
    audiences: [flag(call, '--audiences')],
  });
  return '';
}

function azApp(state: FakeState, call: Call, command: string): string {
  switch (command) {
    case 'ad app list': {
      const named = state.apps.filter((candidate) => candidate.displayName === flag(call, '--display-name'));
      return tsv(
        call,
        '[].appId',
        named.map((candidate) => [candidate.appId]),
      );
    }
    case 'ad app create': {
      if (!state.rights.appRegistration) throw INSUFFICIENT;
      const created = { appId: newId(state), displayName: flag(call, '--display-name'), credentials: [] };
      state.apps.push(created);
      return tsv(call, 'appId', [[created.appId]]);
    }
    case 'ad sp show': {
      const found = app(state, flag(call, '--id'));
      if (!found.servicePrincipalId)
        throw new CliError(`Resource '${found.appId}' does not exist or one of its queried reference-property objects are not present.`);
      return tsv(call, 'id', [[found.servicePrincipalId]]);
    }
    case 'ad sp create': {
      const found = app(state, flag(call, '--id'));
      found.servicePrincipalId = newId(state);
      return tsv(call, 'id', [[found.servicePrincipalId]]);
    }
    case 'ad app federated-credential list':
      return credentialsTsv(call, app(state, flag(call, '--id')).credentials);
    case 'ad app federated-credential create': {
      expect(call, '--output', 'none');
      app(state, flag(call, '--id')).credentials.push(JSON.parse(flag(call, '--parameters')) as FakeCredential);
      return '';
    }
    default:
      throw new CliError(`fake az: unknown command ${command}`, 2);
  }
}

function azRole(state: FakeState, call: Call, command: string): string {
  const scope = flag(call, '--scope');
  const role = flag(call, '--role');
  if (command === 'role assignment list') {
    const principal = /principalId=='([^']*)'/.exec(flag(call, '--query'))?.[1] ?? '';
    expect(call, '--query', `[?principalId=='${principal}'].id`);
    const matching = state.roleAssignments.filter(
      (assignment) => assignment.scope === scope && assignment.roleDefinitionId === role && assignment.principalId === principal,
    );
    return tsv(
      call,
      flag(call, '--query'),
      matching.map((assignment) => [`${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.principalId}`]),
    );
  }
  if (!state.rights.roleAssignments) throw authorizationFailed(state, 'Microsoft.Authorization/roleAssignments/write', scope);
  expect(call, '--assignee-principal-type', 'ServicePrincipal');
  expect(call, '--output', 'none');
  state.roleAssignments.push({ principalId: flag(call, '--assignee-object-id'), roleDefinitionId: role, scope });
  return '';
}

function az(state: FakeState, call: Call): string {
  const command = call.words.join(' ');
  switch (command) {
    case 'account show': {
      const { id, name, tenantId } = state.account;
      return tsv(call, '[id, name, tenantId]', [[id, name, tenantId]]);
    }
    case 'cognitiveservices account show': {
      const found = resource(state, call);
      return tsv(call, '[id, properties.customSubDomainName, properties.endpoint]', [
        [found.id, found.customSubDomainName, found.endpoint],
      ]);
    }
    case 'cognitiveservices account deployment list':
      return tsv(
        call,
        '[].name',
        resource(state, call).deployments.map((name) => [name]),
      );
    case 'cognitiveservices account deployment show': {
      const name = flag(call, '--deployment-name');
      if (!resource(state, call).deployments.includes(name)) throw new CliError('(DeploymentNotFound) Deployment not found.', 3);
      return tsv(call, 'name', [[name]]);
    }
    default:
      if (command.startsWith('identity ')) return azIdentity(state, call, command);
      if (command.startsWith('ad ')) return azApp(state, call, command);
      if (command.startsWith('role assignment ')) return azRole(state, call, command);
      throw new CliError(`fake az: unknown command ${command}`, 2);
  }
}

const NOT_FOUND = new CliError('gh: Not Found (HTTP 404)');

function repository(state: FakeState, fullName: string): FakeRepository {
  const found = state.repositories[fullName.toLowerCase()];
  if (!found) throw NOT_FOUND;
  return found;
}

function ghRepositoryApi(state: FakeState, call: Call, method: string, path: string): string {
  const [, owner = '', name = '', ...rest] = path.split('/');
  const repo = repository(state, `${owner}/${name}`);
  const tail = rest.join('/');
  const key = `${method} ${tail}`;
  if (key === 'GET ') {
    expect(call, '--jq', '[.full_name, .owner.id, .id, .default_branch, .permissions.admin] | @tsv');
    return [repo.fullName, repo.ownerId, repo.id, repo.defaultBranch, repo.admin].join('\t');
  }
  if (key === 'GET actions/oidc/customization/sub') {
    expect(call, '--jq', '"\\(.use_default) \\(.use_immutable_subject) \\(.sub_claim_prefix)"');
    const { use_default, use_immutable_subject, sub_claim_prefix } = repo.oidc;
    return `${use_default} ${use_immutable_subject ?? null} ${sub_claim_prefix ?? null}`;
  }
  const variable = /^actions\/variables\/([A-Z_]+)$/.exec(tail)?.[1];
  if (variable && method === 'GET') {
    expect(call, '--jq', '.value');
    const value = repo.variables[variable];
    if (value === undefined) throw NOT_FOUND;
    return value;
  }
  const fields = new Map(
    (call.flags.get('-f') ?? []).map((field) => [field.slice(0, field.indexOf('=')), field.slice(field.indexOf('=') + 1)]),
  );
  if (variable && method === 'PATCH' && variable in repo.variables) {
    repo.variables[variable] = fields.get('value') ?? '';
    return '';
  }
  if (key === 'POST actions/variables') {
    const newName = fields.get('name') ?? '';
    if (newName in repo.variables) throw new CliError('gh: Already exists - Variable already exists (HTTP 409)');
    repo.variables[newName] = fields.get('value') ?? '';
    return '';
  }
  const environment = /^environments\/(.+)$/.exec(tail)?.[1];
  if (environment && method === 'GET') {
    if (!repo.environments.includes(environment)) throw NOT_FOUND;
    return '';
  }
  if (environment && method === 'PUT') {
    repo.environments.push(environment);
    return '';
  }
  const file = /^contents\/([^?]+)(\?ref=.*)?$/.exec(tail)?.[1];
  if (file && method === 'GET') {
    if (!(file in repo.files)) throw NOT_FOUND;
    return '';
  }
  if (file && method === 'PUT') {
    const body = JSON.parse(readFileSync(flag(call, '--input'), 'utf8')) as { content: string };
    repo.files[file] = Buffer.from(body.content, 'base64').toString('utf8');
    return '';
  }
  throw new CliError(`fake gh: unknown api call ${key}`, 2);
}

function ghRuns(state: FakeState, call: Call, command: string): string {
  const repo = repository(state, flag(call, '--repo'));
  switch (command) {
    case 'workflow run':
      if (!(`.github/workflows/${call.words[2] ?? ''}` in repo.files)) throw new CliError('could not find any workflows named x', 1);
      repo.runs.unshift({ id: 9000 + repo.runs.length, conclusion: repo.nextConclusion });
      return '';
    case 'run list':
      expect(call, '--jq', '.[0].databaseId // ""');
      return String(repo.runs[0]?.id ?? '');
    case 'run watch': {
      const found = repo.runs.find((candidate) => String(candidate.id) === call.words[2]);
      if (!found) throw NOT_FOUND;
      if (found.conclusion !== 'success') throw new CliError('', 1);
      return `✓ Run ${found.id} completed with 'success'`;
    }
    case 'run view':
      if (call.flags.has('--log-failed'))
        return 'smoke\tRun the action\t##[error]Microsoft Entra ID refused the token request: AADSTS70021';
      return `https://github.com/${repo.fullName}/actions/runs/${call.words[2] ?? ''}`;
    default:
      throw new CliError(`fake gh: unknown command ${command}`, 2);
  }
}

function gh(state: FakeState, call: Call): string {
  const command = call.words.slice(0, 2).join(' ');
  if (call.words[0] === 'api') {
    const path = call.words[1] ?? '';
    if (!path.startsWith('repos/')) throw new CliError(`fake gh: unknown api path ${path}`, 2);
    return ghRepositoryApi(state, call, call.flags.get('--method')?.[0] ?? 'GET', path);
  }
  return ghRuns(state, call, command);
}

function main(): void {
  const [tool = '', ...args] = process.argv.slice(2);
  const stateFile = process.env.FAKE_STATE ?? '';
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as FakeState;
  appendFileSync(process.env.FAKE_CALLS ?? '', `${JSON.stringify([tool, ...args])}\n`);
  try {
    const output = tool === 'az' ? az(state, parse(args)) : gh(state, parse(args));
    writeFileSync(stateFile, JSON.stringify(state));
    if (output) process.stdout.write(`${output}\n`);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.exitCode = error.code;
  }
}

if (import.meta.main) main();
