/**
 * Imports in src/ run one way: no cycle between files, and none between
 * folders (each folder of src/, and each file directly in src/, is one node).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|cts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative imports of each file (static and dynamic, type-only included: a cycle of types is still a cycle of meaning). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name));
    graph.set(file, targets);
  }
  return graph;
}

/** Every strongly connected component of more than one node, or a node importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

function folderOf(file: string): string {
  const path = relative(root, file);
  return path.includes(sep) ? path.split(sep)[0]! : path;
}

const files = sourceFiles(root);
const fileGraph = importGraph(files);

test('no file in src/ imports itself back through other files', () => {
  const found = cycles(fileGraph).map((c) => c.map((f) => relative(root, f)).join(' -> '));
  assert.deepEqual(found, []);
});

test('no folder of src/ imports itself back through other folders', () => {
  const folderGraph = new Map<string, string[]>();
  for (const [file, targets] of fileGraph) {
    const from = folderOf(file);
    const edges = folderGraph.get(from) ?? [];
    for (const target of targets) if (folderOf(target) !== from) edges.push(folderOf(target));
    folderGraph.set(from, edges);
  }
  assert.deepEqual(cycles(folderGraph), []);
});

test('the cycle finder finds a cycle of three and a self-import', () => {
  const graph = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
    ['d', ['d']],
    ['e', ['a']],
  ]);
  assert.deepEqual(cycles(graph), [['a', 'b', 'c'], ['d']]);
});

test('the graph covers src/ (a resolver that finds nothing cannot pass)', () => {
  assert.ok(files.length > 50);
  assert.ok([...fileGraph.values()].flat().length > 100);
});

test('no relative import leaves src/ (packages are imported by name, never by path into node_modules)', () => {
  const leaving = [...fileGraph].flatMap(([file, targets]) =>
    targets.filter((target) => !target.startsWith(root + sep)).map((target) => `${relative(root, file)} -> ${target}`),
  );
  assert.deepEqual(leaving, []);
});
