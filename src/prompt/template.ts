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

/** A piece of a rendered text: text, or a slot for a value that is filled in later, as it is. */
export type TemplatePart = string | { slot: string; written: string };

/**
 * Replaces each `{{name}}` whose name is a variable; others stay as written
 * and are listed in `unknown` (each once).
 */
export function substitute(text: string, variables: Record<string, string>): { text: string; unknown: string[] } {
  const { parts, unknown } = substituteParts(text, variables);
  return { text: fillSlots(parts, {}), unknown };
}

/**
 * Like `substitute`, but a name in `slots` that no variable sets becomes a
 * slot: its value is known only later (a context variable, fetched after
 * sign-in) and is filled in by `fillSlots` without scanning the text again.
 */
export function substituteParts(
  text: string,
  variables: Record<string, string>,
  slots: ReadonlySet<string> = new Set(),
): { parts: TemplatePart[]; unknown: string[] } {
  const unknown = new Set<string>();
  const parts: TemplatePart[] = [];
  const push = (part: TemplatePart) => {
    const last = parts.at(-1);
    if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
    else if (part !== '') parts.push(part);
  };
  let end = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const [written, name = ''] = match;
    push(text.slice(end, match.index));
    end = match.index + written.length;
    // Own properties only: `{{constructor}}` must not find Object.prototype.constructor.
    const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
    if (value !== undefined) push(value);
    else if (slots.has(name)) push({ slot: name, written });
    else {
      unknown.add(name);
      push(written);
    }
  }
  push(text.slice(end));
  return { parts, unknown: [...unknown] };
}

/** The text with each slot's value put in (a slot without a value stays as written). */
export function fillSlots(parts: readonly TemplatePart[], values: Record<string, string>): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const value = Object.hasOwn(values, part.slot) ? values[part.slot] : undefined;
      return value ?? part.written;
    })
    .join('');
}

/** The text known before any slot is filled: slots count as empty. */
export function fixedText(parts: readonly TemplatePart[]): string {
  return parts.filter((part) => typeof part === 'string').join('');
}
