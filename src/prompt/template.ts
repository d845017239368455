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

/** A piece of a rendered text: text, or a slot for a value that is filled in later, as it is. */
export type TemplatePart = string | { slot: string; written: string };

/**
 * The one scan of a text: each `{{name}}` whose name is a variable is replaced; every other becomes a slot
 * (listed in `slots`, each once, in order of first use), whose value is known only later (a context variable,
 * fetched after sign-in) and is filled in by `fillSlots` without scanning the text again.
 */
export function substituteParts(text: string, variables: Record<string, string>): { parts: TemplatePart[]; slots: string[] } {
  const slots = new Set<string>();
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
    else {
      slots.add(name);
      push({ slot: name, written });
    }
  }
  push(text.slice(end));
  return { parts, slots: [...slots] };
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

/** The text known before any slot is filled: the slots of `later` count as empty, the others stay as written. */
export function fixedText(parts: readonly TemplatePart[], later: ReadonlySet<string>): string {
  return parts.map((part) => (typeof part === 'string' ? part : later.has(part.slot) ? '' : part.written)).join('');
}
