/**
 * The bundle of the current src/, built by `npm run build`'s own function (scripts/build.ts) into a
 * temporary folder named after a hash of src/ and the lockfile, so that test processes share it and an
 * edit rebuilds it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAction } from '../scripts/build.ts';

const ROOT = resolve(import.meta.dirname, '..');

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [join(directory, entry.name)],
  );
}

/** The folder this version of src/ builds into. */
function buildFolder(): string {
  const hash = createHash('sha256');
  for (const file of filesUnder(join(ROOT, 'src')).sort()) hash.update(file).update(readFileSync(file));
  for (const file of ['package.json', 'package-lock.json', 'scripts/build.ts']) hash.update(readFileSync(join(ROOT, file)));
  return join(tmpdir(), `aoai-action-build-${hash.digest('hex').slice(0, 16)}`);
}

/** Builds src/ unless this version is built already; returns the bundle's entry point. */
export function buildOfSource(): string {
  const dir = buildFolder();
  if (!existsSync(join(dir, 'index.js'))) {
    const staging = `${dir}.${process.pid}`;
    buildAction(staging, 'silent');
    // The bundle is ESM by its folder's package.json, as dist/ is by the root's.
    writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
    try {
      renameSync(staging, dir);
    } catch {
      // Another test process got there first with the same build.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return join(dir, 'index.js');
}
