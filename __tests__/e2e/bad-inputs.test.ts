/**
 * Bad input fails before any network call: exit code 1, one error naming the
 * input and what it accepts, and the emulator receives no request at all.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { baseInputs, runAction, type RunOptions } from '../../emulator/runner.ts';
import { emulator, useEmulator } from './harness.ts';

/** The runs' RUNNER_TEMP, where file inputs may be (the run's workspace is the other place). */
const files = mkdtempSync(join(tmpdir(), 'aoai-bad-inputs-'));
const emptyFile = join(files, 'empty.md');
const blankFile = join(files, 'blank.md');
const binaryFile = join(files, 'binary.bin');
const hugeFile = join(files, 'huge.md');
writeFileSync(emptyFile, '');
writeFileSync(blankFile, '  \n\t\n');
writeFileSync(binaryFile, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
writeFileSync(hugeFile, 'x'.repeat(4 * 1024 * 1024 + 1));
const unreadableFile = join(files, 'unreadable.md');
writeFileSync(unreadableFile, 'Say hello.', { mode: 0o000 });
const badYamlPromptFile = join(files, 'broken.prompt.yml');
writeFileSync(badYamlPromptFile, 'messages:\n  - role: user\n    content: [unclosed\n');
// File reads: a secret outside both allowed places, and a FIFO where files are allowed.
const outside = mkdtempSync(join(tmpdir(), 'aoai-bad-inputs-outside-'));
const outsideSecret = join(outside, 'msal_token_cache.json');
writeFileSync(outsideSecret, '{"AccessToken": "outside-secret"}');
const fifo = join(files, 'pipe.md');
execFileSync('mkfifo', [fifo]);
const gitConfig = '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==\n';
/** root reads any file whatever its mode, so the unreadable-file case is only meaningful for other users. */
const isRoot = process.getuid?.() === 0;

interface Case {
  name: string;
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  /** The error must match this (it names the input and the accepted forms). */
  error: RegExp;
  skip?: string;
  /** Files and symlinks in the run's workspace. */
  workspace?: Pick<RunOptions, 'files' | 'symlinks'>;
}

const CASES: Case[] = [
  {
    name: 'large-diff neither trim nor split',
    inputs: { 'large-diff': 'chunks' },
    error: /Input 'large-diff': 'chunks' is not supported: use trim \(.*\) or split \(.*\)\./,
  },
  { name: 'no endpoint at all', inputs: { endpoint: '' }, error: /Input 'endpoint': is required.*AZURE_OPENAI_ENDPOINT/ },
  {
    name: 'http endpoint on a public host',
    inputs: { endpoint: 'http://contoso.openai.azure.com' },
    error: /Input 'endpoint': .* uses http: tokens are only sent over https/,
  },
  {
    name: 'ftp endpoint',
    inputs: { endpoint: 'ftp://contoso.openai.azure.com' },
    error: /Input 'endpoint': scheme 'ftp:' is not supported: use https/,
  },
  {
    name: 'endpoint with credentials',
    inputs: { endpoint: 'https://user:secret@contoso.openai.azure.com' },
    error: /Input 'endpoint': must not contain credentials/,
  },
  {
    name: 'endpoint with white space',
    inputs: { endpoint: 'https://contoso openai.azure.com' },
    error: /Input 'endpoint': contains white space/,
  },
  {
    name: 'endpoint with a non-OpenAI route',
    inputs: { endpoint: 'https://contoso.openai.azure.com/openai/models/list' },
    error: /Input 'endpoint': path .* is not an Azure OpenAI route\. Accepted forms/,
  },
  { name: 'endpoint that is not a URL', inputs: { endpoint: 'https://' }, error: /Input 'endpoint': .*Accepted forms/ },
  {
    name: 'endpoint naming an invalid deployment',
    inputs: { endpoint: 'https://contoso.openai.azure.com/openai/deployments/bad%20name/chat/completions' },
    error: /Input 'endpoint': names deployment 'bad name'/,
  },
  { name: 'no deployment', inputs: { deployment: '' }, error: /Input 'deployment': is required.*not the model name/ },
  {
    name: 'deployment with a slash',
    inputs: { deployment: 'gpt/4o' },
    error: /Input 'deployment': 'gpt\/4o' is not a valid deployment name/,
  },
  {
    name: 'unknown api-version',
    inputs: { 'api-version': 'latest' },
    error: /Input 'api-version': 'latest' is not supported: use v1 .* or a dated version such as 2024-10-21/,
  },
  {
    name: 'malformed dated api-version',
    inputs: { 'api-version': '2024-1-21' },
    error: /Input 'api-version': '2024-1-21' is not supported/,
  },
  { name: 'no prompt', inputs: { prompt: '' }, error: /Input 'prompt': is required: set prompt .* or prompt-file/ },
  { name: 'whitespace-only prompt', inputs: { prompt: '   \n\t ' }, error: /Input 'prompt': is required/ },
  {
    name: 'prompt and prompt-file together',
    inputs: { 'prompt-file': emptyFile },
    error: /Input 'prompt': and prompt-file are both set: give one of them/,
  },
  {
    name: 'missing prompt-file',
    inputs: { prompt: '', 'prompt-file': 'no/such/prompt.md' },
    error: /Input 'prompt-file': file 'no\/such\/prompt\.md' does not exist/,
  },
  {
    name: 'prompt-file is a directory',
    inputs: { prompt: '', 'prompt-file': files },
    error: /Input 'prompt-file': .* is not a regular file/,
  },
  {
    name: 'empty prompt-file',
    inputs: { prompt: '', 'prompt-file': emptyFile },
    error: /Input 'prompt-file': file .* is empty or only white space/,
  },
  {
    name: 'blank prompt-file',
    inputs: { prompt: '', 'prompt-file': blankFile },
    error: /Input 'prompt-file': file .* is empty or only white space/,
  },
  { name: 'binary prompt-file', inputs: { prompt: '', 'prompt-file': binaryFile }, error: /Input 'prompt-file': file .* looks binary/ },
  {
    name: 'oversized prompt-file',
    inputs: { prompt: '', 'prompt-file': hugeFile },
    error: /Input 'prompt-file': file .* the limit is 4194304 bytes/,
  },
  {
    name: 'system-prompt and system-prompt-file together',
    inputs: { 'system-prompt': 'x', 'system-prompt-file': blankFile },
    error: /Input 'system-prompt': and system-prompt-file are both set/,
  },
  {
    name: 'missing system-prompt-file',
    inputs: { 'system-prompt-file': 'nope.md' },
    error: /Input 'system-prompt-file': file 'nope\.md' does not exist/,
  },
  { name: 'malformed client-id', inputs: { 'client-id': 'my-app' }, error: /Input 'client-id': 'my-app' is not a GUID/ },
  {
    name: 'malformed client-id from AZURE_CLIENT_ID',
    inputs: { 'client-id': '' },
    env: { AZURE_CLIENT_ID: '1234' },
    error: /Input 'client-id \(from AZURE_CLIENT_ID\)': '1234' is not a GUID/,
  },
  {
    name: 'malformed tenant-id',
    inputs: { 'tenant-id': 'not a tenant' },
    error: /Input 'tenant-id': 'not a tenant' is not a GUID or a tenant domain/,
  },
  {
    name: 'unknown auth',
    inputs: { auth: 'api-key' },
    error: /Input 'auth': 'api-key' is not one of auto, github-oidc, azure-cli, managed-identity, default-chain/,
  },
  {
    name: 'github-oidc without tenant-id',
    inputs: { auth: 'github-oidc', 'tenant-id': '' },
    error: /Input 'tenant-id': is required with auth: github-oidc/,
  },
  {
    name: 'scope without /.default',
    inputs: { scope: 'https://cognitiveservices.azure.com' },
    error: /Input 'scope': .* use a URI ending in \/\.default/,
  },
  {
    name: 'unknown reasoning-effort',
    inputs: { 'reasoning-effort': 'maximum' },
    error: /Input 'reasoning-effort': 'maximum' is not one of none, minimal, low, medium, high, xhigh/,
  },
  {
    name: 'http authority-host',
    inputs: { 'authority-host': 'http://login.example.com' },
    error: /Input 'authority-host': .* must use https/,
  },
  {
    name: 'authority-host that is not a URL',
    inputs: { 'authority-host': 'login' },
    error: /Input 'authority-host': 'login' is not a URL/,
  },
  {
    name: 'max-tokens not a number',
    inputs: { 'max-tokens': 'lots' },
    error: /Input 'max-tokens': 'lots' is not a whole number: use a whole number from 1 to 1000000/,
  },
  { name: 'max-tokens zero', inputs: { 'max-tokens': '0' }, error: /Input 'max-tokens': 0 is out of range/ },
  { name: 'fractional max-tokens', inputs: { 'max-tokens': '10.5' }, error: /Input 'max-tokens': '10\.5' is not a whole number/ },
  {
    name: 'temperature above 2',
    inputs: { temperature: '2.5' },
    error: /Input 'temperature': 2\.5 is out of range: use a number from 0 to 2/,
  },
  { name: 'negative temperature', inputs: { temperature: '-1' }, error: /Input 'temperature': -1 is out of range/ },
  { name: 'timeout zero', inputs: { timeout: '0' }, error: /Input 'timeout': 0 is out of range: use a number from 1 to 3600/ },
  { name: 'timeout with a unit', inputs: { timeout: '30s' }, error: /Input 'timeout': '30s' is not a number/ },
  {
    name: 'max-retries negative',
    inputs: { 'max-retries': '-1' },
    error: /Input 'max-retries': -1 is out of range: use a whole number from 0 to 20/,
  },
  { name: 'summary not a boolean', inputs: { summary: 'yes' }, error: /Input 'summary': 'yes' is not a boolean: use true or false/ },
  { name: 'stream not a boolean', inputs: { stream: 'on' }, error: /Input 'stream': 'on' is not a boolean: use true or false/ },
  {
    name: 'fail-on-truncation not a boolean',
    inputs: { 'fail-on-truncation': '1' },
    error: /Input 'fail-on-truncation': '1' is not a boolean: use true or false/,
  },
  {
    name: 'timeout above an hour',
    inputs: { timeout: '3601' },
    error: /Input 'timeout': 3601 is out of range: use a number from 1 to 3600/,
  },
  {
    name: 'max-retries above 20',
    inputs: { 'max-retries': '21' },
    error: /Input 'max-retries': 21 is out of range: use a whole number from 0 to 20/,
  },
  {
    name: 'max-retry-wait above 600',
    inputs: { 'max-retry-wait': '601' },
    error: /Input 'max-retry-wait': 601 is out of range: use a number from 0 to 600/,
  },
  {
    name: 'malformed tenant-id from AZURE_TENANT_ID',
    inputs: { 'tenant-id': '' },
    env: { AZURE_TENANT_ID: 'tenant one' },
    error: /Input 'tenant-id \(from AZURE_TENANT_ID\)': 'tenant one' is not a GUID or a tenant domain/,
  },
  {
    name: 'prompt-file path through a file',
    inputs: { prompt: '', 'prompt-file': `${blankFile}/prompt.md` },
    error: /Input 'prompt-file': file .* cannot be read \(ENOTDIR\)/,
  },
  {
    name: 'unreadable prompt-file',
    inputs: { prompt: '', 'prompt-file': unreadableFile },
    error: /Input 'prompt-file': file .* is not readable/,
    ...(isRoot ? { skip: 'root reads files whatever their mode' } : {}),
  },
  {
    name: 'invalid YAML in a .prompt.yml file',
    inputs: { prompt: '', 'prompt-file': badYamlPromptFile },
    error: /Input 'prompt-file': file '.*broken\.prompt\.yml', line \d+: /,
  },
  { name: 'invalid YAML in input', inputs: { input: 'title: [unclosed' }, error: /Input 'input': is not a valid YAML map, line 1: / },
  {
    name: 'invalid JSON in json-schema',
    inputs: { 'response-format': 'json-schema', 'json-schema': '{"type": "object",' },
    error: /Input 'json-schema': is not valid JSON: /,
  },
  // file reads: every file input resolves (symlinks followed) inside the workspace or RUNNER_TEMP, never under .git.
  {
    name: 'prompt-file symlinked to a file outside the workspace',
    inputs: { prompt: '', 'prompt-file': '.github/prompts/review.md' },
    workspace: { symlinks: { '.github/prompts/review.md': outsideSecret } },
    error:
      /Input 'prompt-file': file '\.github\/prompts\/review\.md' resolves to '.*\/msal_token_cache\.json', outside GITHUB_WORKSPACE \('.*'\) and RUNNER_TEMP \('.*'\)/,
  },
  {
    name: 'prompt-file symlinked to .git/config',
    inputs: { prompt: '', 'prompt-file': '.github/prompts/review.md' },
    workspace: { files: { '.git/config': gitConfig }, symlinks: { '.github/prompts/review.md': '../../.git/config' } },
    error: /Input 'prompt-file': file '\.github\/prompts\/review\.md' resolves to '.*\/workspace\/\.git\/config', inside a \.git directory/,
  },
  {
    name: 'prompt-file naming .git/config',
    inputs: { prompt: '', 'prompt-file': '.git/config' },
    workspace: { files: { '.git/config': gitConfig } },
    error: /Input 'prompt-file': file '\.git\/config' resolves to '.*\/\.git\/config', inside a \.git directory/,
  },
  {
    name: 'system-prompt-file an absolute path outside',
    inputs: { 'system-prompt-file': outsideSecret },
    error: /Input 'system-prompt-file': file '.*msal_token_cache\.json' resolves to '.*msal_token_cache\.json', outside GITHUB_WORKSPACE/,
  },
  {
    name: 'file-input escaping the workspace with ../',
    inputs: { 'file-input': 'diff: ../output' },
    error: /Input 'file-input': variable 'diff': file '\.\.\/output' resolves to '.*\/output', outside GITHUB_WORKSPACE/,
  },
  {
    name: 'json-schema-file symlinked to /proc/self/pagemap',
    inputs: { 'json-schema-file': 'schema.json' },
    workspace: { symlinks: { 'schema.json': '/proc/self/pagemap' } },
    error: /Input 'json-schema-file': file 'schema\.json' resolves to '\/proc\/\d+\/pagemap', outside GITHUB_WORKSPACE/,
  },
  {
    name: 'prompt-file a FIFO in RUNNER_TEMP',
    inputs: { prompt: '', 'prompt-file': fifo },
    error: /Input 'prompt-file': file '.*pipe\.md' is not a regular file \(it is a named pipe\)/,
  },
  {
    name: 'file-input a symlink to a big file in RUNNER_TEMP',
    inputs: { 'file-input': 'diff: big.diff' },
    workspace: { symlinks: { 'big.diff': hugeFile } },
    error:
      /Input 'file-input': variable 'diff': file 'big\.diff' \(resolving to '.*huge\.md'\) is 4194305 bytes; the limit is 4194304 bytes/,
  },
  // hosts, scopes, regexes, run time
  {
    name: 'endpoint on a foreign host',
    inputs: { endpoint: 'https://evil.example' },
    error: /Input 'endpoint': host 'evil\.example' .*allow-custom-endpoint: true/,
  },
  {
    name: 'a regional endpoint (no custom subdomain), even with allow-custom-endpoint',
    inputs: { endpoint: 'https://eastus.api.cognitive.microsoft.com/', 'allow-custom-endpoint': 'true' },
    error:
      /Input 'endpoint': 'https:\/\/eastus\.api\.cognitive\.microsoft\.com' is a regional endpoint, shared by every resource in eastus: .*custom subdomain.* az cognitiveservices account update --name NAME --resource-group GROUP --custom-domain NAME/,
  },
  {
    name: 'endpoint with a backslash before an Azure host',
    inputs: { endpoint: 'https://evil.example\\@x.openai.azure.com' },
    error: /Input 'endpoint': contains a backslash/,
  },
  {
    name: 'endpoint on an Azure look-alike host',
    inputs: { endpoint: 'https://x.openai.azure.com.evil.example' },
    error: /Input 'endpoint': host 'x\.openai\.azure\.com\.evil\.example' .*allow-custom-endpoint/,
  },
  {
    name: 'endpoint on the metadata address',
    inputs: { endpoint: 'https://169.254.169.254' },
    error: /Input 'endpoint': host '169\.254\.169\.254' .*allow-custom-endpoint/,
  },
  {
    name: 'foreign endpoint from AZURE_OPENAI_ENDPOINT',
    inputs: { endpoint: '' },
    env: { AZURE_OPENAI_ENDPOINT: 'https://evil.example' },
    error: /Input 'endpoint \(from AZURE_OPENAI_ENDPOINT\)': host 'evil\.example' .*allow-custom-endpoint/,
  },
  {
    name: 'authority-host with userinfo',
    inputs: { 'authority-host': 'https://login.microsoftonline.com@evil.example' },
    error: /Input 'authority-host': .*must be an https origin/,
  },
  {
    name: 'authority-host on a foreign host',
    inputs: { 'authority-host': 'https://evil.example' },
    error: /Input 'authority-host': host 'evil\.example' is not a Microsoft Entra login host.*allow-custom-endpoint/,
  },
  {
    name: 'ARM scope',
    inputs: { scope: 'https://management.azure.com/.default' },
    error: /Input 'scope': .* is not a Cognitive Services \/ Azure AI scope.*allow-custom-endpoint/,
  },
  { name: 'expect with an unknown flag', inputs: { expect: '/ready/x' }, error: /Input 'expect': .*flag 'x' is not supported/ },
  { name: 'expect with a backreference', inputs: { expect: '(a)\\1' }, error: /Input 'expect': .*no backreferences or lookaround/ },
  {
    name: 'schema pattern with lookahead',
    inputs: { 'response-format': 'json-schema', 'json-schema': '{"type": "string", "pattern": "^(?=a)"}' },
    error: /Input 'json-schema': .*pattern '\^\(\?=a\)' is not supported/,
  },
  {
    name: 'run bound past 5 hours',
    inputs: { timeout: '3600', 'max-retries': '10' },
    error: /Input 'timeout, max-retries': together they allow the call to run \d+ s .*6-hour job limit/,
  },
];

useEmulator();

describe('bad inputs fail before any network call', () => {
  test('the table has at least 30 cases', () => {
    assert.ok(CASES.length >= 30);
  });
  for (const c of CASES) {
    test(c.name, c.skip ? { skip: c.skip } : {}, async () => {
      emulator.reset();
      const result = await runAction(emulator, {
        ...c.workspace,
        inputs: { ...baseInputs(emulator), ...c.inputs },
        env: { RUNNER_TEMP: files, ...c.env },
      });
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.equal(result.errors.length, 1, result.stdout);
      assert.match(result.errors[0]!, c.error);
      assert.deepEqual(result.outputs, {});
      assert.deepEqual(
        emulator.requests.map((r) => `${r.service} ${r.path}`),
        [],
        'the emulator received no request',
      );
    });
  }
});
