/**
 * Secret hygiene, end to end: every identity path and every failure of the
 * catalogue runs with debug logging on (RUNNER_DEBUG=1), and everything a
 * user could see (stdout, stderr, the output file, the summary and
 * response-file) is scanned for every token the emulator issued: GitHub ID
 * tokens, Entra and az access tokens. The `::add-mask::` lines are the only
 * place a token may appear, and each token a run received must be masked
 * there before the model is called.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Emulator, startEmulator } from '../../emulator/index.ts';
import { baseInputs, type RunOptions, type RunResult, runAction } from '../../emulator/runner.ts';

interface Scenario {
  name: string;
  setup?(em: Emulator): void;
  inputs?: Record<string, string>;
  options?: Omit<RunOptions, 'inputs'>;
  /** Exit code expected. */
  code: 0 | 1;
}

const MI = { clientId: '7d3e1f90-2c4b-4a6d-8e5f-0a1b2c3d4e5f', objectId: '9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b' };
const noIds = { 'client-id': '', 'tenant-id': '' };
const withManagedIdentity = (em: Emulator) => {
  em.config.managedIdentities.systemAssigned = { ...MI };
  em.config.openai.roleAssignments.push(MI.objectId);
};

const SCENARIOS: Scenario[] = [
  // Every identity path, succeeding.
  { name: 'github-oidc, streamed', code: 0 },
  { name: 'github-oidc, not streamed', inputs: { stream: 'false' }, code: 0 },
  { name: 'auth: azure-cli', setup: (em) => em.azLogin(), inputs: { auth: 'azure-cli' }, code: 0 },
  {
    name: 'auto without OIDC: the azure/login session through the chain',
    setup: (em) => em.azLogin(),
    inputs: noIds,
    options: { oidc: false },
    code: 0,
  },
  { name: 'auth: default-chain', setup: (em) => em.azLogin(), inputs: { auth: 'default-chain' }, code: 0 },
  { name: 'auto after azure/login: federating as its service principal', setup: (em) => em.azLogin(), inputs: noIds, code: 0 },
  {
    name: 'auto after a secret azure/login: the fallback to its CLI session',
    setup: (em) => {
      em.config.apps[0]!.federatedCredentials = [];
      em.azLogin();
    },
    inputs: noIds,
    code: 0,
  },
  { name: 'auth: managed-identity', setup: withManagedIdentity, inputs: { auth: 'managed-identity', 'client-id': '' }, code: 0 },
  {
    name: 'auto on an Azure VM: the managed identity through the chain',
    setup: withManagedIdentity,
    inputs: noIds,
    options: { oidc: false },
    code: 0,
  },
  {
    name: 'retries of Entra, GitHub OIDC and the model call',
    setup: (em) => {
      em.injectFaults('github-oidc', [{ kind: 'reset' }]);
      em.injectFaults('entra', [{ kind: 'status', status: 503, retryAfterMs: 10 }]);
      em.injectFaults('openai', [
        { kind: 'status', status: 429, retryAfterMs: 10 },
        { kind: 'cut-stream', afterChunks: 2 },
      ]);
    },
    code: 0,
  },
  // A gateway that echoes what it was sent: the Entra token comes back in the answer and in an error body.
  {
    name: 'an answer echoing the Authorization header',
    setup: (em) => em.injectFaults('openai', [{ kind: 'reply', content: 'You sent {{request.authorization}}' }]),
    code: 0,
  },
  {
    name: 'an error body echoing the Authorization header',
    setup: (em) =>
      em.injectFaults('openai', [
        { kind: 'status', status: 400, body: { error: { code: 'Echo', message: 'Bad {{request.authorization}}' } } },
      ]),
    code: 1,
  },
  { name: 'a cut answer (warning)', setup: (em) => em.injectFaults('openai', [{ kind: 'content-filter-completion' }]), code: 0 },
  // The failure catalogue.
  { name: 'no identity at all', inputs: noIds, options: { oidc: false }, code: 1 },
  {
    name: 'no federated credential matches (AADSTS70021)',
    setup: (em) => void (em.config.github.claims.sub = 'repo:octo-org/octo-repo:pull_request'),
    code: 1,
  },
  { name: 'expired az session (AADSTS700024)', setup: (em) => em.azLogin({ expired: true }), inputs: { auth: 'azure-cli' }, code: 1 },
  {
    name: 'expired az session through the chain (AADSTS700024)',
    setup: (em) => em.azLogin({ expired: true }),
    inputs: noIds,
    options: { oidc: false },
    code: 1,
  },
  { name: 'unknown application (AADSTS700016)', inputs: { 'client-id': '99999999-9999-4999-8999-999999999999' }, code: 1 },
  { name: 'Entra AADSTS700024 on the OIDC path', setup: (em) => em.injectFaults('entra', [{ kind: 'aadsts', code: 700024 }]), code: 1 },
  { name: 'token of the wrong audience (401)', inputs: { scope: 'https://management.azure.com/.default' }, code: 1 },
  { name: 'no data-plane role (401 PermissionDenied)', setup: (em) => void (em.config.openai.roleAssignments = []), code: 1 },
  { name: 'unknown deployment (404)', inputs: { deployment: 'gpt-5-typo' }, code: 1 },
  {
    name: '429 after all retries',
    setup: (em) =>
      em.injectFaults('openai', [
        { kind: 'status', status: 429, retryAfterMs: 10 },
        { kind: 'status', status: 429, retryAfterMs: 10 },
      ]),
    inputs: { 'max-retries': '1' },
    code: 1,
  },
  { name: 'prompt blocked by the content filter', setup: (em) => em.injectFaults('openai', [{ kind: 'content-filter-prompt' }]), code: 1 },
  {
    name: 'a stalled stream on the only attempt',
    setup: (em) => em.injectFaults('openai', [{ kind: 'stall-stream', afterChunks: 2 }]),
    inputs: { timeout: '1', 'max-retries': '0' },
    code: 1,
  },
  { name: 'HTML instead of JSON', setup: (em) => em.injectFaults('openai', [{ kind: 'garbage' }]), code: 1 },
  {
    name: 'fail-on-truncation',
    setup: (em) => em.injectFaults('openai', [{ kind: 'length' }]),
    inputs: { 'fail-on-truncation': 'true' },
    code: 1,
  },
  {
    name: 'GitHub OIDC keeps failing',
    setup: (em) =>
      em.injectFaults('github-oidc', [
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
        { kind: 'status', status: 500 },
      ]),
    code: 1,
  },
];

const MASK = /^::add-mask::(.*)$/;

/** A token, and its signature alone (a leak of the signature is a leak). */
function needles(token: string): string[] {
  return [token, token.split('.')[2] ?? token];
}

/** Everything a user could see, scanned; and each token the run received masked before the model call. */
function scan(emulator: Emulator, scenario: Scenario, result: RunResult, earlier: Set<string>): void {
  const lines = result.stdout.split('\n');
  const masked = new Set(lines.map((line) => MASK.exec(line)?.[1]).filter((v): v is string => v !== undefined));
  const visible = [lines.filter((line) => !MASK.test(line)).join('\n'), result.stderr, ...Object.values(result.files)];
  const secrets = [...emulator.issuedTokens(), emulator.config.github.requestToken];
  for (const secret of secrets) {
    for (const needle of needles(secret)) {
      for (const text of visible) assert.ok(!text.includes(needle), `a token leaked in "${scenario.name}"`);
    }
  }
  const received = emulator.issuedTokens().filter((token) => !earlier.has(token));
  const callLine = lines.findIndex((line) => line.startsWith('Calling POST '));
  for (const token of received) {
    assert.ok(masked.has(token), `a token of "${scenario.name}" was never masked`);
    if (callLine !== -1) assert.ok(lines.indexOf(`::add-mask::${token}`) < callLine, 'masked before the model call');
  }
}

/** Runs a share of the table against an emulator of its own, so the shares run side by side. */
function share(name: string, scenarios: Scenario[], results: Map<string, RunResult>): void {
  describe(name, { concurrency: 1 }, () => {
    let emulator: Emulator;
    before(async () => {
      emulator = await startEmulator();
    });
    after(async () => {
      await emulator.stop();
    });
    for (const scenario of scenarios) {
      test(scenario.name, async () => {
        emulator.reset();
        emulator.azLogout();
        scenario.setup?.(emulator);
        const earlier = new Set(emulator.issuedTokens());
        const result = await runAction(emulator, {
          ...scenario.options,
          inputs: { ...baseInputs(emulator), ...scenario.inputs },
          env: { RUNNER_DEBUG: '1', ...scenario.options?.env },
        });
        results.set(scenario.name, result);
        assert.equal(result.code, scenario.code, `${result.stdout}\n${result.stderr}`);
        assert.match(result.stdout, /::debug::/, 'debug logging was on');
        scan(emulator, scenario, result, earlier);
      });
    }
  });
}

describe('no token appears anywhere but in ::add-mask:: lines', () => {
  const results = new Map<string, RunResult>();

  test('the table covers every identity path and the failure catalogue', () => {
    assert.ok(SCENARIOS.length >= 20);
  });

  describe('every scenario, with debug logging', { concurrency: true }, () => {
    const half = Math.ceil(SCENARIOS.length / 2);
    share('identity paths and retries', SCENARIOS.slice(0, half), results);
    share('the failure catalogue', SCENARIOS.slice(half), results);
  });

  test('the scan saw real tokens: every successful run received and masked at least one', () => {
    assert.equal(results.size, SCENARIOS.length);
    for (const scenario of SCENARIOS) {
      if (scenario.code === 0) assert.match(results.get(scenario.name)!.stdout, /^::add-mask::ey/m, scenario.name);
    }
  });
});
