/** What the build's rewrites of the bundle (ascii-bundle.ts, minify-bundle.ts) share about JavaScript source. */
import type { Node } from 'acorn';

/** How acorn reads a bundle file: an ES module in the newest syntax (ncc writes ESM). */
export const PARSE_OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true } as const;

/** Walks an acorn tree; `enter` returns false to skip a node's children. */
export function visit(node: Node, parent: Node | undefined, enter: (node: Node, parent: Node | undefined) => boolean): void {
  if (!enter(node, parent)) return;
  for (const value of Object.values(node) as unknown[]) {
    for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, node, enter);
    }
  }
}

/** Whether every character of `text` is ASCII (Node then keeps a module's source as a one-byte string). */
export function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the point: find any character outside ASCII
  return !/[^\x00-\x7f]/.test(text);
}
