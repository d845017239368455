/**
 * An error and the errors that caused it, outermost first, following
 * `cause`. The walk is bounded: a chain may loop back on itself, and a
 * library may nest its causes without end.
 */
export function causeChain(error: unknown, maxDepth = 6): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < maxDepth) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}
