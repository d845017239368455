/**
 * scripts/setup-azure.sh end to end against a fake `az` and `gh` (fake-az-gh.ts) first on PATH: a new
 * repository whose tokens carry immutable subjects, an old one with classic subjects (and an app registration,
 * an environment, a tag), a re-run that changes nothing, missing rights, the wrong subscription or tenant, a
 * resource without a custom subdomain, and the smoke test dispatched and watched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ROOT } from '../../emulator/runner.ts';
import type { FakeRepository, FakeState } from './fake-az-gh.ts';

const SKIP = process.platform === 'win32' ? 'a POSIX shell script' : false;
const SCRIPT = join(ROOT, 'scripts', 'setup-azure.sh');
const SUBSCRIPTION = '11111111-1111-4111-8111-111111111111';
const TENANT = '22222222-2222-4222-8222-222222222222';
const RESOURCE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/ai-rg/providers/Microsoft.CognitiveServices/accounts/contoso-ai`;
const ROLE = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd';
const WRITES =
  /^(az (identity create|identity federated-credential create|ad app create|ad sp create|ad app federated-credential create|role assignment create))|--method (POST|PATCH|PUT)|^gh workflow run/;

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function repo(overrides: Partial<FakeRepository>): FakeRepository {
  return {
    fullName: 'Octo-Org/new-repo',
    ownerId: 5012,
    id: 987654,
    defaultBranch: 'main',
    admin: true,
    oidc: { use_default: true, use_immutable_subject: true, sub_claim_prefix: 'repo:Octo-Org@5012/new-repo@987654' },
    variables: {},
    environments: [],
    files: {},
    runs: [],
    nextConclusion: 'success',
    ...overrides,
  };
}

function scenario(overrides: Partial<FakeState> = {}): FakeState {
  return {
    account: { id: SUBSCRIPTION, name: 'Contoso AI', tenantId: TENANT, user: 'admin@contoso.example' },
    resources: {
      'ai-rg/contoso-ai': {
        id: RESOURCE_ID,
        customSubDomainName: 'contoso-ai',
        endpoint: 'https://contoso-ai.openai.azure.com/',
        deployments: ['gpt-5-mini'],
      },
    },
    identities: {},
    apps: [],
    roleAssignments: [],
    rights: { roleAssignments: true, appRegistration: true, managedIdentities: true },
    repositories: {
      'octo-org/new-repo': repo({}),
      'octo-org/old-repo': repo({
        fullName: 'Octo-Org/old-repo',
        id: 1234,
        defaultBranch: 'trunk',
        oidc: { use_default: true, use_immutable_subject: false, sub_claim_prefix: 'repo:Octo-Org/old-repo' },
      }),
    },
    counter: 0,
    ...overrides,
  };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  calls: string[];
  state: FakeState;
}

/** A folder with the fake az and gh and the scenario; each run of the script reads and changes its state. */
function world(state: FakeState) {
  const folder = mkdtempSync(join(tmpdir(), 'setup-azure-'));
  folders.push(folder);
  for (const tool of ['az', 'gh']) {
    const fake = join(import.meta.dirname, 'fake-az-gh.ts');
    writeFileSync(join(folder, tool), `#!/bin/sh\nexec "${process.execPath}" "${fake}" ${tool} "$@"\n`);
    chmodSync(join(folder, tool), 0o755);
  }
  const stateFile = join(folder, 'state.json');
  writeFileSync(stateFile, JSON.stringify(state));
  return (...args: string[]): Run => {
    const callsFile = join(folder, 'calls.jsonl');
    writeFileSync(callsFile, '');
    const result = spawnSync('sh', [SCRIPT, ...args], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: `${folder}:/usr/bin:/bin`,
        HOME: folder,
        FAKE_STATE: stateFile,
        FAKE_CALLS: callsFile,
        // Each call of the fake is a Node process: compiled once, not once per call.
        NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE || join(ROOT, 'node_modules', '.cache', 'aoai-compile-cache'),
      },
    });
    const calls = readFileSync(callsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as string[]).join(' '));
    return { ...result, calls, state: JSON.parse(readFileSync(stateFile, 'utf8')) as FakeState };
  };
}

const BASE = ['--resource-group', 'ai-rg', '--resource', 'contoso-ai'];

describe('scripts/setup-azure.sh', { skip: SKIP }, () => {
  test('a new repository: a managed identity trusted in the immutable subject form, the role, the variables', () => {
    const run = world(scenario())('--repo', 'octo-org/new-repo', ...BASE);
    assert.equal(run.status, 0, run.stderr);
    const identity = run.state.identities['ai-rg/github-Octo-Org-new-repo'];
    assert.ok(identity, 'the identity is named after the repository as GitHub spells it');
    assert.deepEqual(
      identity.credentials.map(({ name, subject }) => [name, subject]),
      [
        ['pull-request-immutable', 'repo:Octo-Org@5012/new-repo@987654:pull_request'],
        ['branch-main-immutable', 'repo:Octo-Org@5012/new-repo@987654:ref:refs/heads/main'],
      ],
    );
    assert.deepEqual(identity.credentials[0]?.audiences, ['api://AzureADTokenExchange']);
    assert.equal(identity.credentials[0]?.issuer, 'https://token.actions.githubusercontent.com');
    assert.deepEqual(run.state.roleAssignments, [{ principalId: identity.principalId, roleDefinitionId: ROLE, scope: RESOURCE_ID }]);
    assert.deepEqual(run.state.repositories['octo-org/new-repo']?.variables, {
      AZURE_CLIENT_ID: identity.clientId,
      AZURE_TENANT_ID: TENANT,
      AZURE_OPENAI_ENDPOINT: 'https://contoso-ai.openai.azure.com',
      AZURE_OPENAI_DEPLOYMENT: 'gpt-5-mini',
    });
    assert.ok(
      run.calls.includes(
        'gh api repos/Octo-Org/new-repo/actions/oidc/customization/sub --jq "\\(.use_default) \\(.use_immutable_subject) \\(.sub_claim_prefix)"',
      ),
    );
    // Every command is printed as it ran, quoted so that it can be pasted.
    assert.match(
      run.stdout,
      /\n {2}\$ az identity create --name github-Octo-Org-new-repo --resource-group ai-rg --query '\[clientId, principalId\]' --output tsv\n/,
    );
    assert.match(
      run.stdout,
      /\$ az role assignment create --assignee-object-id \S+ --assignee-principal-type ServicePrincipal --role 5e0bd9bd-7b93-4f28-af87-19fc36ad61bd --scope \/subscriptions\/.+\/accounts\/contoso-ai --output none\n/,
    );
    assert.match(run.stdout, /tokens carry the immutable subject: repo:Octo-Org@5012\/new-repo@987654:…/);
    assert.match(run.stdout, /Done: 8 changes\.\n$/);
    assert.doesNotMatch(run.calls.join('\n'), /ad app/, 'no app registration without --app');
  });

  test('a second run changes nothing and says so', () => {
    const setup = world(scenario());
    assert.equal(setup('--repo', 'Octo-Org/new-repo', ...BASE).status, 0);
    const again = setup('--repo', 'Octo-Org/new-repo', ...BASE);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      again.calls.filter((call) => WRITES.test(call)),
      [],
    );
    assert.match(again.stdout, /Nothing changed: everything was already in place\.\n$/);
    assert.match(again.stdout, /= repo:Octo-Org@5012\/new-repo@987654:pull_request\n/);
    assert.match(again.stdout, /= AZURE_OPENAI_DEPLOYMENT = gpt-5-mini\n/);
  });

  test('an old repository: an app registration trusted in the classic form, an environment and a tag', () => {
    const run = world(scenario())(
      '--repo',
      'octo-org/old-repo',
      ...BASE,
      '--app',
      '--environment',
      'release',
      '--tag',
      'v1.2.0',
      '--deployment',
      'gpt-5-mini',
    );
    assert.equal(run.status, 0, run.stderr);
    const [app] = run.state.apps;
    assert.equal(app?.displayName, 'github-Octo-Org-old-repo');
    assert.deepEqual(
      app.credentials.map(({ name, subject }) => [name, subject]),
      [
        ['pull-request', 'repo:Octo-Org/old-repo:pull_request'],
        ['branch-trunk', 'repo:Octo-Org/old-repo:ref:refs/heads/trunk'],
        ['environment-release', 'repo:Octo-Org/old-repo:environment:release'],
        ['tag-v1-2-0', 'repo:Octo-Org/old-repo:ref:refs/tags/v1.2.0'],
      ],
    );
    assert.deepEqual(run.state.roleAssignments, [{ principalId: app.servicePrincipalId, roleDefinitionId: ROLE, scope: RESOURCE_ID }]);
    assert.deepEqual(run.state.repositories['octo-org/old-repo']?.environments, ['release']);
    assert.equal(run.state.repositories['octo-org/old-repo']?.variables.AZURE_CLIENT_ID, app.appId);
    assert.deepEqual(Object.keys(run.state.identities), [], 'no managed identity with --app');
  });

  test('when GitHub does not say which form, both are trusted', () => {
    const state = scenario();
    const old = state.repositories['octo-org/old-repo'];
    if (old) old.oidc = { use_default: true };
    const run = world(state)('--repo', 'octo-org/old-repo', ...BASE);
    assert.equal(run.status, 0, run.stderr);
    const subjects = run.state.identities['ai-rg/github-Octo-Org-old-repo']?.credentials.map(({ subject }) => subject);
    assert.deepEqual(subjects, [
      'repo:Octo-Org/old-repo:pull_request',
      'repo:Octo-Org/old-repo:ref:refs/heads/trunk',
      'repo:Octo-Org@5012/old-repo@1234:pull_request',
      'repo:Octo-Org@5012/old-repo@1234:ref:refs/heads/trunk',
    ]);
  });

  test('without the right to assign roles it stops, naming that right; a re-run with it finishes', () => {
    const setup = world(scenario({ rights: { roleAssignments: false, appRegistration: true, managedIdentities: true } }));
    const run = setup('--repo', 'octo-org/new-repo', ...BASE);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /setup-azure: missing right: role assignment rights on \/subscriptions\/.+\/accounts\/contoso-ai\. Owner, User Access Administrator or Role Based Access Control Administrator/,
    );
    assert.match(run.stderr, /AuthorizationFailed/, "Azure's own error is shown above the explanation");
    assert.deepEqual(run.state.repositories['octo-org/new-repo']?.variables, {}, 'it stopped there');
  });

  test('without app registration rights it stops, naming them and the managed identity that needs none', () => {
    const run = world(scenario({ rights: { roleAssignments: true, appRegistration: false, managedIdentities: true } }))(
      '--repo',
      'octo-org/new-repo',
      ...BASE,
      '--app',
    );
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      new RegExp(`missing right: app registration rights in tenant ${TENANT} .*drop --app: a managed identity needs none`, 's'),
    );
  });

  test('without rights in the resource group it stops, naming Managed Identity Contributor', () => {
    const run = world(scenario({ rights: { roleAssignments: true, appRegistration: true, managedIdentities: false } }))(
      '--repo',
      'octo-org/new-repo',
      ...BASE,
    );
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /missing right: managed identity rights in resource group ai-rg \(Microsoft\.ManagedIdentity\/userAssignedIdentities\/write\)\. Managed Identity Contributor/,
    );
  });

  test('the wrong subscription or tenant: refused before anything changes, naming what it found', () => {
    const setup = world(scenario());
    const subscription = setup('--repo', 'octo-org/new-repo', ...BASE, '--subscription', 'Production');
    assert.equal(subscription.status, 1);
    assert.match(
      subscription.stderr,
      new RegExp(
        `wrong subscription: the Azure CLI is on 'Contoso AI' \\(${SUBSCRIPTION}\\), not 'Production'\\. Run: az account set --subscription Production`,
      ),
    );
    assert.deepEqual(subscription.calls, ['az account show --query [id, name, tenantId] --output tsv']);
    const tenant = setup('--repo', 'octo-org/new-repo', ...BASE, '--tenant', 'contoso.example');
    assert.match(tenant.stderr, new RegExp(`wrong tenant: the Azure CLI is signed in to tenant ${TENANT}, not contoso\\.example`));
    assert.equal(setup('--repo', 'octo-org/new-repo', ...BASE, '--subscription', 'Contoso AI', '--tenant', TENANT).status, 0);
  });

  test('a resource that is missing or has no custom subdomain: stopped with the fix', () => {
    const state = scenario();
    const resource = state.resources['ai-rg/contoso-ai'];
    if (resource) resource.customSubDomainName = null;
    const setup = world(state);
    const regional = setup('--repo', 'octo-org/new-repo', ...BASE);
    assert.equal(regional.status, 1);
    assert.match(
      regional.stderr,
      /no custom subdomain.* az cognitiveservices account update --name contoso-ai --resource-group ai-rg --custom-domain contoso-ai/s,
    );
    const missing = setup('--repo', 'octo-org/new-repo', '--resource-group', 'ai-rg', '--resource', 'nope');
    assert.match(
      missing.stderr,
      new RegExp(`no resource 'nope' in resource group 'ai-rg' of subscription 'Contoso AI' \\(${SUBSCRIPTION}\\)`),
    );
  });

  test('--smoke-test adds the workflow, runs it and prints its result', () => {
    const setup = world(scenario());
    const run = setup('--repo', 'octo-org/new-repo', ...BASE, '--smoke-test');
    assert.equal(run.status, 0, run.stderr);
    const added = run.state.repositories['octo-org/new-repo']?.files['.github/workflows/azure-openai-smoke-test.yml'];
    assert.equal(added, readFileSync(join(ROOT, 'examples', 'workflows', 'smoke-test.yml'), 'utf8'));
    assert.ok(run.calls.includes('gh workflow run azure-openai-smoke-test.yml --repo Octo-Org/new-repo --ref main'));
    assert.match(run.stdout, /Smoke test passed: https:\/\/github\.com\/Octo-Org\/new-repo\/actions\/runs\/9000\n$/);

    const state = JSON.parse(JSON.stringify(run.state)) as FakeState;
    const repository = state.repositories['octo-org/new-repo'];
    if (repository) repository.nextConclusion = 'failure';
    const failed = world(state)('--repo', 'octo-org/new-repo', ...BASE, '--smoke-test');
    assert.equal(failed.status, 1);
    assert.match(failed.stdout, /AADSTS70021/, 'the failed step is printed');
    assert.match(failed.stderr, /the smoke test failed: https:\/\/github\.com\/Octo-Org\/new-repo\/actions\/runs\/9001/);
    assert.match(failed.stdout, /= \.github\/workflows\/azure-openai-smoke-test\.yml exists on main/);
  });
});
