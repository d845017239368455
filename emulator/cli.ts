// Run the emulator as a process:
//   node emulator/cli.ts [--port N] [--https-port N] [--env-file PATH | --write-env PATH] [--config JSON_FILE]
// Prints the environment a run of the action needs (KEY=VALUE lines; appended to --env-file,
// e.g. "$GITHUB_ENV"), logs one line per request, stops cleanly on SIGINT/SIGTERM.
// Node itself also claims `--env-file` anywhere on its command line: it exits 9 when the file does
// not exist and otherwise loads it as dotenv. $GITHUB_ENV always exists, so that case works;
// `--write-env` is the same option without the clash.

import { appendFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator } from './index.ts';
import type { DeepPartial, EmulatorConfig } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'https-port': { type: 'string' },
    'env-file': { type: 'string' },
    'write-env': { type: 'string' },
    config: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});

if (values.help) {
  process.stdout.write(
    'usage: node emulator/cli.ts [--port N] [--https-port N] [--env-file PATH | --write-env PATH] [--config FILE.json] [--quiet]\n',
  );
  process.exit(0);
}

function portOf(value: string | undefined, name: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    process.stderr.write(`invalid --${name}: ${value}\n`);
    process.exit(2);
  }
  return n;
}

const config = values.config ? (JSON.parse(readFileSync(values.config, 'utf8')) as DeepPartial<EmulatorConfig>) : undefined;
const emulator = await startEmulator({
  port: portOf(values.port, 'port'),
  httpsPort: portOf(values['https-port'], 'https-port'),
  ...(config ? { config } : {}),
  onRequest: values.quiet
    ? undefined
    : (r) =>
        process.stderr.write(`[emulator] ${new Date(r.at).toISOString()} ${r.service} ${r.method} ${r.path} -> ${r.status || 'reset'}\n`),
});

const lines = Object.entries(emulator.env()).map(([k, v]) => `${k}=${v}`);
// File first: whoever watches stdout may read the file as soon as the lines appear.
const envFile = values['write-env'] ?? values['env-file'];
if (envFile) appendFileSync(envFile, `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n`);
process.stderr.write(
  `[emulator] listening on ${emulator.httpUrl} and ${emulator.authorityHost} (control API: ${emulator.httpUrl}/_emulator/health)\n`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`[emulator] ${signal}: stopping\n`);
  await emulator.stop();
  process.exitCode = 0;
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
