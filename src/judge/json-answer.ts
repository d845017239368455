/**
 * Reads a JSON answer: strips a Markdown code fence around it, parses it and
 * checks it against the schema. The schema is compiled before any network
 * call so a broken schema fails as a bad input (compile-schema.ts); the
 * answer is checked in a worker thread with a time and a memory limit
 * (schema-check.ts), since a recursive schema's check can be exponential in
 * the answer a stranger steered.
 */
import type { ResponseFormat } from '../model-call.ts';
import { RESPONSE_OUTPUT_LIMIT_CHARS } from '../github-limits.ts';
import { compileSchema } from './compile-schema.ts';

/** Returns the schema violations of a value ([] when valid); throws when the check cannot finish. */
export type SchemaValidator = (value: unknown) => string[] | Promise<string[]>;

const MAX_VIOLATIONS = 5;

/** The largest `json` output: the job's outputs share about 1 MB with `response`. */
export const JSON_OUTPUT_LIMIT_CHARS = Math.floor(RESPONSE_OUTPUT_LIMIT_CHARS / 2);

export type StructuredAnswer = { ok: true; value: unknown; json: string } | { ok: false; problem: string };

/**
 * The check a JSON answer must pass: the compiled schema, one that accepts
 * any JSON for JSON mode without a schema, none for plain text.
 */
export async function answerValidator(format: ResponseFormat | undefined): Promise<SchemaValidator | undefined> {
  if (!format) return undefined;
  if (!format.schema) return () => [];
  const spec = format.schema;
  await compileSchema(spec);
  const { checkInWorker } = await import('./schema-check.ts');
  return (value) => checkInWorker(spec, value);
}

/**
 * The text inside one Markdown code fence that wraps the whole answer, else the answer itself: the first
 * non-blank line opens the fence (three or more backticks or tildes, then an info string), and the answer
 * ends with three or more of the same character, on a line of their own or right after the last line's
 * content. Found by scanning, not by a backtracking regex, since the answer is a stranger's text.
 */
export function stripCodeFence(text: string): string {
  const start = text.length - text.trimStart().length;
  const openingEnd = text.indexOf('\n', start);
  const opening = fenceRun(text, start);
  if (openingEnd < 0 || !opening) return text;
  const end = text.trimEnd().length;
  let closing = end;
  while (closing > openingEnd + 1 && text[closing - 1] === opening[0]) closing--;
  if (end - closing < 3) return text;
  // Before the closing run: the content, then spaces and one line end, dropped (counted back, not matched).
  let stop = closing;
  while (stop > openingEnd + 1 && (text[stop - 1] === ' ' || text[stop - 1] === '\t')) stop--;
  if (stop > openingEnd + 1 && text[stop - 1] === '\n') stop--;
  return text.slice(openingEnd + 1, stop);
}

/** The run of three or more backticks or tildes at `at`, if one starts there. */
function fenceRun(text: string, at: number): string | undefined {
  const char = text[at];
  if (char !== '`' && char !== '~') return undefined;
  let end = at;
  while (text[end] === char) end++;
  return end - at >= 3 ? text.slice(at, end) : undefined;
}

/** A model writes at most a few hundred thousand characters; parsing more would build millions of values. */
export const MAX_JSON_ANSWER_CHARS = 4 * 1024 * 1024;
/** Deeper nesting than any schema needs, and shallow enough for every recursive walk over the value. */
const MAX_JSON_DEPTH = 256;
/**
 * Arrays and objects an answer checked against a schema may nest: more than structured outputs generate.
 * A recursive `oneOf` or `anyOf` costs time and memory exponential in the depth, so a
 * steered answer's depth is what bounds the check.
 */
export const MAX_SCHEMA_CHECKED_DEPTH = 24;

/** How deeply arrays and objects nest in a JSON text, counted outside strings in one pass. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/** Parses a JSON answer and checks it; `problem` is a sentence naming what is wrong. */
export async function readStructuredAnswer(text: string, validate?: SchemaValidator): Promise<StructuredAnswer> {
  const body = stripCodeFence(text).trim();
  if (body === '') return { ok: false, problem: 'The answer is empty, not JSON.' };
  if (body.length > MAX_JSON_ANSWER_CHARS) {
    return { ok: false, problem: `The JSON answer is ${body.length} characters; at most ${MAX_JSON_ANSWER_CHARS} are parsed.` };
  }
  const depth = jsonDepth(body);
  if (depth > MAX_JSON_DEPTH) {
    return { ok: false, problem: `The JSON answer nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted.` };
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: `The answer is not valid JSON: ${(error as Error).message.replace(/\.$/, '')}.` };
  }
  if (validate) {
    if (depth > MAX_SCHEMA_CHECKED_DEPTH) {
      return {
        ok: false,
        problem: `The JSON answer nests ${depth} levels deep; an answer checked against a schema may nest at most ${MAX_SCHEMA_CHECKED_DEPTH} (arrays and objects).`,
      };
    }
    let violations: string[];
    try {
      violations = await validate(value);
    } catch (error) {
      return { ok: false, problem: `The answer could not be checked against the JSON schema: ${(error as Error).message}.` };
    }
    if (violations.length > 0) {
      const shown = violations.slice(0, MAX_VIOLATIONS).map((v) => `  ${v}`);
      if (violations.length > MAX_VIOLATIONS) shown.push(`  … and ${violations.length - MAX_VIOLATIONS} more`);
      const count = violations.length === 1 ? '1 violation' : `${violations.length} violations`;
      return { ok: false, problem: `The answer does not match the JSON schema (${count}):\n${shown.join('\n')}` };
    }
  }
  return { ok: true, value, json: JSON.stringify(value) };
}
