/**
 * The action's one build: esbuild bundles src/index.ts for Node 24 as ESM, each library that a step loads
 * with import() in a chunk of its own. esbuild names chunks by a hash of their content, so every rebuild's
 * diff would rename files; here each output file is renamed after the module that is most of it (its entry
 * point, or for a shared chunk its largest input), and the imports between the files follow. `npm run build`
 * writes dist/; the emulator's runner builds the same way into a temporary folder (emulator/build-source.ts),
 * so a test never runs a stale dist/.
 */
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function actionBuildOptions(outdir: string): BuildOptions {
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

/** Builds the action into `outdir` with stable file names. */
export function buildAction(outdir: string, logLevel: BuildOptions['logLevel'] = 'warning'): void {
  const options = actionBuildOptions(outdir);
  const result = buildSync({ ...options, logLevel, write: false, metafile: true });
  const renamed = stableNames(result.metafile);
  // Hashed names are 8 base-32 characters after a dash: no other text in the bundle spells one.
  const pattern = new RegExp([...renamed.keys()].map((name) => name.replace(/[.$]/g, '\\$&')).join('|'), 'g');
  mkdirSync(outdir, { recursive: true });
  for (const file of result.outputFiles) {
    const name = basename(file.path);
    const js = name.endsWith('.LEGAL.txt') ? name.slice(0, -'.LEGAL.txt'.length) : name;
    const target = name === js ? (renamed.get(js) ?? js) : `${renamed.get(js) ?? js}.LEGAL.txt`;
    writeFileSync(
      join(outdir, target),
      file.text.replace(pattern, (old) => renamed.get(old) ?? old),
    );
  }
}

/** Each hash-named .js output's new name: `<module>.js` for an entry point, `chunk-<module>.js` for a shared chunk. */
function stableNames(metafile: Metafile): Map<string, string> {
  const outputs = Object.entries(metafile.outputs)
    .filter(([path]) => path.endsWith('.js'))
    .map(([path, output]) => {
      const largest = Object.entries(output.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput || (a[0] < b[0] ? -1 : 1))[0];
      const module = output.entryPoint ?? largest?.[0];
      const slug = `${output.entryPoint ? '' : 'chunk-'}${module ? moduleSlug(module) : 'runtime'}`;
      return { name: basename(path), slug, key: `${slug} ${Object.keys(output.inputs).sort().join(' ')}` };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const taken = new Set<string>();
  const renamed = new Map<string, string>();
  for (const { name, slug } of outputs) {
    let candidate = slug;
    for (let n = 2; taken.has(candidate); n++) candidate = `${slug}-${n}`;
    taken.add(candidate);
    renamed.set(name, `${candidate}.js`);
  }
  return renamed;
}

/** `node_modules/@azure/msal-common/dist/authority/Authority.mjs` → `azure-msal-common-Authority`; `src/diagnose/diagnose.ts` → `diagnose`. */
function moduleSlug(path: string): string {
  const relativePath = relative(ROOT, join(ROOT, path)).replaceAll('\\', '/');
  const file = basename(relativePath).replace(/\.[^.]+$/, '');
  const at = relativePath.lastIndexOf('node_modules/');
  if (at === -1) return file.replace(/[^A-Za-z0-9_-]/g, '_');
  const segments = relativePath.slice(at + 'node_modules/'.length).split('/');
  const pkg = segments[0]?.startsWith('@') ? `${segments[0].slice(1)}-${segments[1]}` : (segments[0] ?? '');
  return `${pkg}-${file}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildAction('dist');
