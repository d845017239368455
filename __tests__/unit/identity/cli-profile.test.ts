/** The Azure CLI profile azure/login leaves: its default account, read capped from AZURE_CONFIG_DIR only. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { CLI_PROFILE_MAX_BYTES, cliProfilePath, parseCliProfile, readCliSession } from '../../../src/identity/cli-profile.ts';

const CLIENT = '0b9c7e21-4f3a-4d8e-a6b5-2c1d9e8f7a30';
const TENANT = '6f1d3c2a-8b4e-4a7f-9c21-5e8d0b7a3f64';

function profile(accounts: unknown[]): string {
  return JSON.stringify({ installationId: 'x', subscriptions: accounts });
}
const sp = (extra: Record<string, unknown> = {}) => ({
  id: 'sub',
  isDefault: true,
  tenantId: TENANT,
  user: { name: CLIENT, type: 'servicePrincipal' },
  ...extra,
});

describe('parseCliProfile', () => {
  const cases: Array<{ name: string; text: string; expected: ReturnType<typeof parseCliProfile> }> = [
    {
      name: 'a service principal, BOM first as the CLI writes it',
      text: `\uFEFF${profile([sp()])}`,
      expected: { userType: 'servicePrincipal', clientId: CLIENT, tenantId: TENANT },
    },
    { name: 'without a BOM', text: profile([sp()]), expected: { userType: 'servicePrincipal', clientId: CLIENT, tenantId: TENANT } },
    {
      name: 'the default account, not the first',
      text: profile([sp({ isDefault: false, user: { name: '11111111-1111-4111-8111-111111111111', type: 'servicePrincipal' } }), sp()]),
      expected: { userType: 'servicePrincipal', clientId: CLIENT, tenantId: TENANT },
    },
    {
      name: 'a user gives no client id',
      text: profile([sp({ user: { name: 'me@contoso.com', type: 'user' } })]),
      expected: { userType: 'user', tenantId: TENANT },
    },
    {
      name: 'a service principal named by something other than a GUID is not trusted',
      text: profile([sp({ user: { name: 'http://legacy-app', type: 'servicePrincipal' } })]),
      expected: { userType: 'servicePrincipal', tenantId: TENANT },
    },
    {
      name: 'a tenant that is not a GUID is dropped',
      text: profile([sp({ tenantId: 'x/../y' })]),
      expected: { userType: 'servicePrincipal', clientId: CLIENT },
    },
    { name: 'no default account', text: profile([sp({ isDefault: false })]), expected: undefined },
    { name: 'no subscriptions', text: '{"installationId":"x"}', expected: undefined },
    { name: 'not JSON', text: 'garbage', expected: undefined },
    { name: 'null', text: 'null', expected: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => assert.deepEqual(parseCliProfile(c.text), c.expected));
  }
});

describe('readCliSession', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-profile-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads AZURE_CONFIG_DIR, and dates the login by the file', async () => {
    const path = join(dir, 'azureProfile.json');
    writeFileSync(path, `\uFEFF${profile([sp()])}`);
    const written = new Date('2026-12-03T10:00:00Z');
    utimesSync(path, written, written);
    const session = await readCliSession({ AZURE_CONFIG_DIR: dir }, () => undefined);
    assert.deepEqual(session, { userType: 'servicePrincipal', clientId: CLIENT, tenantId: TENANT, writtenAtMs: written.getTime(), path });
  });

  test('without AZURE_CONFIG_DIR, ~/.azure', () => {
    assert.match(cliProfilePath({}), /[/\\]\.azure[/\\]azureProfile\.json$/);
  });

  test('no file, no session', async () => {
    assert.equal(await readCliSession({ AZURE_CONFIG_DIR: join(dir, 'absent') }, () => undefined), undefined);
  });

  test('a file past the cap is ignored, and said in the debug log', async () => {
    const big = join(dir, 'big');
    rmSync(big, { recursive: true, force: true });
    mkdirSync(big);
    writeFileSync(join(big, 'azureProfile.json'), `${profile([sp()])}${' '.repeat(CLI_PROFILE_MAX_BYTES)}`);
    const debug: string[] = [];
    assert.equal(await readCliSession({ AZURE_CONFIG_DIR: big }, (m) => debug.push(m)), undefined);
    assert.match(debug.join('\n'), /larger than 1048576 bytes/);
  });

  test(
    'a FIFO where the profile should be is passed over at once, not waited on',
    { skip: process.platform === 'win32' ? 'FIFOs are POSIX' : false },
    async () => {
      const fifo = join(dir, 'fifo');
      mkdirSync(fifo, { recursive: true });
      execFileSync('mkfifo', [join(fifo, 'azureProfile.json')]);
      const debug: string[] = [];
      // A blocking open would wait here for a writer that never comes (the test's time limit would end it).
      assert.equal(await readCliSession({ AZURE_CONFIG_DIR: fifo }, (m) => debug.push(m)), undefined);
      assert.match(debug.join('\n'), /not a regular file \(it is a named pipe\)/);
    },
  );
});
