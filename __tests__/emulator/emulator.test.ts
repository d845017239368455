/**
 * The emulator, proved with the real clients: @actions/core (GitHub OIDC), @azure/identity
 * (ClientAssertionCredential against Entra, ManagedIdentityCredential against IMDS,
 * AzureCliCredential spawning the fake az, DefaultAzureCredential) and the openai package.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, beforeEach, describe, mock, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import { AzureCliCredential, ClientAssertionCredential, DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import OpenAI, { AzureOpenAI } from 'openai';
import { startEmulator } from '../../emulator/index.ts';
import type { Emulator } from '../../emulator/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath; // Node 24 (the test runs on it)
const SCOPE = 'https://cognitiveservices.azure.com/.default';
const FEDERATION = 'api://AzureADTokenExchange';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let em: Emulator;
let ca: string;
const savedEnv = { ...process.env };

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function nowS(): number {
  return Math.floor(Date.now() / 1000);
}

// @actions/core prints ::add-mask:: on stdout; keep the test output clean.
async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const write = mock.method(process.stdout, 'write', () => true);
  try {
    return await f();
  } finally {
    write.mock.restore();
  }
}

async function githubAssertion(): Promise<string> {
  const r = await fetch(`${em.env().ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(FEDERATION)}`, {
    headers: { authorization: `Bearer ${em.config.github.requestToken}` },
  });
  return ((await r.json()) as { value: string }).value;
}

function assertionCredential(opts: { tenant?: string; clientId?: string; getAssertion?: () => Promise<string> } = {}) {
  return new ClientAssertionCredential(
    opts.tenant ?? em.config.tenantId,
    opts.clientId ?? em.config.apps[0]!.clientId,
    opts.getAssertion ?? githubAssertion,
    // NODE_EXTRA_CA_CERTS is read at process start only: in-process, hand the CA to the pipeline.
    { authorityHost: em.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca } },
  );
}

// Raw https POST to Entra, to look at the exact error body.
function entraPost(path: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const data = new URLSearchParams(form).toString();
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${em.authorityHost}${path}`,
      { method: 'POST', ca, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function runAz(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Windows runs a .cmd only through cmd.exe (shell: true); the arguments here need no quoting.
    const windows = process.platform === 'win32';
    const az = join(em.azBinDir, windows ? 'az.cmd' : 'az');
    execFile(az, args, { env: { ...process.env }, timeout: 10_000, shell: windows }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function openai(opts: { token?: string; maxRetries?: number } = {}): OpenAI {
  const token = opts.token ?? em.mintAccessToken();
  return new OpenAI({ baseURL: `${em.httpUrl}/openai/v1`, apiKey: async () => token, maxRetries: opts.maxRetries ?? 0 });
}

const hello = [{ role: 'user' as const, content: 'Say hello to the emulator.' }];

before(async () => {
  em = await startEmulator();
  ca = readFileSync(em.caCertPath, 'utf8');
  // Read by @azure/identity / MSAL when a credential runs, and inherited by the az it spawns.
  process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = em.httpUrl;
  process.env.AZURE_CONFIG_DIR = em.azureConfigDir;
  process.env.ACTIONS_ID_TOKEN_REQUEST_URL = em.env().ACTIONS_ID_TOKEN_REQUEST_URL;
  process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = em.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  process.env.PATH = [em.azBinDir, dirname(NODE), savedEnv.PATH ?? ''].join(delimiter);
  for (const k of [
    'AZURE_CLIENT_ID',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_FEDERATED_TOKEN_FILE',
    'IDENTITY_ENDPOINT',
    'MSI_ENDPOINT',
    'AZURE_TOKEN_CREDENTIALS',
  ]) {
    delete process.env[k];
  }
});

after(async () => {
  await em.stop();
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

beforeEach(() => em.reset());

describe('GitHub OIDC', () => {
  test('@actions/core getIDToken gets a JWT signed by the JWKS key with the configured claims', async () => {
    const jwt = await quietly(() => core.getIDToken(FEDERATION));
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string; alg: string };
    const jwks = (await (await fetch(`${em.httpUrl}/github/oidc/.well-known/jwks`)).json()) as { keys: Array<Record<string, string>> };
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, 'kid is in the JWKS');
    assert.equal(header.alg, 'RS256');
    assert.ok(cryptoVerify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')));
    const c = claimsOf(jwt);
    assert.equal(c.iss, 'https://token.actions.githubusercontent.com');
    assert.equal(c.aud, FEDERATION);
    assert.equal(c.sub, 'repo:octo-org/octo-repo:ref:refs/heads/main');
    assert.equal(c.repository, 'octo-org/octo-repo');
    assert.equal(c.job_workflow_ref, 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main');
    assert.equal((c.exp as number) - (c.iat as number), 300);
    assert.match(String(c.jti), UUID);
    const [rec] = em.requests;
    assert.equal(rec?.service, 'github-oidc');
    assert.equal(rec?.query['api-version'], '2.0');
    assert.equal(rec?.query.audience, FEDERATION);
    assert.equal(rec?.headers.authorization, `Bearer ${em.config.github.requestToken}`);
  });

  test('needs the request token; count is the length of value', async () => {
    const bad = await fetch(`${em.env().ACTIONS_ID_TOKEN_REQUEST_URL}&audience=x`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(bad.status, 401);
    const ok = (await (
      await fetch(`${em.env().ACTIONS_ID_TOKEN_REQUEST_URL}`, { headers: { authorization: `Bearer ${em.config.github.requestToken}` } })
    ).json()) as { count: number; value: string };
    assert.equal(ok.count, ok.value.length);
    assert.equal(claimsOf(ok.value).aud, 'https://github.com/octo-org', 'GitHub default audience');
  });
});

describe('Entra ID with ClientAssertionCredential', () => {
  test('federates the GitHub ID token into an access token for the scope', async () => {
    const t = await assertionCredential().getToken(SCOPE);
    const c = claimsOf(t.token);
    const app = em.config.apps[0]!;
    assert.equal(c.aud, 'https://cognitiveservices.azure.com');
    assert.equal(c.iss, `https://sts.windows.net/${em.config.tenantId}/`);
    assert.equal(c.tid, em.config.tenantId);
    assert.equal(c.oid, app.objectId);
    assert.equal(c.appid, app.clientId);
    assert.equal(c.azp, app.clientId);
    assert.equal(c.idtyp, 'app');
    assert.equal((c.exp as number) - (c.iat as number), 3600);
    assert.ok(Math.abs(t.expiresOnTimestamp - Date.now() - 3599_000) < 5_000);
    const entra = em.requests.filter((r) => r.service === 'entra');
    assert.deepEqual(
      entra.map((r) => `${r.method} ${r.path}`),
      [`GET /${em.config.tenantId}/v2.0/.well-known/openid-configuration`, `POST /${em.config.tenantId}/oauth2/v2.0/token`],
    );
    const form = entra[1]!.body as Record<string, string>;
    assert.equal(form.grant_type, 'client_credentials');
    assert.equal(form.client_id, app.clientId);
    assert.equal(form.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(claimsOf(form.client_assertion!).sub, 'repo:octo-org/octo-repo:ref:refs/heads/main');
    assert.ok(form.scope?.split(' ').includes(SCOPE));
    // MSAL evaluates the assertion callback twice per acquisition (request + config).
    assert.equal(em.count('github-oidc'), 2);
  });

  test('subject compared case-sensitively: a case-only difference is AADSTS7002138, another subject AADSTS700213 (as recorded)', async () => {
    em.config.apps[0]!.federatedCredentials[0]!.subject = 'repo:Octo-Org/octo-repo:ref:refs/heads/main';
    await assert.rejects(assertionCredential().getToken(SCOPE), (e: Error) => {
      assert.equal(e.name, 'AuthenticationRequiredError'); // @azure/identity's class for MSAL server errors here
      assert.match(
        e.message,
        /AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:octo-org\/octo-repo:ref:refs\/heads\/main'\. The subject matches with case-insensitive comparison, but not with case-sensitive comparison\./,
      );
      return true;
    });
    em.config.apps[0]!.federatedCredentials[0]!.subject = 'repo:octo-org/octo-repo:environment:production';
    await assert.rejects(
      assertionCredential().getToken(SCOPE),
      /AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:octo-org\/octo-repo:ref:refs\/heads\/main'\./,
    );
  });

  test('expired assertion: AADSTS700024; unknown app: AADSTS700016; injected: AADSTS53003', async () => {
    const expired = async () => em.mintGithubIdToken({ iat: nowS() - 900, nbf: nowS() - 900, exp: nowS() - 600 });
    await assert.rejects(
      assertionCredential({ getAssertion: expired }).getToken(SCOPE),
      /invalid_client.*AADSTS700024: Client assertion is not within its valid time range\./s,
    );
    await assert.rejects(
      assertionCredential({ clientId: '99999999-9999-4999-8999-999999999999' }).getToken(SCOPE),
      /unauthorized_client.*AADSTS700016: Application with identifier '99999999-9999-4999-8999-999999999999' was not found in the directory 'Octo Org'/s,
    );
    em.injectFaults('entra', [{ kind: 'aadsts', code: 53003 }]);
    await assert.rejects(assertionCredential().getToken(SCOPE), /AADSTS53003/);
  });

  test('error bodies have the AADSTS shape; unknown tenant fails discovery with 90002', async () => {
    const r = await entraPost(`/${em.config.tenantId}/oauth2/v2.0/token`, {
      grant_type: 'client_credentials',
      client_id: em.config.apps[0]!.clientId,
      scope: SCOPE,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: em.mintGithubIdToken({ exp: nowS() - 1 }),
    });
    // invalid_client refusals are 401, as recorded (microsoft/Agents#202); the common docs show 400.
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.deepEqual(r.body.error_codes, [700024]);
    assert.match(
      String(r.body.error_description),
      /^AADSTS700024: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    assert.equal(r.body.trace_id && r.body.correlation_id && r.body.timestamp ? 'ok' : 'missing', 'ok');
    assert.equal(r.body.error_uri, 'https://login.microsoftonline.com/error?code=700024');

    const unknown = '88888888-8888-4888-8888-888888888888';
    const t = await entraPost(`/${unknown}/oauth2/v2.0/token`, { grant_type: 'client_credentials' });
    assert.equal(t.body.error, 'invalid_request');
    assert.deepEqual(t.body.error_codes, [90002]);
    // MSAL only sees discovery fail and hides the body behind endpoints_resolution_error.
    await assert.rejects(assertionCredential({ tenant: unknown }).getToken(SCOPE), (e: Error) => {
      assert.equal(e.name, 'CredentialUnavailableError');
      assert.match(e.message, /endpoints_resolution_error/);
      return true;
    });
    const disc = em.requests.find((x) => x.path === `/${unknown}/v2.0/.well-known/openid-configuration`);
    assert.equal(disc?.status, 400);
  });

  test('a fresh process with env(): NODE_EXTRA_CA_CERTS trusted; IMDS host with a trailing slash', async () => {
    // MSAL reads NODE_EXTRA_CA_CERTS at start and fixes the IMDS endpoint once per process, so
    // both are proved in a child with the environment a run of the action gets.
    em.config.managedIdentities.systemAssigned = {
      clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f',
      objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b',
    };
    const script = `
      import { ClientAssertionCredential, ManagedIdentityCredential } from '@azure/identity';
      const claims = (t) => JSON.parse(Buffer.from(t.token.split('.')[1], 'base64url'));
      const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL + '&audience=api://AzureADTokenExchange';
      const getAssertion = async () => (await (await fetch(url, { headers: { authorization: 'Bearer ' + process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN } })).json()).value;
      const cred = new ClientAssertionCredential(process.argv[1], process.argv[2], getAssertion, { authorityHost: process.env.AZURE_AUTHORITY_HOST, disableInstanceDiscovery: true });
      const fic = claims(await cred.getToken('${SCOPE}'));
      const mi = claims(await new ManagedIdentityCredential().getToken('${SCOPE}'));
      console.log(JSON.stringify({ fic, mi }));
    `;
    const env = { ...savedEnv, ...em.env(), AZURE_POD_IDENTITY_AUTHORITY_HOST: `${em.httpUrl}/` };
    const out = await new Promise<string>((resolve, reject) => {
      execFile(
        NODE,
        ['--input-type=module', '-e', script, em.config.tenantId, em.config.apps[0]!.clientId],
        { cwd: ROOT, env, timeout: 10_000 },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
    const { fic, mi } = JSON.parse(out.trim()) as Record<string, Record<string, unknown>>;
    assert.equal(fic?.oid, em.config.apps[0]!.objectId);
    assert.equal(fic?.aud, 'https://cognitiveservices.azure.com');
    assert.equal(mi?.oid, '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b');
    assert.equal(em.requests.filter((r) => r.service === 'entra' && r.method === 'POST').length, 1);
    assert.equal(em.requests.find((r) => r.service === 'imds')?.path, '//metadata/identity/oauth2/token/');
  });
});

describe('IMDS with ManagedIdentityCredential', () => {
  // MSAL caches managed identity tokens process-wide (a static store shared by every
  // ManagedIdentityCredential), so each test asks for its own resource.
  test('availability probe and a missing Metadata header get a quick 400', async () => {
    const probe = await fetch(`${em.httpUrl}/metadata/identity/oauth2/token`);
    assert.equal(probe.status, 400);
    assert.deepEqual(await probe.json(), { error: 'invalid_request', error_description: 'Required metadata header not specified' });
    const none = await fetch(`${em.httpUrl}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://x`, {
      headers: { Metadata: 'true' },
    });
    assert.deepEqual(await none.json(), { error: 'invalid_request', error_description: 'Identity not found' });
  });

  test('system-assigned identity', async () => {
    em.config.managedIdentities.systemAssigned = {
      clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f',
      objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b',
    };
    const t = await new ManagedIdentityCredential().getToken('https://mi-system.example/.default');
    const c = claimsOf(t.token);
    assert.equal(c.oid, '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b');
    assert.equal(c.appid, '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f');
    assert.equal(c.aud, 'https://mi-system.example');
    assert.match(String(c.xms_mirid), /^\/subscriptions\/.*\/providers\/Microsoft\.Compute\/virtualMachines\//);
    assert.ok(Math.abs(t.expiresOnTimestamp - Date.now() - 86_399_000) < 5_000);
    const [rec] = em.requests.filter((r) => r.service === 'imds');
    // MSAL appends the path to the variable and normalises the URL with a trailing slash.
    assert.equal(rec?.path, '/metadata/identity/oauth2/token/');
    assert.deepEqual(rec?.query, { 'api-version': '2018-02-01', resource: 'https://mi-system.example' });
    assert.equal(rec?.headers.metadata, 'true');
  });

  test('user-assigned identity by client id; unknown client id is "Identity not found"', async () => {
    const uami = { clientId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', objectId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a' };
    em.config.managedIdentities.userAssigned.push(uami);
    const t = await new ManagedIdentityCredential({ clientId: uami.clientId }).getToken('https://mi-user.example/.default');
    assert.equal(claimsOf(t.token).oid, uami.objectId);
    assert.match(String(claimsOf(t.token).xms_mirid), /userAssignedIdentities/);
    await assert.rejects(
      new ManagedIdentityCredential({ clientId: '00000000-1111-4222-8333-444444444444' }).getToken('https://mi-user.example/.default'),
      (e: Error) => {
        assert.equal(e.name, 'CredentialUnavailableError');
        assert.match(e.message, /Identity not found/);
        return true;
      },
    );
    assert.equal(em.requests.filter((r) => r.service === 'imds').at(-1)?.query.client_id, '00000000-1111-4222-8333-444444444444');
  });
});

describe('fake az with AzureCliCredential', () => {
  test('not logged in: the CLI message, exit 1, CredentialUnavailableError, no request', async () => {
    const r = await runAz(['account', 'get-access-token', '--output', 'json', '--resource', 'https://cognitiveservices.azure.com']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "ERROR: Please run 'az login' to setup account.\n");
    await assert.rejects(new AzureCliCredential().getToken(SCOPE), (e: Error) => {
      assert.equal(e.name, 'CredentialUnavailableError');
      assert.match(e.message, /Please run 'az login' from a command prompt/);
      return true;
    });
    assert.equal(em.count('az'), 0);
  });

  test('logged in: one az request per spawn, the CLI JSON, the session principal', async () => {
    em.azLogin();
    const r = await runAz(['account', 'get-access-token', '--output', 'json', '--resource', 'https://cognitiveservices.azure.com']);
    assert.equal(r.code, 0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(out), ['accessToken', 'expiresOn', 'expires_on', 'subscription', 'tenant', 'tokenType']);
    assert.match(String(out.expiresOn), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal(typeof out.expires_on, 'number');
    assert.equal(out.subscription, em.config.azSession.subscriptionId);
    assert.equal(out.tokenType, 'Bearer');

    const t = await new AzureCliCredential({ tenantId: em.config.tenantId }).getToken(SCOPE);
    const c = claimsOf(t.token);
    assert.equal(c.oid, em.config.apps[0]!.objectId);
    assert.equal(c.appid, em.config.apps[0]!.clientId);
    assert.equal(c.aud, 'https://cognitiveservices.azure.com');
    assert.equal(t.expiresOnTimestamp, (c.exp as number) * 1000);
    assert.equal(em.count('az'), 2);
    const body = em.requests.at(-1)?.body as { resource: string; tenant: string };
    assert.equal(body.resource, 'https://cognitiveservices.azure.com');
    assert.equal(body.tenant, em.config.tenantId);
  });

  test("expired session: ERROR: AADSTS700024 on stderr with the CLI's recommendation, which AzureCliCredential rewords", async () => {
    em.azLogin({ expired: true });
    const r = await runAz(['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com']);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /^ERROR: AADSTS700024: Client assertion is not within its valid time range\. .*Trace ID: .*Timestamp: .*Z\nInteractive authentication is needed\. Please run:\naz login\n$/,
    );
    // The library hides Entra's words behind its own whenever the output mentions az login: why the action runs az itself.
    await assert.rejects(new AzureCliCredential().getToken(SCOPE), (e: Error) => {
      assert.equal(e.name, 'CredentialUnavailableError');
      assert.match(e.message, /^Please run 'az login' from a command prompt/);
      assert.doesNotMatch(e.message, /AADSTS700024/);
      return true;
    });
    assert.equal(em.count('az'), 2);
  });

  test('DefaultAzureCredential: IMDS "Identity not found" is skipped, the az session answers', async () => {
    em.azLogin();
    const t = await new DefaultAzureCredential().getToken(SCOPE);
    assert.equal(claimsOf(t.token).oid, em.config.apps[0]!.objectId);
    const imds = em.requests.filter((r) => r.service === 'imds');
    assert.equal(imds.length, 1);
    assert.equal(imds[0]?.status, 400);
    assert.equal(em.count('az'), 1);
  });
});

describe('Azure OpenAI with the openai package', () => {
  test('v1 chat completion: Azure body and headers', async () => {
    const { data, response } = await openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }).withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, 'gpt-5.1-2025-11-13');
    assert.match(data.id, /^chatcmpl-/);
    const choice = data.choices[0]!;
    assert.equal(choice.message.content, 'Emulated answer to: "Say hello to the emulator."');
    assert.equal(choice.message.refusal, null);
    assert.equal(choice.finish_reason, 'stop');
    assert.deepEqual((choice as unknown as { content_filter_results: { hate: unknown } }).content_filter_results.hate, {
      filtered: false,
      severity: 'safe',
    });
    assert.equal((data as unknown as { prompt_filter_results: unknown[] }).prompt_filter_results.length, 1);
    // ceil(chars / 4): 26-char prompt, 48-char answer.
    assert.deepEqual([data.usage?.prompt_tokens, data.usage?.completion_tokens, data.usage?.total_tokens], [7, 12, 19]);
    assert.match(response.headers.get('apim-request-id') ?? '', UUID);
    assert.match(response.headers.get('x-request-id') ?? '', UUID);
    assert.ok(Number(response.headers.get('x-ratelimit-remaining-requests')) > 0);
    assert.ok(Number(response.headers.get('x-ratelimit-remaining-tokens')) > 0);
    const second = await openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }).withResponse();
    assert.notEqual(second.response.headers.get('x-request-id'), response.headers.get('x-request-id'));
    const [rec] = em.requests;
    assert.equal(rec?.path, '/openai/v1/chat/completions');
    assert.match(String(rec?.headers.authorization), /^Bearer ey/);
    assert.equal((rec?.body as { model: string }).model, 'gpt-5.1');
  });

  test('streaming: prompt annotations first, content, finish, filter offsets, usage, [DONE]', async () => {
    const stream = await openai().chat.completions.create({
      model: 'gpt-5.1',
      messages: hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: Array<Record<string, unknown>> = [];
    for await (const c of stream) chunks.push(c as unknown as Record<string, unknown>);
    interface Choice {
      delta?: { content?: string };
      finish_reason: string | null;
      content_filter_offsets?: unknown;
    }
    const choices = (c: Record<string, unknown>) => c.choices as Choice[];
    assert.deepEqual(choices(chunks[0]!), []);
    assert.ok(chunks[0]!.prompt_filter_results);
    const text = chunks
      .flatMap((c) => choices(c))
      .map((c) => c.delta?.content ?? '')
      .join('');
    assert.equal(text, 'Emulated answer to: "Say hello to the emulator."');
    const finishIdx = chunks.findIndex((c) => choices(c)[0]?.finish_reason === 'stop');
    assert.ok(finishIdx > 1);
    // Synchronous filtering by default: no annotation-only chunk after the finish (the asynchronous shape is a fault).
    assert.ok(
      chunks.every((c) => !choices(c).some((choice) => choice.content_filter_offsets)),
      'no trailing annotation',
    );
    const last = chunks.at(-1)!;
    assert.deepEqual(choices(last), []);
    assert.equal((last.usage as { total_tokens: number }).total_tokens, 19);
  });

  test('AzureOpenAI on the dated route; unknown api-version and routes are "Resource not found"', async () => {
    const token = em.mintAccessToken();
    const az = new AzureOpenAI({ endpoint: em.httpUrl, apiVersion: '2024-10-21', azureADTokenProvider: async () => token, maxRetries: 0 });
    const r = await az.chat.completions.create({ model: 'gpt-5.1', messages: hello, max_completion_tokens: 3 });
    assert.equal(r.choices[0]?.finish_reason, 'length');
    assert.equal(r.choices[0]?.message.content, 'Emulated ans');
    const rec = em.requests.at(-1)!;
    assert.equal(rec.path, '/openai/deployments/gpt-5.1/chat/completions');
    assert.equal(rec.query['api-version'], '2024-10-21');
    const bad = new AzureOpenAI({ endpoint: em.httpUrl, apiVersion: 'latest', azureADTokenProvider: async () => token, maxRetries: 0 });
    await assert.rejects(
      bad.chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.NotFoundError>) => {
        assert.equal(e.status, 404);
        assert.deepEqual(e.error, { code: '404', message: 'Resource not found' });
        return true;
      },
    );
    const other = await fetch(`${em.httpUrl}/openai/v1/embeddings`, { method: 'POST' });
    assert.equal(other.status, 404);
    assert.deepEqual(await other.json(), { error: { code: '404', message: 'Resource not found' } });
  });

  test('401 for a wrong audience or expired token (statusCode body, which openai reports as "no body")', async () => {
    const wrongAud = em.mintAccessToken({ aud: 'https://management.azure.com' });
    await assert.rejects(
      openai({ token: wrongAud }).chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.AuthenticationError>) => {
        assert.equal(e.status, 401);
        assert.equal(e.message, '401 status code (no body)');
        return true;
      },
    );
    const raw = await fetch(`${em.httpUrl}/openai/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.mintAccessToken({ exp: nowS() - 5 })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.1', messages: hello }),
    });
    assert.equal(raw.status, 401);
    assert.deepEqual(await raw.json(), {
      statusCode: 401,
      message:
        'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
    });
  });

  test('PermissionDenied, DeploymentNotFound, AuthenticationTypeDisabled, unsupported parameter', async () => {
    em.config.openai.roleAssignments = [];
    const oid = em.config.apps[0]!.objectId;
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(e.status, 401);
        assert.equal(e.code, 'PermissionDenied');
        assert.equal(
          (e.error as { message: string }).message,
          `The principal \`${oid}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`,
        );
        return true;
      },
    );
    em.reset();
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5-typo', messages: hello }),
      (e: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(e.status, 404);
        assert.equal(e.code, 'DeploymentNotFound');
        return true;
      },
    );
    const keyed = new AzureOpenAI({ endpoint: em.httpUrl, apiVersion: '2024-10-21', apiKey: 'abc', maxRetries: 0 });
    await assert.rejects(
      keyed.chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(e.status, 401);
        assert.equal(e.code, 'AuthenticationTypeDisabled');
        return true;
      },
    );
    em.config.openai.deployments['gpt-5.1']!.rejectsParam = 'max_tokens';
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello, max_tokens: 50 }),
      (e: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(e.status, 400);
        assert.deepEqual(e.error, {
          message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
          type: 'invalid_request_error',
          param: 'max_tokens',
          code: 'unsupported_parameter',
        });
        return true;
      },
    );
    em.config.openai.deployments['gpt-5.1']!.rejectsParam = 'max_completion_tokens';
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello, max_completion_tokens: 50 }),
      /Unsupported parameter: 'max_completion_tokens' is not supported with this model\. Use 'max_tokens' instead\./,
    );
  });

  test('429 with retry-after-ms: RateLimitError, then the SDK retry succeeds', async () => {
    em.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 50 }]);
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.RateLimitError>) => {
        assert.equal(e.status, 429);
        assert.equal(e.code, '429');
        assert.match(e.message, /Please retry after 1 second\./);
        assert.equal(e.headers.get('retry-after-ms'), '50');
        assert.equal(e.headers.get('retry-after'), '1');
        return true;
      },
    );
    em.injectFaults('openai', [{ kind: 'status', status: 429, retryAfterMs: 50 }]);
    const started = Date.now();
    const r = await openai({ maxRetries: 1 }).chat.completions.create({ model: 'gpt-5.1', messages: hello });
    assert.equal(r.choices[0]?.finish_reason, 'stop');
    assert.ok(Date.now() - started >= 45);
    assert.equal(em.count('openai'), 3);
  });

  test('content filter: blocked prompt (400) and filtered completion (200)', async () => {
    em.injectFaults('openai', [{ kind: 'content-filter-prompt' }, { kind: 'content-filter-completion' }]);
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.BadRequestError>) => {
        assert.equal(e.status, 400);
        assert.equal(e.code, 'content_filter');
        assert.equal(e.param, 'prompt');
        const inner = (e.error as { innererror: { code: string; content_filter_result: Record<string, unknown> } }).innererror;
        assert.equal(inner.code, 'ResponsibleAIPolicyViolation');
        assert.deepEqual(inner.content_filter_result.jailbreak, { filtered: true, detected: true });
        assert.deepEqual(inner.content_filter_result.violence, { filtered: true, severity: 'medium' });
        return true;
      },
    );
    const r = await openai().chat.completions.create({ model: 'gpt-5.1', messages: hello });
    assert.equal(r.choices[0]?.finish_reason, 'content_filter');
    assert.ok((r.choices[0]?.message.content ?? '').length < 'Emulated answer to: "Say hello to the emulator."'.length);
  });

  test('transport faults as the SDK sees them', async () => {
    const c = openai();
    const ask = () => c.chat.completions.create({ model: 'gpt-5.1', messages: hello });
    em.injectFaults('openai', [{ kind: 'reset' }, { kind: 'reset-mid-body' }, { kind: 'garbage' }, { kind: 'no-choices' }]);
    await assert.rejects(ask(), (e: Error) => e instanceof OpenAI.APIConnectionError);
    await assert.rejects(ask(), (e: Error) => e.name === 'TypeError' && e.message === 'terminated'); // not an APIError
    const html: unknown = await ask(); // HTML comes back as a string, no error
    assert.ok(typeof html === 'string');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.deepEqual((await ask()).choices, []);

    em.injectFaults('openai', [{ kind: 'cut-stream', afterChunks: 3 }]);
    const cut = await c.chat.completions.create({ model: 'gpt-5.1', messages: hello, stream: true });
    await assert.rejects(
      (async () => {
        for await (const _ of cut) {
          /* drain */
        }
      })(),
      /terminated/,
    );

    // A stalled stream never ends by itself (the SDK timeout does not cover the body); aborting
    // ends the iteration silently, with no finish_reason seen.
    em.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 3 }]);
    const ac = new AbortController();
    const stalled = await c.chat.completions.create({ model: 'gpt-5.1', messages: hello, stream: true }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 150);
    let n = 0;
    for await (const _ of stalled) n++;
    assert.equal(n, 3);

    em.config.openai.deployments['gpt-5.1']!.faults = [{ kind: 'delay', ms: 60 }];
    const t0 = Date.now();
    await ask();
    assert.ok(Date.now() - t0 >= 55, 'deployment fault delays every request');
  });
});

describe('token audiences: Entra and az follow the scope, a deployment may want one audience', () => {
  const AI_SCOPE = 'https://ai.azure.com/.default';

  async function chatStatus(token: string, deployment: string, route: 'v1' | 'dated'): Promise<{ status: number; body: unknown }> {
    const url =
      route === 'v1'
        ? `${em.httpUrl}/openai/v1/chat/completions`
        : `${em.httpUrl}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`;
    const r = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: deployment, messages: hello }),
    });
    return { status: r.status, body: await r.json() };
  }

  test("Entra mints a token whose aud is the scope's resource", async () => {
    const t = await quietly(() => assertionCredential().getToken(AI_SCOPE));
    assert.equal(claimsOf(t.token).aud, 'https://ai.azure.com');
    const form = em.requests.find((r) => r.service === 'entra' && r.method === 'POST')?.body as Record<string, string>;
    assert.ok(form.scope?.split(' ').includes(AI_SCOPE));
  });

  test('the fake az honours --resource (as AzureCliCredential sends it) and --scope', async () => {
    em.azLogin();
    const t = await new AzureCliCredential().getToken(AI_SCOPE);
    assert.equal(claimsOf(t.token).aud, 'https://ai.azure.com');
    const r = await runAz(['account', 'get-access-token', '--output', 'json', '--scope', 'https://cognitiveservices.azure.com/.default']);
    assert.equal(r.code, 0);
    assert.equal(claimsOf((JSON.parse(r.stdout) as { accessToken: string }).accessToken).aud, 'https://cognitiveservices.azure.com');
  });

  test("a deployment with audiences accepts only those, answering Azure's 401 body to the others, on both routes", async () => {
    em.config.openai.deployments['wants-ai'] = { model: 'DeepSeek-V3-0324', audiences: ['https://ai.azure.com'] };
    em.config.openai.deployments['wants-cognitive'] = {
      model: 'gpt-5.1-2025-11-13',
      audiences: ['https://cognitiveservices.azure.com'],
    };
    const cognitive = em.mintAccessToken();
    const ai = em.mintAccessToken({ aud: 'https://ai.azure.com' });
    const azure401 = {
      statusCode: 401,
      message:
        'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.',
    };
    for (const route of ['v1', 'dated'] as const) {
      assert.deepEqual(await chatStatus(cognitive, 'wants-ai', route), { status: 401, body: azure401 }, route);
      assert.equal((await chatStatus(ai, 'wants-ai', route)).status, 200, route);
      assert.equal((await chatStatus(cognitive, 'wants-cognitive', route)).status, 200, route);
      assert.deepEqual(await chatStatus(ai, 'wants-cognitive', route), { status: 401, body: azure401 }, route);
      // Without audiences, the resource's: the default deployment refuses the ai.azure.com token.
      assert.equal((await chatStatus(ai, 'gpt-5.1', route)).status, 401, route);
    }
  });
});

describe('one port as two resources: a deployment served on some host names only', () => {
  async function chat(origin: string, deployment: string, route: 'v1' | 'dated'): Promise<{ status: number; code: unknown }> {
    const url =
      route === 'v1'
        ? `${origin}/openai/v1/chat/completions`
        : `${origin}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`;
    const r = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${em.mintAccessToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: deployment, messages: hello }),
    });
    const body = (await r.json()) as { error?: { code?: unknown } };
    return { status: r.status, code: body.error?.code };
  }

  test("hosts: ['localhost'] answers on localhost and 404 DeploymentNotFound on 127.0.0.1; deploymentCalls counts by name and host", async () => {
    em.config.openai.deployments['second-resource'] = { model: 'gpt-5.1-2025-11-13', hosts: ['localhost'] };
    const localhost = `http://localhost:${new URL(em.httpUrl).port}`;
    for (const route of ['v1', 'dated'] as const) {
      assert.deepEqual(await chat(em.httpUrl, 'second-resource', route), { status: 404, code: 'DeploymentNotFound' }, route);
      assert.equal((await chat(localhost, 'second-resource', route)).status, 200, route);
      assert.equal((await chat(localhost, 'gpt-5.1', route)).status, 200, 'a deployment without hosts is served on every host');
    }
    assert.equal(em.deploymentCalls('second-resource'), 4);
    assert.equal(em.deploymentCalls('second-resource', 'localhost'), 2);
    assert.equal(em.deploymentCalls('second-resource', '127.0.0.1'), 2);
    assert.equal(em.deploymentCalls('gpt-5.1', 'localhost'), 2);
    assert.equal(em.deploymentCalls('gpt-5.1', '127.0.0.1'), 0);
  });
});

describe('control API and lifecycle', () => {
  test('health, faults, requests?service=, reset', async () => {
    const health = (await (await fetch(`${em.httpUrl}/_emulator/health`)).json()) as { status: string; authorityHost: string };
    assert.equal(health.status, 'ok');
    assert.equal(health.authorityHost, em.authorityHost);
    const q = await fetch(`${em.httpUrl}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'openai', faults: [{ kind: 'status', status: 503 }] }),
    });
    assert.equal(q.status, 200);
    await assert.rejects(
      openai().chat.completions.create({ model: 'gpt-5.1', messages: hello }),
      (e: InstanceType<typeof OpenAI.APIError>) => e.status === 503 && e.code === 'ServiceUnavailable',
    );
    const bad = await fetch(`${em.httpUrl}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ service: 'openai', faults: [{ kind: 'nope' }] }),
    });
    assert.equal(bad.status, 400);
    const list = (await (await fetch(`${em.httpUrl}/_emulator/requests?service=openai`)).json()) as Array<{ status: number }>;
    assert.deepEqual(
      list.map((r) => r.status),
      [503],
    );
    await fetch(`${em.httpUrl}/_emulator/reset`, { method: 'POST' });
    assert.equal(em.count('openai'), 0);
  });

  test('stop() ends delays and stalls at once and closes every socket', async () => {
    const other = await startEmulator();
    try {
      const c = new OpenAI({ baseURL: `${other.httpUrl}/openai/v1`, apiKey: async () => other.mintAccessToken(), maxRetries: 0 });
      other.injectFaults('openai', [
        { kind: 'delay', ms: 60_000 },
        { kind: 'stall-stream', afterChunks: 2 },
      ]);
      const delayed = c.chat.completions.create({ model: 'gpt-5.1', messages: hello }).then(
        () => 'answered',
        (e: unknown) => (e instanceof Error ? e.constructor.name : 'not an Error'),
      );
      const stalled = c.chat.completions
        .create({ model: 'gpt-5.1', messages: hello, stream: true })
        .then(async (s) => {
          for await (const _ of s) {
            /* drain */
          }
          return 'ended';
        })
        .catch((e: unknown) => (e instanceof Error ? e.message : 'not an Error'));
      for (let i = 0; i < 400 && other.count('openai') < 2; i++) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20)); // let the stream send its first chunks
      const t0 = Date.now();
      await other.stop();
      assert.ok(Date.now() - t0 < 500);
      assert.equal(await delayed, 'APIConnectionError');
      assert.equal(await stalled, 'terminated');
      await assert.rejects(fetch(`${other.httpUrl}/_emulator/health`));
    } finally {
      await other.stop();
    }
  });

  test('cli.ts prints and writes the env, serves, and stops on SIGTERM', { timeout: 15_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    const envFile = join(dir, 'github_env');
    // Node also claims --env-file and exits 9 on a missing file: $GITHUB_ENV always exists.
    writeFileSync(envFile, '');
    const child = spawn(NODE, [join(ROOT, 'emulator/cli.ts'), '--env-file', envFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no env printed within 5 s: ${stderr}`)), 5_000);
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          if (stdout.endsWith('\n')) {
            // the env block is one write
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`cli exited early (${code}): ${stderr}`));
        });
      });
      const env = Object.fromEntries(
        stdout
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      for (const key of [
        'ACTIONS_ID_TOKEN_REQUEST_URL',
        'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
        'AZURE_AUTHORITY_HOST',
        'NODE_EXTRA_CA_CERTS',
        'AZURE_POD_IDENTITY_AUTHORITY_HOST',
        'AZURE_CONFIG_DIR',
        'AZURE_OPENAI_EMULATOR_URL',
        'AZURE_OPENAI_EMULATOR_AZ_BIN_DIR',
      ]) {
        assert.ok(env[key], `${key} printed`);
      }
      assert.equal(env.PATH, undefined);
      assert.equal(readFileSync(envFile, 'utf8'), stdout);
      const health = await fetch(`${env.AZURE_OPENAI_EMULATOR_URL}/_emulator/health`);
      assert.equal(health.status, 200);
      child.kill('SIGTERM');
      // Windows has no signals: kill() ends the process at once, so only POSIX shows the clean exit.
      if (process.platform === 'win32') {
        await exited;
      } else {
        assert.equal(await exited, 0);
        assert.match(stderr, /control GET \/_emulator\/health -> 200/);
      }
    } finally {
      // Never leave the child behind: its pipes would keep this test process alive.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
