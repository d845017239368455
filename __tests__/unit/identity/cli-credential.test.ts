/** Our Azure CLI credential: the command it runs, the token it reads, and the CLI's own words on failure. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  AzureCliSessionCredential,
  CLI_NOT_FOUND,
  type CliRun,
  type CliRunner,
  parseCliToken,
} from '../../../src/identity/cli-credential.ts';

const SCOPE = 'https://cognitiveservices.azure.com/.default';
const AADSTS700024 =
  'ERROR: AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-12-03T10:20:00.0000000Z, assertion valid from 2026-12-03T10:00:00.0000000Z, expiry time of assertion 2026-12-03T10:05:00.0000000Z.\nInteractive authentication is needed. Please run:\naz login\n';

function runner(result: CliRun, calls: string[][] = []): CliRunner {
  return (args) => {
    calls.push(args);
    return Promise.resolve(result);
  };
}

async function failure(credential: AzureCliSessionCredential): Promise<Error> {
  try {
    await credential.getToken(SCOPE);
  } catch (error) {
    return error as Error;
  }
  assert.fail('getToken should have failed');
}

describe('AzureCliSessionCredential', () => {
  test('runs az account get-access-token for the resource (and tenant), once', async () => {
    const calls: string[][] = [];
    const stdout = JSON.stringify({ accessToken: 'tok', expires_on: 1_900_000_000, expiresOn: '2030-03-17 17:46:40.000000' });
    const credential = new AzureCliSessionCredential({
      tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      run: runner({ code: 0, stdout, stderr: '' }, calls),
    });
    const token = await credential.getToken(SCOPE);
    assert.deepEqual(token, { token: 'tok', expiresOnTimestamp: 1_900_000_000_000, tokenType: 'Bearer' });
    assert.deepEqual(calls, [
      [
        'account',
        'get-access-token',
        '--output',
        'json',
        '--resource',
        'https://cognitiveservices.azure.com',
        '--tenant',
        'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      ],
    ]);
    assert.equal(credential.spawns, 1);
  });

  test("keeps the CLI's stderr (Entra's code and message), not a rewording, as an unavailable link", async () => {
    const error = await failure(new AzureCliSessionCredential({ run: runner({ code: 1, stdout: '', stderr: AADSTS700024 }) }));
    assert.equal(error.name, 'CredentialUnavailableError');
    assert.match(
      error.message,
      /^Azure CLI: ERROR: AADSTS700024: Client assertion is not within its valid time range\. Current time: 2026-12-03T10:20:00/,
    );
    assert.doesNotMatch(error.message, /from a command prompt/);
  });

  test('az not installed', async () => {
    const error = await failure(
      new AzureCliSessionCredential({ run: runner({ code: -2, stdout: '', stderr: '', spawnError: 'spawn az ENOENT' }) }),
    );
    assert.equal(error.message, CLI_NOT_FOUND);
  });

  test("the shell's 'not found' is read from the start of stderr; a stranger's megabyte of 'az:' is read in one pass", async () => {
    const missing = await failure(
      new AzureCliSessionCredential({ run: runner({ code: 127, stdout: '', stderr: '/bin/sh: 1: az: not found\n' }) }),
    );
    assert.equal(missing.message, CLI_NOT_FOUND);
    // With `az:.*not found`, each 'az:' is scanned to the end and back: quadratic in stderr's length.
    const hostile = `ERROR: ${'az:'.repeat(340_000)}`;
    const error = await failure(new AzureCliSessionCredential({ run: runner({ code: 1, stdout: '', stderr: hostile }) }));
    assert.match(error.message, /^Azure CLI: ERROR: az:az:/);
  });

  test('a zero exit without a token is a failure that never quotes stdout', async () => {
    const error = await failure(new AzureCliSessionCredential({ run: runner({ code: 0, stdout: '{"accessToken":"half', stderr: '' }) }));
    assert.match(error.message, /exited with 0 and printed no token/);
    assert.doesNotMatch(error.message, /half/);
  });

  test('a scope that could not be one shell word is never passed to az', async () => {
    const calls: string[][] = [];
    const credential = new AzureCliSessionCredential({ run: runner({ code: 0, stdout: '', stderr: '' }, calls) });
    await assert.rejects(credential.getToken('https://x.example/.default & calc'), /Invalid scope or tenant/);
    assert.deepEqual(calls, []);
  });
});

describe('parseCliToken', () => {
  const cases: Array<{ name: string; stdout: string; expires?: number }> = [
    { name: 'expires_on (CLI 2.54+)', stdout: '{"accessToken":"t","expires_on":1900000000}', expires: 1_900_000_000_000 },
    {
      name: 'only expiresOn',
      stdout: '{"accessToken":"t","expiresOn":"2030-01-01T00:00:00Z"}',
      expires: Date.parse('2030-01-01T00:00:00Z'),
    },
    { name: 'no token', stdout: '{"expires_on":1900000000}' },
    { name: 'no expiry', stdout: '{"accessToken":"t"}' },
    { name: 'not JSON', stdout: 'ERROR' },
    { name: 'null', stdout: 'null' },
  ];
  for (const c of cases) {
    test(c.name, () => assert.equal(parseCliToken(c.stdout)?.expiresOnTimestamp, c.expires));
  }
});
