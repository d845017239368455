/**
 * The action's one build: esbuild bundles src/index.ts for Node 24 as ESM, each library that a step loads
 * with import() in a chunk of its own. `npm run build` writes dist/; the emulator's runner builds the same
 * options into a temporary folder (emulator/build-source.ts), so a test never runs a stale dist/.
 */
import { buildSync, type BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function actionBuildOptions(outdir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: ['src/index.ts'],
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    splitting: true,
    minify: true,
    legalComments: 'external',
    outdir,
    logLevel: 'warning',
    // Bundled CommonJS libraries call require(); ESM has none of its own.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildSync(actionBuildOptions('dist'));
