/**
 * `{{name}}` placeholders, as in GitHub Models prompt files. Pure.
 *
 * Substitution is one pass over the text: a value is inserted as it is and
 * never scanned again, so a value holding `{{x}}` stays literal and untrusted
 * text cannot pull other variables (or instructions) into the prompt.
 * Names may contain dots (`pr.number`) and hyphens; spaces inside the braces
 * are allowed (`{{ name }}`).
 */

/** A variable name: a letter, digit or `_` first, then letters, digits, `_`, `.` or `-`. */
export const VARIABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The names of the placeholders in `text`, each once, in order of first use. */
export function placeholders(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) if (match[1]) names.add(match[1]);
  return [...names];
}

/**
 * Replaces each `{{name}}` whose name is a variable; others stay as written
 * and are listed in `unknown` (each once).
 */
export function substitute(text: string, variables: Record<string, string>): { text: string; unknown: string[] } {
  const unknown = new Set<string>();
  const result = text.replace(PLACEHOLDER, (placeholder, name: string) => {
    // Own properties only: `{{constructor}}` must not find Object.prototype.constructor.
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value !== undefined) return value;
    unknown.add(name);
    return placeholder;
  });
  return { text: result, unknown: [...unknown] };
}
