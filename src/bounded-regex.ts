/**
 * Regular expressions over untrusted text (the answer) run on re2js, whose
 * matching time is linear in the input: no pattern can hang the runner the
 * way `^(a+)+$` hangs V8's backtracking engine. Pure.
 */
import { RE2JS } from 're2js';
import { InputError } from './errors.ts';

/** What callers need of a pattern: a match test and the pattern as written, for messages. */
export interface BoundedRegExp {
  test(text: string): boolean;
  toString(): string;
}

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
/** Flags dropped: they change nothing for one yes/no match on a Unicode engine (g and y would only make test() keep state). */
const NEUTRAL_FLAGS = new Set(['g', 'y', 'u', 'd']);

/**
 * Compiles a JavaScript-syntax pattern for re2js; throws a plain Error naming
 * what is unsupported (backreferences, lookaround) so callers can name their input.
 */
export function compileBounded(source: string, flags = ''): BoundedRegExp {
  let bits = 0;
  let kept = '';
  for (const flag of flags) {
    const bit = FLAG_BITS[flag];
    if (bit !== undefined) {
      bits |= bit;
      kept += flag;
    } else if (!NEUTRAL_FLAGS.has(flag)) throw new Error(`flag '${flag}' is not supported (use i, m or s)`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new Error(`${reason}; patterns run on a linear-time engine (RE2 syntax), which has no backreferences or lookaround`, {
      cause: error,
    });
  }
  const shown = `/${source}/${kept}`;
  return { test: (text) => re.test(text), toString: () => shown };
}

/**
 * `expect`: the pattern alone (`^OK\b`), or `/pattern/flags` (`/ready/i`).
 * Text that looks like `/…/letters` is always read as a literal with flags,
 * and unknown flags are refused rather than matched as text.
 */
export function parseExpect(text: string): BoundedRegExp {
  const literal = /^\/(.+)\/([A-Za-z]*)$/s.exec(text);
  const source = literal?.[1] ?? text;
  const flags = literal?.[2] ?? '';
  try {
    return compileBounded(source, flags);
  } catch (error) {
    throw new InputError(
      'expect',
      `'${text}' is not a valid regular expression (${(error as Error).message}). Give a pattern such as ^OK\\b, or /pattern/i for flags (i, m, s); write \\/ for a slash at the start.`,
    );
  }
}
