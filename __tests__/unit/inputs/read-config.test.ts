/**
 * Input validation: defaults, environment fallbacks, what a pasted target URI
 * contributes, and every validation error (naming the input and what it accepts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { failoverTargets } from '../../../src/call/failover.ts';
import type { Config } from '../../../src/config.ts';
import { InputError } from '../../../src/errors.ts';
import { type InputSource, MAX_PROMPT_FILE_BYTES, readConfig } from '../../../src/inputs/read-config.ts';
import { fileRoots, readTextFile as readFileIn } from '../../../src/inputs/read-file.ts';

type Inputs = Record<string, string>;
type Env = Record<string, string | undefined>;

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const BASE: Inputs = { endpoint: 'https://myres.openai.azure.com', deployment: 'gpt-5.1', prompt: 'Say hello.' };

/** Files the in-memory reader knows; any other path fails the test. */
const FILES: Record<string, string> = { 'prompts/user.md': 'From a file.', 'prompts/system.md': 'Be brief.', 'blank.md': ' \n\t\n' };

function source(inputs: Inputs, env: Env = {}): InputSource & { reads: Array<[string, string]> } {
  const reads: Array<[string, string]> = [];
  return {
    input: (name) => inputs[name] ?? '',
    env,
    readTextFile(path, input) {
      reads.push([path, input]);
      const text = FILES[path];
      if (text === undefined) throw new Error(`unexpected read of ${path}`);
      return text;
    },
    reads,
  };
}

const config = (inputs: Inputs, env: Env = {}): Promise<Config> => readConfig(source(inputs, env));

/** Asserts readConfig fails with an InputError on `input` whose message matches every pattern. */
async function assertInputError(inputs: Inputs, env: Env, input: string, patterns: RegExp[]): Promise<void> {
  await assert.rejects(config(inputs, env), (error: unknown) => {
    assert.ok(error instanceof InputError, `an InputError, got ${String(error)}`);
    assert.equal(error.input, input);
    assert.ok(error.message.startsWith(`Input '${input}': `), error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  });
}

describe('readConfig defaults', () => {
  test('a minimal configuration gets every default', async () => {
    assert.deepEqual(await config(BASE), {
      endpoint: {
        origin: 'https://myres.openai.azure.com',
        host: 'myres.openai.azure.com',
        pathPrefix: '',
        cloud: {
          name: 'AzurePublic',
          authorityHost: 'https://login.microsoftonline.com',
          scope: 'https://cognitiveservices.azure.com/.default',
        },
      },
      deployment: 'gpt-5.1',
      apiVersion: 'v1',
      api: 'auto',
      prompt: { messages: [{ role: 'user', content: 'Say hello.' }], userSource: 'input prompt' },
      identity: {
        mode: 'auto',
        scope: 'https://cognitiveservices.azure.com/.default',
        scopeFromInput: false,
        authorityHost: 'https://login.microsoftonline.com',
        instanceDiscovery: true,
        oidcAudience: 'api://AzureADTokenExchange',
      },
      timeoutMs: 120_000,
      maxRetries: 3,
      maxRetryWaitMs: 60_000,
      deadlineMs: 120_000 * 4 + 60_000 * 3,
      skipUnchanged: false,
      maxReviewComments: 25,
      reviewScope: 'changes',
      summary: true,
      stream: true,
      failOnTruncation: false,
      tools: 'none',
      maxToolCalls: 16,
      mcpServers: [],
      githubToken: '',
      maxInputTokens: 100_000,
      largeDiff: 'trim',
      comment: 'none',
      commentTag: 'azure-openai-keyless',
      onMissingIdentity: 'fail',
      serviceTier: 'default',
      promptCache: { scope: '\n\n\n' },
    });
  });

  test('inputs are trimmed', async () => {
    const c = await config({ endpoint: '  myres \n', deployment: ' d1 ', prompt: '  hi  ', 'max-retries': ' 2 ' });
    assert.equal(c.endpoint.origin, 'https://myres.openai.azure.com');
    assert.equal(c.deployment, 'd1');
    assert.deepEqual(c.prompt.messages, [{ role: 'user', content: 'hi' }]);
    assert.equal(c.maxRetries, 2);
  });

  test('every optional input set', async () => {
    const c = await config({
      ...BASE,
      'api-version': '2024-10-21',
      'system-prompt': 'Be terse.',
      'client-id': CLIENT,
      'tenant-id': TENANT,
      auth: 'github-oidc',
      scope: 'https://ai.azure.com/.default',
      'authority-host': 'https://login.microsoftonline.com/',
      'oidc-audience': 'api://custom',
      'max-tokens': '256',
      temperature: '0.2',
      timeout: '30',
      'max-retries': '0',
      summary: 'false',
    });
    assert.equal(c.apiVersion, '2024-10-21');
    assert.deepEqual(c.prompt, {
      messages: [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Say hello.' },
      ],
      userSource: 'input prompt',
    });
    assert.deepEqual(c.identity, {
      mode: 'github-oidc',
      clientId: CLIENT,
      tenantId: TENANT,
      scope: 'https://ai.azure.com/.default',
      scopeFromInput: true,
      authorityHost: 'https://login.microsoftonline.com',
      instanceDiscovery: true,
      oidcAudience: 'api://custom',
    });
    assert.equal(c.maxTokens, 256);
    assert.equal(c.temperature, 0.2);
    assert.equal(c.timeoutMs, 30_000);
    assert.equal(c.maxRetries, 0);
    assert.equal(c.summary, false);
  });

  test('unset optional numbers are absent, not undefined-valued keys', async () => {
    const c = await config(BASE);
    assert.equal('maxTokens' in c, false);
    assert.equal('temperature' in c, false);
    assert.equal('clientId' in c.identity, false);
    assert.equal('tenantId' in c.identity, false);
    assert.equal('system' in c.prompt, false);
  });
});

describe('readConfig accepted values', () => {
  const cases: Array<{ name: string; inputs: Inputs; pick: (c: Config) => unknown; expected: unknown }> = [
    { name: 'temperature 0', inputs: { temperature: '0' }, pick: (c) => c.temperature, expected: 0 },
    { name: 'temperature 2 (the maximum)', inputs: { temperature: '2' }, pick: (c) => c.temperature, expected: 2 },
    { name: 'temperature .5', inputs: { temperature: '.5' }, pick: (c) => c.temperature, expected: 0.5 },
    { name: 'max-tokens 1 (the minimum)', inputs: { 'max-tokens': '1' }, pick: (c) => c.maxTokens, expected: 1 },
    { name: 'max-tokens 1000000 (the maximum)', inputs: { 'max-tokens': '1000000' }, pick: (c) => c.maxTokens, expected: 1_000_000 },
    { name: 'timeout 1.5 s', inputs: { timeout: '1.5' }, pick: (c) => c.timeoutMs, expected: 1500 },
    { name: 'timeout 3600 s (the maximum)', inputs: { timeout: '3600' }, pick: (c) => c.timeoutMs, expected: 3_600_000 },
    { name: 'max-retries 20 (the maximum)', inputs: { 'max-retries': '20' }, pick: (c) => c.maxRetries, expected: 20 },
    { name: 'summary True', inputs: { summary: 'True' }, pick: (c) => c.summary, expected: true },
    { name: 'summary FALSE', inputs: { summary: 'FALSE' }, pick: (c) => c.summary, expected: false },
    { name: 'stream false', inputs: { stream: 'false' }, pick: (c) => c.stream, expected: false },
    { name: 'fail-on-truncation true', inputs: { 'fail-on-truncation': 'true' }, pick: (c) => c.failOnTruncation, expected: true },
    {
      name: 'api-version preview',
      inputs: { 'api-version': '2025-04-01-preview' },
      pick: (c) => c.apiVersion,
      expected: '2025-04-01-preview',
    },
    {
      name: 'tenant-id as a verified domain',
      inputs: { 'tenant-id': 'contoso.onmicrosoft.com' },
      pick: (c) => c.identity.tenantId,
      expected: 'contoso.onmicrosoft.com',
    },
    {
      name: 'client-id in upper case',
      inputs: { 'client-id': CLIENT.toUpperCase() },
      pick: (c) => c.identity.clientId,
      expected: CLIENT.toUpperCase(),
    },
    {
      name: 'scope api://',
      inputs: { scope: 'api://my-app/.default', 'allow-custom-endpoint': 'true' },
      pick: (c) => c.identity.scope,
      expected: 'api://my-app/.default',
    },
    {
      name: 'deployment with dots and underscores',
      inputs: { deployment: 'prod.gpt_4o-mini' },
      pick: (c) => c.deployment,
      expected: 'prod.gpt_4o-mini',
    },
    { name: 'deployment of 64 characters', inputs: { deployment: 'd'.repeat(64) }, pick: (c) => c.deployment, expected: 'd'.repeat(64) },
    ...(['auto', 'github-oidc', 'azure-cli', 'managed-identity', 'default-chain'] as const).map((mode) => ({
      name: `auth ${mode}`,
      inputs: { auth: mode, 'client-id': CLIENT, 'tenant-id': TENANT },
      pick: (c: Config) => c.identity.mode,
      expected: mode,
    })),
  ];
  for (const { name, inputs, pick, expected } of cases) {
    test(name, async () => {
      assert.deepEqual(pick(await config({ ...BASE, ...inputs })), expected);
    });
  }
});

describe('readConfig environment fallbacks', () => {
  const noEndpoint = { prompt: 'hi' };
  test('AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT', async () => {
    const c = await config(noEndpoint, { AZURE_OPENAI_ENDPOINT: ' https://other.openai.azure.com/ ', AZURE_OPENAI_DEPLOYMENT: 'from-env' });
    assert.equal(c.endpoint.host, 'other.openai.azure.com');
    assert.equal(c.deployment, 'from-env');
  });
  test('inputs win over AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT', async () => {
    const c = await config(BASE, { AZURE_OPENAI_ENDPOINT: 'https://other.openai.azure.com', AZURE_OPENAI_DEPLOYMENT: 'from-env' });
    assert.equal(c.endpoint.host, 'myres.openai.azure.com');
    assert.equal(c.deployment, 'gpt-5.1');
  });
  test('AZURE_CLIENT_ID and AZURE_TENANT_ID', async () => {
    const c = await config(BASE, { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT });
    assert.equal(c.identity.clientId, CLIENT);
    assert.equal(c.identity.tenantId, TENANT);
  });
  test('client-id and tenant-id inputs win over the environment', async () => {
    const other = '99999999-9999-9999-9999-999999999999';
    const c = await config({ ...BASE, 'client-id': CLIENT, 'tenant-id': TENANT }, { AZURE_CLIENT_ID: other, AZURE_TENANT_ID: other });
    assert.equal(c.identity.clientId, CLIENT);
    assert.equal(c.identity.tenantId, TENANT);
  });
  test('auth github-oidc is satisfied by AZURE_CLIENT_ID and AZURE_TENANT_ID', async () => {
    const c = await config({ ...BASE, auth: 'github-oidc' }, { AZURE_CLIENT_ID: CLIENT, AZURE_TENANT_ID: TENANT });
    assert.equal(c.identity.mode, 'github-oidc');
  });
  test('AZURE_AUTHORITY_HOST', async () => {
    const c = await config(BASE, { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us/' });
    assert.equal(c.identity.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(c.identity.instanceDiscovery, true);
  });
  test('authority-host input wins over AZURE_AUTHORITY_HOST', async () => {
    const c = await config(
      { ...BASE, 'authority-host': 'https://login.chinacloudapi.cn' },
      { AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us' },
    );
    assert.equal(c.identity.authorityHost, 'https://login.chinacloudapi.cn');
  });
  test('blank environment values count as unset', async () => {
    const c = await config(BASE, { AZURE_CLIENT_ID: '  ', AZURE_TENANT_ID: '', AZURE_AUTHORITY_HOST: ' ' });
    assert.equal('clientId' in c.identity, false);
    assert.equal('tenantId' in c.identity, false);
    assert.equal(c.identity.authorityHost, 'https://login.microsoftonline.com');
  });
});

describe('readConfig clouds and authority hosts', () => {
  const cases: Array<{
    name: string;
    inputs: Inputs;
    env?: Env;
    expected: { scope: string; authorityHost: string; instanceDiscovery: boolean };
  }> = [
    {
      name: 'public cloud by default',
      inputs: {},
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://login.microsoftonline.com',
        instanceDiscovery: true,
      },
    },
    {
      name: '.azure.us endpoint selects the US Government scope and authority',
      inputs: { endpoint: 'https://myres.openai.azure.us' },
      expected: {
        scope: 'https://cognitiveservices.azure.us/.default',
        authorityHost: 'https://login.microsoftonline.us',
        instanceDiscovery: true,
      },
    },
    {
      name: '.azure.cn endpoint selects the China scope and authority',
      inputs: { endpoint: 'myres.openai.azure.cn' },
      expected: {
        scope: 'https://cognitiveservices.azure.cn/.default',
        authorityHost: 'https://login.chinacloudapi.cn',
        instanceDiscovery: true,
      },
    },
    {
      name: 'explicit scope and authority-host win over the cloud',
      inputs: {
        endpoint: 'https://myres.openai.azure.us',
        scope: 'https://cognitiveservices.azure.com/.default',
        'authority-host': 'https://login.microsoftonline.com',
      },
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://login.microsoftonline.com',
        instanceDiscovery: true,
      },
    },
    {
      name: 'a loopback authority (emulator) disables instance discovery',
      inputs: { 'authority-host': 'https://127.0.0.1:8443/' },
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://127.0.0.1:8443',
        instanceDiscovery: false,
      },
    },
    {
      name: 'an Azure Stack Hub authority from AZURE_AUTHORITY_HOST disables instance discovery',
      inputs: { 'allow-custom-endpoint': 'true' },
      env: { AZURE_AUTHORITY_HOST: 'https://adfs.local.azurestack.external' },
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://adfs.local.azurestack.external',
        instanceDiscovery: false,
      },
    },
    {
      name: 'a look-alike of a Microsoft host disables instance discovery',
      inputs: { 'authority-host': 'https://login.microsoftonline.com.evil.example', 'allow-custom-endpoint': 'true' },
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://login.microsoftonline.com.evil.example',
        instanceDiscovery: false,
      },
    },
    {
      name: 'login.microsoft.com keeps instance discovery',
      inputs: { 'authority-host': 'https://LOGIN.microsoft.com' },
      expected: {
        scope: 'https://cognitiveservices.azure.com/.default',
        authorityHost: 'https://login.microsoft.com',
        instanceDiscovery: true,
      },
    },
  ];
  for (const { name, inputs, env, expected } of cases) {
    test(name, async () => {
      const { scope, authorityHost, instanceDiscovery } = (await config({ ...BASE, ...inputs }, env)).identity;
      assert.deepEqual({ scope, authorityHost, instanceDiscovery }, expected);
    });
  }
});

describe('readConfig: the scope negotiated on a 401 "audience is incorrect"', () => {
  const cases: Array<{ name: string; inputs: Inputs; scope: string; scopeFromInput: boolean; alternateScope?: string }> = [
    {
      name: 'public cloud default: the Azure AI audience is the alternate',
      inputs: {},
      scope: 'https://cognitiveservices.azure.com/.default',
      scopeFromInput: false,
      alternateScope: 'https://ai.azure.com/.default',
    },
    {
      name: 'US Government default: ai.azure.us is the alternate',
      inputs: { endpoint: 'https://myres.openai.azure.us' },
      scope: 'https://cognitiveservices.azure.us/.default',
      scopeFromInput: false,
      alternateScope: 'https://ai.azure.us/.default',
    },
    {
      name: 'China default: no documented Azure AI audience, so no alternate',
      inputs: { endpoint: 'myres.openai.azure.cn' },
      scope: 'https://cognitiveservices.azure.cn/.default',
      scopeFromInput: false,
    },
    {
      name: 'an explicit scope input is never switched, even the default one',
      inputs: { scope: 'https://cognitiveservices.azure.com/.default' },
      scope: 'https://cognitiveservices.azure.com/.default',
      scopeFromInput: true,
    },
    {
      name: 'an explicit ai.azure.com scope is never switched',
      inputs: { scope: 'https://ai.azure.com/.default' },
      scope: 'https://ai.azure.com/.default',
      scopeFromInput: true,
    },
    {
      name: 'an explicit ai.azure.us scope is accepted',
      inputs: { endpoint: 'https://myres.openai.azure.us', scope: 'https://ai.azure.us/.default' },
      scope: 'https://ai.azure.us/.default',
      scopeFromInput: true,
    },
  ];
  for (const { name, inputs, ...expected } of cases) {
    test(name, async () => {
      const read = await config({ ...BASE, ...inputs });
      const { scope, scopeFromInput } = read.identity;
      // The chain's first entry is the deployment input: its alternate is the one negotiated.
      const { alternateScope } = failoverTargets(read)[0];
      assert.deepEqual({ scope, scopeFromInput, ...(alternateScope ? { alternateScope } : {}) }, expected);
    });
  }
});

describe('readConfig and a pasted target URI', () => {
  const TARGET = 'https://myres.openai.azure.com/openai/deployments/from-uri/chat/completions?api-version=2024-10-21';
  const cases: Array<{ name: string; inputs: Inputs; env?: Env; expected: { deployment: string; apiVersion: string } }> = [
    {
      name: 'deployment and api-version come from the URI',
      inputs: { endpoint: TARGET, prompt: 'hi' },
      expected: { deployment: 'from-uri', apiVersion: '2024-10-21' },
    },
    {
      name: 'the URI reaches the action through AZURE_OPENAI_ENDPOINT',
      inputs: { prompt: 'hi' },
      env: { AZURE_OPENAI_ENDPOINT: TARGET },
      expected: { deployment: 'from-uri', apiVersion: '2024-10-21' },
    },
    {
      name: 'an explicit deployment wins',
      inputs: { endpoint: TARGET, deployment: 'explicit', prompt: 'hi' },
      expected: { deployment: 'explicit', apiVersion: '2024-10-21' },
    },
    {
      name: 'an explicit api-version wins (v1)',
      inputs: { endpoint: TARGET, 'api-version': 'v1', prompt: 'hi' },
      expected: { deployment: 'from-uri', apiVersion: 'v1' },
    },
    {
      name: 'an explicit dated api-version wins',
      inputs: { endpoint: TARGET, 'api-version': '2025-04-01-preview', prompt: 'hi' },
      expected: { deployment: 'from-uri', apiVersion: '2025-04-01-preview' },
    },
    {
      name: 'a pasted /openai/v1 URL means v1',
      inputs: { endpoint: 'https://myres.openai.azure.com/openai/v1/', deployment: 'd1', prompt: 'hi' },
      expected: { deployment: 'd1', apiVersion: 'v1' },
    },
    {
      name: 'a deployment URL without api-version defaults to v1',
      inputs: { endpoint: 'https://myres.openai.azure.com/openai/deployments/from-uri', prompt: 'hi' },
      expected: { deployment: 'from-uri', apiVersion: 'v1' },
    },
  ];
  for (const { name, inputs, env, expected } of cases) {
    test(name, async () => {
      const { deployment, apiVersion } = await config(inputs, env);
      assert.deepEqual({ deployment, apiVersion }, expected);
    });
  }
});

describe('readConfig prompts', () => {
  test('prompt-file is read through readTextFile with its input name', async () => {
    const s = source({ ...BASE, prompt: '', 'prompt-file': 'prompts/user.md', 'system-prompt-file': 'prompts/system.md' });
    const c = await readConfig(s);
    assert.deepEqual(c.prompt, {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'From a file.' },
      ],
      userSource: 'file prompts/user.md',
    });
    assert.deepEqual(s.reads, [
      ['prompts/user.md', 'prompt-file'],
      ['prompts/system.md', 'system-prompt-file'],
    ]);
  });
  test('no file is read when prompts are given as text', async () => {
    const s = source({ ...BASE, 'system-prompt': 'Be brief.' });
    await readConfig(s);
    assert.deepEqual(s.reads, []);
  });
  test('the prompt text keeps inner white space and new lines', async () => {
    assert.equal((await config({ ...BASE, prompt: 'line 1\n\n  line 2' })).prompt.messages[0]?.content, 'line 1\n\n  line 2');
  });
});

describe('readConfig validation errors name the input and what it accepts', () => {
  const cases: Array<{ name: string; inputs: Inputs; env?: Env; input: string; expected: RegExp[] }> = [
    {
      name: 'no endpoint',
      inputs: { ...BASE, endpoint: '' },
      input: 'endpoint',
      expected: [/is required/, /AZURE_OPENAI_ENDPOINT/, /https:\/\/NAME\.openai\.azure\.com/],
    },
    {
      name: 'blank AZURE_OPENAI_ENDPOINT',
      inputs: { ...BASE, endpoint: '' },
      env: { AZURE_OPENAI_ENDPOINT: '  ' },
      input: 'endpoint',
      expected: [/is required/],
    },
    {
      name: 'a malformed endpoint',
      inputs: { ...BASE, endpoint: 'http://myres.openai.azure.com' },
      input: 'endpoint',
      expected: [/https/, /Accepted forms/],
    },
    {
      name: 'a malformed AZURE_OPENAI_ENDPOINT',
      inputs: { ...BASE, endpoint: '' },
      env: { AZURE_OPENAI_ENDPOINT: 'ftp://x' },
      input: 'endpoint',
      expected: [/ftp:/],
    },
    {
      name: 'no deployment',
      inputs: { ...BASE, deployment: '' },
      input: 'deployment',
      expected: [/is required/, /not the model name/, /AZURE_OPENAI_DEPLOYMENT/, /target URI/],
    },
    {
      name: 'a deployment starting with a hyphen',
      inputs: { ...BASE, deployment: '-d1' },
      input: 'deployment',
      expected: [/'-d1' is not a valid deployment name/, /1 to 64 letters, digits, '\.', '-' or '_'/],
    },
    {
      name: 'a deployment of 65 characters',
      inputs: { ...BASE, deployment: 'd'.repeat(65) },
      input: 'deployment',
      expected: [/is not a valid deployment name/],
    },
    {
      name: 'a deployment with a slash',
      inputs: { ...BASE, deployment: 'a/b' },
      input: 'deployment',
      expected: [/'a\/b' is not a valid deployment name/],
    },
    {
      name: 'an invalid AZURE_OPENAI_DEPLOYMENT',
      inputs: { ...BASE, deployment: '' },
      env: { AZURE_OPENAI_DEPLOYMENT: 'gpt 4o' },
      input: 'deployment',
      expected: [/'gpt 4o' is not a valid/],
    },
    {
      name: 'api-version latest',
      inputs: { ...BASE, 'api-version': 'latest' },
      input: 'api-version',
      expected: [/'latest' is not supported/, /v1/, /2024-10-21/, /2025-04-01-preview/],
    },
    {
      name: 'api-version V1 (case matters)',
      inputs: { ...BASE, 'api-version': 'V1' },
      input: 'api-version',
      expected: [/'V1' is not supported/],
    },
    {
      name: 'api-version without dashes',
      inputs: { ...BASE, 'api-version': '20241021' },
      input: 'api-version',
      expected: [/is not supported/],
    },
    {
      name: "a target URI's bad api-version is attributed to the URI",
      inputs: { ...BASE, endpoint: 'https://myres.openai.azure.com/openai/deployments/d1/chat/completions?api-version=garbage' },
      input: 'api-version (from the endpoint URI)',
      expected: [/'garbage' is not supported/],
    },
    { name: 'no prompt', inputs: { ...BASE, prompt: '' }, input: 'prompt', expected: [/is required/, /prompt-file/] },
    { name: 'a prompt of only white space', inputs: { ...BASE, prompt: ' \n ' }, input: 'prompt', expected: [/is required/] },
    {
      name: 'prompt and prompt-file',
      inputs: { ...BASE, 'prompt-file': 'prompts/user.md' },
      input: 'prompt',
      expected: [/prompt-file are both set/, /give one/],
    },
    {
      name: 'system-prompt and system-prompt-file',
      inputs: { ...BASE, 'system-prompt': 'x', 'system-prompt-file': 'prompts/system.md' },
      input: 'system-prompt',
      expected: [/system-prompt-file are both set/],
    },
    {
      name: 'a blank prompt-file',
      inputs: { ...BASE, prompt: '', 'prompt-file': 'blank.md' },
      input: 'prompt-file',
      expected: [/'blank\.md' is empty or only white space/],
    },
    {
      name: 'a blank system-prompt-file',
      inputs: { ...BASE, 'system-prompt-file': 'blank.md' },
      input: 'system-prompt-file',
      expected: [/is empty or only white space/],
    },
    {
      name: 'auth in capitals',
      inputs: { ...BASE, auth: 'AUTO' },
      input: 'auth',
      expected: [/'AUTO' is not one of auto, github-oidc, azure-cli, managed-identity, default-chain/],
    },
    { name: 'auth api-key', inputs: { ...BASE, auth: 'api-key' }, input: 'auth', expected: [/'api-key' is not one of/] },
    {
      name: 'client-id not a GUID',
      inputs: { ...BASE, 'client-id': 'my-app' },
      input: 'client-id',
      expected: [/'my-app' is not a GUID/, /application \(client\) id/],
    },
    {
      name: 'AZURE_CLIENT_ID not a GUID',
      inputs: BASE,
      env: { AZURE_CLIENT_ID: 'nope' },
      input: 'client-id (from AZURE_CLIENT_ID)',
      expected: [/'nope' is not a GUID/],
    },
    {
      name: 'tenant-id not a GUID or domain',
      inputs: { ...BASE, 'tenant-id': 'my tenant' },
      input: 'tenant-id',
      expected: [/'my tenant' is not a GUID or a tenant domain/, /directory \(tenant\) id/],
    },
    {
      name: 'tenant-id common',
      inputs: { ...BASE, 'tenant-id': 'common' },
      input: 'tenant-id',
      expected: [/'common' is not a GUID or a tenant domain/],
    },
    {
      name: 'AZURE_TENANT_ID malformed',
      inputs: BASE,
      env: { AZURE_TENANT_ID: '-bad-.com' },
      input: 'tenant-id (from AZURE_TENANT_ID)',
      expected: [/is not a GUID or a tenant domain/],
    },
    {
      name: 'github-oidc without client-id',
      inputs: { ...BASE, auth: 'github-oidc', 'tenant-id': TENANT },
      input: 'client-id',
      expected: [/is required with auth: github-oidc/, /AZURE_CLIENT_ID/],
    },
    {
      name: 'github-oidc without tenant-id',
      inputs: { ...BASE, auth: 'github-oidc', 'client-id': CLIENT },
      input: 'tenant-id',
      expected: [/is required with auth: github-oidc/, /AZURE_TENANT_ID/],
    },
    {
      name: 'github-oidc with neither id',
      inputs: { ...BASE, auth: 'github-oidc' },
      input: 'client-id',
      expected: [/is required with auth: github-oidc/],
    },
    {
      name: 'scope without /.default',
      inputs: { ...BASE, scope: 'https://cognitiveservices.azure.com' },
      input: 'scope',
      expected: [/is not a resource scope/, /\/\.default/],
    },
    {
      name: 'scope with white space',
      inputs: { ...BASE, scope: 'https://a b/.default' },
      input: 'scope',
      expected: [/is not a resource scope/],
    },
    {
      name: 'scope that is not a URI',
      inputs: { ...BASE, scope: 'cognitiveservices/.default' },
      input: 'scope',
      expected: [/is not a resource scope/],
    },
    {
      name: 'authority-host without scheme',
      inputs: { ...BASE, 'authority-host': 'login.microsoftonline.com' },
      input: 'authority-host',
      expected: [/is not a URL/, /https:\/\/login\.microsoftonline\.com/],
    },
    {
      name: 'authority-host over http',
      inputs: { ...BASE, 'authority-host': 'http://127.0.0.1:8443' },
      input: 'authority-host',
      expected: [/must use https/],
    },
    {
      name: 'AZURE_AUTHORITY_HOST over http',
      inputs: BASE,
      env: { AZURE_AUTHORITY_HOST: 'http://login.example' },
      input: 'authority-host (from AZURE_AUTHORITY_HOST)',
      expected: [/must use https/],
    },
    {
      name: 'oidc-audience with white space',
      inputs: { ...BASE, 'oidc-audience': 'api://a b' },
      input: 'oidc-audience',
      expected: [/must not contain white space/],
    },
    ...(
      [
        ['max-tokens', '0', /0 is out of range: use a whole number from 1 to 1000000/],
        ['max-tokens', '1000001', /is out of range: use a whole number from 1 to 1000000/],
        ['max-tokens', '1.5', /'1\.5' is not a whole number: use a whole number from 1 to 1000000/],
        ['max-tokens', '1e3', /'1e3' is not a whole number/],
        ['max-tokens', '0x10', /'0x10' is not a whole number/],
        ['max-tokens', 'lots', /'lots' is not a whole number/],
        ['temperature', '2.5', /2\.5 is out of range: use a number from 0 to 2/],
        ['temperature', '-0.1', /is out of range: use a number from 0 to 2/],
        ['temperature', 'hot', /'hot' is not a number: use a number from 0 to 2/],
        ['temperature', 'Infinity', /'Infinity' is not a number/],
        ['timeout', '0', /0 is out of range: use a number from 1 to 3600/],
        ['timeout', '0.5', /is out of range: use a number from 1 to 3600/],
        ['timeout', '3601', /is out of range/],
        ['timeout', '2m', /'2m' is not a number/],
        ['max-retries', '-1', /-1 is out of range: use a whole number from 0 to 20/],
        ['max-retries', '21', /is out of range: use a whole number from 0 to 20/],
        ['max-retries', '2.5', /'2\.5' is not a whole number/],
        ['summary', 'yes', /'yes' is not a boolean: use true or false/],
        ['summary', '1', /'1' is not a boolean/],
      ] as const
    ).map(([input, value, pattern]) => ({ name: `${input} ${value}`, inputs: { ...BASE, [input]: value }, input, expected: [pattern] })),
  ];
  for (const { name, inputs, env, input, expected } of cases) {
    test(name, async () => {
      await assertInputError(inputs, env ?? {}, input, expected);
    });
  }
});

describe('readTextFile on real files', () => {
  let dir: string;
  const path = (name: string): string => join(dir, name);
  // The files are in the run's workspace, as a checkout's are.
  const readTextFile = (file: string, input: string): string => readFileIn(file, input, fileRoots({ GITHUB_WORKSPACE: dir }));
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'aoai-inputs-'));
    writeFileSync(path('plain.md'), 'Summarise this.\r\nSecond line: café ✓\n');
    writeFileSync(path('bom.md'), '\uFEFFWith a byte-order mark.');
    writeFileSync(path('bom-only.md'), '\uFEFF');
    writeFileSync(path('empty.md'), '');
    writeFileSync(path('blank.md'), '  \n\t\r\n ');
    writeFileSync(path('binary.bin'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x41]));
    writeFileSync(path('limit.md'), 'a'.repeat(MAX_PROMPT_FILE_BYTES));
    writeFileSync(path('too-big.md'), '');
    truncateSync(path('too-big.md'), MAX_PROMPT_FILE_BYTES + 1);
    mkdirSync(path('folder'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const fails = (name: string, input: string, pattern: RegExp): void => {
    assert.throws(
      () => readTextFile(path(name), input),
      (error: unknown) => {
        assert.ok(error instanceof InputError, `an InputError, got ${String(error)}`);
        assert.equal(error.input, input);
        assert.ok(error.message.includes(path(name)), 'names the path');
        assert.match(error.message, pattern);
        return true;
      },
    );
  };

  test('a text file is returned as is (CRLF and UTF-8 kept)', () => {
    assert.equal(readTextFile(path('plain.md'), 'prompt-file'), 'Summarise this.\r\nSecond line: café ✓\n');
  });
  test('a byte-order mark is dropped', () => {
    assert.equal(readTextFile(path('bom.md'), 'prompt-file'), 'With a byte-order mark.');
  });
  test('a file of exactly the limit is accepted', () => {
    assert.equal(readTextFile(path('limit.md'), 'prompt-file').length, MAX_PROMPT_FILE_BYTES);
  });
  test('an empty file reads as empty text', () => {
    assert.equal(readTextFile(path('empty.md'), 'prompt-file'), '');
  });
  test('a missing file', () => {
    fails('missing.md', 'prompt-file', /does not exist\. Paths are relative to the working directory/);
  });
  test('a directory', () => {
    fails('folder', 'system-prompt-file', /is not a regular file/);
  });
  test('a binary file with NUL bytes', () => {
    fails('binary.bin', 'prompt-file', /looks binary \(it contains NUL bytes\): give a UTF-8 text file/);
  });
  test('a file over 4 MiB', () => {
    fails(
      'too-big.md',
      'prompt-file',
      new RegExp(`is ${MAX_PROMPT_FILE_BYTES + 1} bytes; the limit is ${MAX_PROMPT_FILE_BYTES} bytes \\(4 MiB\\)`),
    );
  });

  const viaConfig = (inputs: Inputs): Promise<Config> =>
    readConfig({ input: (name) => ({ ...BASE, prompt: '', ...inputs })[name] ?? '', env: { GITHUB_WORKSPACE: dir } });
  test('readConfig uses the real reader by default', async () => {
    const c = await viaConfig({ 'prompt-file': path('bom.md'), 'system-prompt-file': path('plain.md') });
    assert.deepEqual(c.prompt.messages, [
      { role: 'system', content: 'Summarise this.\r\nSecond line: café ✓\n' },
      { role: 'user', content: 'With a byte-order mark.' },
    ]);
    assert.equal(c.prompt.userSource, `file ${path('bom.md')}`);
  });
  const blank: Array<{ name: string; file: string }> = [
    { name: 'an empty prompt file', file: 'empty.md' },
    { name: 'a white-space-only prompt file', file: 'blank.md' },
    { name: 'a prompt file holding only a byte-order mark', file: 'bom-only.md' },
  ];
  for (const { name, file } of blank) {
    test(`readConfig rejects ${name}`, async () => {
      await assert.rejects(
        viaConfig({ 'prompt-file': path(file) }),
        (error: unknown) =>
          error instanceof InputError && error.input === 'prompt-file' && error.message.includes('is empty or only white space'),
      );
    });
  }
  test('readConfig reports a missing prompt file on prompt-file', async () => {
    await assert.rejects(
      viaConfig({ 'prompt-file': path('nope.md') }),
      (error: unknown) => error instanceof InputError && error.input === 'prompt-file' && error.message.includes('does not exist'),
    );
  });
});

describe('readConfig: hosts that get tokens, scopes and the run bound', () => {
  const REFUSED_ENDPOINTS = [
    'https://evil.example',
    'https://x.openai.azure.com.evil.example',
    'https://169.254.169.254',
    'https://openai.azure.com',
    'https://x.azure-api.net.evil.example',
    'https://[::ffff:7f00:1]',
  ];
  for (const endpoint of REFUSED_ENDPOINTS) {
    test(`refuses ${endpoint} without allow-custom-endpoint`, async () => {
      await assertInputError({ ...BASE, endpoint }, {}, 'endpoint', [/allow-custom-endpoint: true/]);
    });
  }
  test('refuses a backslash trick whatever the opt-in', async () => {
    await assertInputError({ ...BASE, endpoint: 'https://evil.example\\@x.openai.azure.com' }, {}, 'endpoint', [/backslash/]);
    await assertInputError(
      { ...BASE, endpoint: 'https://evil.example\\@x.openai.azure.com', 'allow-custom-endpoint': 'true' },
      {},
      'endpoint',
      [/backslash/],
    );
  });
  test('names AZURE_OPENAI_ENDPOINT when the endpoint came from it', async () => {
    const { endpoint: _, ...inputs } = BASE;
    await assertInputError(inputs, { AZURE_OPENAI_ENDPOINT: 'https://evil.example' }, 'endpoint (from AZURE_OPENAI_ENDPOINT)', [
      /allow-custom-endpoint/,
    ]);
  });
  const ACCEPTED_ENDPOINTS = [
    'https://x.openai.azure.com',
    'https://x.cognitiveservices.azure.com',
    'https://x.services.ai.azure.com',
    'https://x.openai.azure.us',
    'https://x.openai.azure.cn',
    'https://x.cognitiveservices.azure.us',
    'https://gw.azure-api.net/aoai',
    'https://gw.azure-api.us',
    'https://gw.azure-api.cn',
    'http://127.0.0.1:8080',
    'https://127.3.4.5:8443',
    'http://localhost:8080',
    'http://[::1]:8080',
  ];
  for (const endpoint of ACCEPTED_ENDPOINTS) {
    test(`accepts ${endpoint} by default`, async () => {
      assert.ok((await config({ ...BASE, endpoint })).endpoint.origin);
    });
  }
  test('allow-custom-endpoint: true lets a custom host through', async () => {
    const c = await config({ ...BASE, endpoint: 'https://gateway.example.com/aoai', 'allow-custom-endpoint': 'true' });
    assert.equal(c.endpoint.host, 'gateway.example.com');
  });
  test('allow-custom-endpoint must be a boolean', async () => {
    await assertInputError({ ...BASE, 'allow-custom-endpoint': 'yes' }, {}, 'allow-custom-endpoint', [/not a boolean/]);
  });

  for (const scope of ['https://management.azure.com/.default', 'api://my-app/.default', 'https://graph.microsoft.com/.default']) {
    test(`refuses scope ${scope} without the opt-in`, async () => {
      await assertInputError({ ...BASE, scope }, {}, 'scope', [/Cognitive Services/, /allow-custom-endpoint/]);
    });
  }
  for (const scope of [
    'https://cognitiveservices.azure.us/.default',
    'https://ai.azure.com/.default',
    'https://COGNITIVESERVICES.azure.cn/.default',
  ]) {
    test(`accepts scope ${scope}`, async () => {
      assert.equal((await config({ ...BASE, scope })).identity.scope, scope);
    });
  }

  for (const authority of [
    'https://login.microsoftonline.com@evil.example',
    'https://user@login.microsoftonline.com',
    'https://login.microsoftonline.com/tenant',
    'https://login.microsoftonline.com/?x=1',
    'https://login.microsoftonline.com/#f',
    'https://login.microsoftonline.com\\@evil.example',
  ]) {
    test(`refuses authority-host ${authority}, even opted in`, async () => {
      await assertInputError({ ...BASE, 'authority-host': authority, 'allow-custom-endpoint': 'true' }, {}, 'authority-host', [/origin/]);
    });
  }
  test('refuses a non-Microsoft authority host without the opt-in, naming AZURE_AUTHORITY_HOST', async () => {
    await assertInputError(BASE, { AZURE_AUTHORITY_HOST: 'https://evil.example' }, 'authority-host (from AZURE_AUTHORITY_HOST)', [
      /allow-custom-endpoint/,
    ]);
  });
  for (const authority of ['https://login.partner.microsoftonline.cn', 'https://login.microsoftonline.us/', 'https://127.0.0.1:8443']) {
    test(`accepts authority-host ${authority}`, async () => {
      assert.ok((await config({ ...BASE, 'authority-host': authority })).identity.authorityHost);
    });
  }

  test('refuses a run bound past 5 hours, naming the inputs set', async () => {
    await assertInputError({ ...BASE, timeout: '3600', 'max-retries': '4' }, {}, 'timeout, max-retries', [/18000 s \(5 h\)/, /6-hour/]);
    await assertInputError({ ...BASE, 'max-retries': '20', timeout: '1000' }, {}, 'timeout, max-retries', [/6-hour/]);
  });
  test('accepts the largest timeout with the default retries (about 4 h)', async () => {
    assert.equal((await config({ ...BASE, timeout: '3600' })).timeoutMs, 3_600_000);
  });
});
