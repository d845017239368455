/**
 * The layout a newcomer relies on: no source file over 250 lines and no function over 60 (in src/ and the
 * emulator), no module-level `let` in src/, and unit tests laid out like src/ (each tests the module at the same path).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const MAX_LINES = 250;
const MAX_FUNCTION_LINES = 60;
/** The folders whose files and functions are held to those sizes. */
const SIZED = ['src', 'emulator'];
/** The folders whose functions are held to MAX_FUNCTION_LINES. */
const FUNCTION_SIZED = ['src', 'emulator'];

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return filesUnder(join(directory, entry.name));
    return entry.isFile() ? [join(directory, entry.name)] : [];
  });
}

const sourceFiles = (folder: string): string[] => filesUnder(join(ROOT, folder)).filter((file) => file.endsWith('.ts'));

test(`no source file in ${SIZED.join(' or ')} is over ${MAX_LINES} lines`, () => {
  const long = SIZED.flatMap(sourceFiles)
    .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  assert.deepEqual(long, []);
});

/** Every function, method and arrow function in a file with its first line and length in lines. */
function functionsOf(file: string): Array<{ line: number; lines: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ line: number; lines: number }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test(`no function in ${FUNCTION_SIZED.join(' or ')} is over ${MAX_FUNCTION_LINES} lines`, () => {
  const long = FUNCTION_SIZED.flatMap(sourceFiles).flatMap((file) =>
    functionsOf(file)
      .filter(({ lines }) => lines > MAX_FUNCTION_LINES)
      .map(({ line, lines }) => `${relative(ROOT, file)}:${line}: ${lines} lines`),
  );
  assert.deepEqual(long, []);
});

/** The module-level `let` declarations of a file: state a module would keep between calls. */
function moduleLets(file: string): number[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((statement) => ts.isVariableStatement(statement) && (statement.declarationList.flags & ts.NodeFlags.Let) !== 0)
    .map((statement) => source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1);
}

test('no module-level let in src: what a step learns travels in values main passes on', () => {
  const found = sourceFiles('src').flatMap((file) => moduleLets(file).map((line) => `${relative(ROOT, file)}:${line}`));
  assert.deepEqual(found, []);
});

test('the let check finds a module-level let', () => {
  const file = join(tmpdir(), `layout-let-${process.pid}.ts`);
  writeFileSync(file, 'const kept = 1;\nlet learnt = 0;\nexport function f() {\n  let local = kept;\n  return (learnt += local);\n}\n');
  try {
    assert.deepEqual(moduleLets(file), [2]);
  } finally {
    rmSync(file, { force: true });
  }
});

test('the function check finds a long function', () => {
  const functions = functionsOf(join(ROOT, '__tests__', 'layout.test.ts'));
  assert.ok(
    functions.some(({ lines }) => lines > 10),
    'a function of this file is measured',
  );
});

test('each unit test file tests the src/ module at the same path', () => {
  const unit = join(ROOT, '__tests__', 'unit');
  const tests = filesUnder(unit).filter((file) => file.endsWith('.test.ts'));
  assert.ok(tests.length > 40, 'the unit tests are found');
  const orphans = tests
    .map((file) => relative(unit, file))
    .filter((path) => {
      const module = path.replace(/\.test\.ts$/, '.ts');
      // A module's tests may be split by theme: read-config-prompt.test.ts tests read-config.ts.
      const stem = module.replace(/-[a-z]+\.ts$/, '.ts');
      return !existsSync(join(ROOT, 'src', module)) && !existsSync(join(ROOT, 'src', stem));
    });
  assert.deepEqual(orphans, []);
});
