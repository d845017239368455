// Fake `az` for the emulator: reads the session azLogin() left in $AZURE_CONFIG_DIR and makes
// exactly one POST per invocation to the emulator, which returns the exact CLI output to print.
// Supports what credential code runs: `account get-access-token` (--resource/--scope/--tenant/
// --subscription/--output/--query) and `account show`. Plain JS so it needs no type stripping.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const VERSION = '2.67.0';

function out(stdout, stderr, code) {
  if (stdout) process.stdout.write(stdout);
  if (stderr) process.stderr.write(stderr);
  process.exitCode = code;
}

function parseArgs(argv) {
  const positional = [];
  const opts = {};
  const aliases = { '-o': '--output', '-t': '--tenant', '-s': '--subscription' };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a.startsWith('-')) {
      let value;
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq !== -1) {
        value = a.slice(eq + 1);
        a = a.slice(0, eq);
      }
      a = aliases[a] ?? a;
      if (value === undefined && i + 1 < argv.length && !argv[i + 1].startsWith('-')) value = argv[++i];
      opts[a.slice(2)] = value ?? true;
    } else {
      positional.push(a);
    }
  }
  return { positional, opts };
}

function render(stdoutJson, opts) {
  // Only simple `--query field` and `-o tsv` are supported (what scripts use for tokens).
  if (!opts.query && opts.output !== 'tsv') return stdoutJson;
  let value = JSON.parse(stdoutJson);
  if (typeof opts.query === 'string') value = value?.[opts.query.trim()];
  if (opts.output === 'tsv') {
    if (value && typeof value === 'object')
      return `${Object.values(value)
        .filter((v) => typeof v !== 'object')
        .join('\t')}\n`;
    return `${value ?? ''}\n`;
  }
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function main() {
  const { positional, opts } = parseArgs(process.argv.slice(2));
  const cmd = positional.join(' ');
  if (opts.version || cmd === 'version') {
    return out(
      opts.version ? `azure-cli                         ${VERSION}\n` : `${JSON.stringify({ 'azure-cli': VERSION }, null, 2)}\n`,
      '',
      0,
    );
  }
  if (cmd !== 'account get-access-token' && cmd !== 'account show') {
    if (cmd === 'login' || cmd === 'logout') {
      return out(
        '',
        `ERROR: the emulator's fake az does not implement '${cmd}': call azLogin()/azLogout() or POST /_emulator/az-login.\n`,
        1,
      );
    }
    return out('', `ERROR: '${positional[0] ?? ''}' is misspelled or not recognized by the system.\n`, 2);
  }

  const configDir = process.env.AZURE_CONFIG_DIR || join(homedir(), '.azure');
  let session;
  try {
    session = JSON.parse(readFileSync(join(configDir, 'emulator-session.json'), 'utf8'));
  } catch {
    return out('', "ERROR: Please run 'az login' to setup account.\n", 1);
  }

  const route = cmd === 'account show' ? 'account' : 'token';
  const body = {
    command: cmd,
    resource: typeof opts.resource === 'string' ? opts.resource : undefined,
    scope: typeof opts.scope === 'string' ? opts.scope : undefined,
    tenant: typeof opts.tenant === 'string' ? opts.tenant : undefined,
    subscription: typeof opts.subscription === 'string' ? opts.subscription : undefined,
    session,
  };
  let res;
  try {
    res = await fetch(`${session.emulatorUrl}/az/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    const cause = err && err.cause ? ` (${err.cause.code ?? err.cause.message})` : '';
    return out('', `ERROR: Connection to the token service failed: ${err.message}${cause}\n`, 1);
  }
  const text = await res.text().catch((e) => `<${e.message}>`);
  let result;
  try {
    result = JSON.parse(text);
  } catch {
    result = undefined;
  }
  if (!result || typeof result.exitCode !== 'number') {
    return out('', `ERROR: The token service answered ${res.status} ${res.statusText}: ${text.slice(0, 300)}\n`, 1);
  }
  const stdout = result.exitCode === 0 && result.stdout ? render(result.stdout, opts) : result.stdout;
  return out(stdout, result.stderr, result.exitCode);
}

main().catch((err) => out('', `ERROR: ${err && err.message ? err.message : String(err)}\n`, 1));
