/**
 * What a changed file is, for the input budget: lock files, generated and
 * vendored files and binary diffs say least about a change and are left out
 * first. Pure.
 */

export type FileKind = 'lock file' | 'generated' | 'vendored' | 'binary' | 'source';

const LOCK_FILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'composer.lock',
  'gemfile.lock',
  'cargo.lock',
  'poetry.lock',
  'pipfile.lock',
  'pdm.lock',
  'uv.lock',
  'go.sum',
  'go.work.sum',
  'packages.lock.json',
  'paket.lock',
  'podfile.lock',
  'package.resolved',
  'pubspec.lock',
  'mix.lock',
  'flake.lock',
  'gradle.lockfile',
  'conan.lock',
  '.terraform.lock.hcl',
]);

const GENERATED = [
  /(^|\/)(dist|build|out|\.next|coverage|target\/generated-sources)\//,
  /\.min\.(js|css|mjs)$/,
  /\.(js|css|mjs)\.map$/,
  /\.(pb\.go|pb\.cc|pb\.h)$/,
  /_pb2(_grpc)?\.pyi?$/,
  /\.generated\.\w+$/,
  /\.g\.(dart|cs)$/,
  /\.designer\.cs$/,
  /(^|\/)__snapshots__\//,
  /\.snap$/,
];

const VENDORED = [/(^|\/)(vendor|vendors|third_party|third-party|thirdparty|node_modules|bower_components|Pods|\.yarn\/releases)\//];

export function fileKind(path: string, binary: boolean): FileKind {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (LOCK_FILES.has(base)) return 'lock file';
  if (binary) return 'binary';
  if (VENDORED.some((re) => re.test(path))) return 'vendored';
  if (GENERATED.some((re) => re.test(path))) return 'generated';
  return 'source';
}
