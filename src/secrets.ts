/**
 * Every secret the run holds, and the scrub applied to all text it writes or
 * posts. The runner's masks cover the log only: outputs, files, the summary
 * and a PR comment are published as written, and a service that echoes a
 * token (a gateway quoting the Authorization header) would publish it. Each
 * secret is held the moment it is obtained, before any work uses it.
 */

const held = new Set<string>();

/** Shorter values would scrub ordinary words; no credential is this short. */
const MIN_SECRET_LENGTH = 8;

/** Holds a secret for scrub(); returns true when it was not held yet (so the caller masks it once). */
export function holdSecret(value: string | undefined): boolean {
  const secret = value?.trim();
  if (!secret || secret.length < MIN_SECRET_LENGTH || held.has(secret)) return false;
  held.add(secret);
  // actions/checkout persists a GitHub token as `basic base64(x-access-token:TOKEN)`.
  held.add(Buffer.from(`x-access-token:${secret}`).toString('base64'));
  for (const encoded of base64Forms(secret)) held.add(encoded);
  return true;
}

/**
 * The secret base64-encoded at each of the three byte offsets it can have
 * inside a longer encoded text, without the characters its neighbours change:
 * a service that echoes a token encoded still publishes nothing.
 */
function base64Forms(secret: string): string[] {
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
    const start = offset === 0 ? 0 : offset + 1;
    // The last group may mix in the bytes that follow the secret.
    const inner = encoded.replace(/=+$/, '').slice(start, -2);
    if (inner.length >= 20) forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** Wraps a mask function (core.setSecret) so that each secret is held and masked once. */
export function secretKeeper(mask: (secret: string) => void): (secret: string) => void {
  return (secret) => {
    if (holdSecret(secret)) mask(secret.trim());
  };
}

/** For tests: forget every held secret. */
export function forgetSecrets(): void {
  held.clear();
}

const SCRUBBED = '***';

/** Characters that render as nothing (controls, soft hyphen, zero-width and bidi marks): removed, they would join a split token. */
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00, 0x08],
  [0x0b, 0x1f],
  [0x7f, 0x9f],
  [0xad, 0xad],
  [0x61c, 0x61c],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
];
const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const INVISIBLE = new RegExp(`[${INVISIBLE_RANGES.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]`, 'g');
/** A run shorter than this holds no token worth scrubbing. */
const MIN_RUN = 20;

/**
 * Base64url characters, dots and the invisible ones: a JWT can only lie
 * inside a run of them. Tested by code, since a regular expression's loop
 * over a run of millions of them exhausts V8's backtracking stack; one table
 * look-up a character, so that a flood of any one character costs no more
 * than ordinary text.
 */
const TOKEN_CHARS = (() => {
  const table = new Uint8Array(0x10000);
  for (const [from, to] of [
    ...INVISIBLE_RANGES,
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0x5f, 0x5f],
    [0x2e, 0x2e],
    [0x2d, 0x2d],
  ] as const)
    table.fill(1, from, to + 1);
  return table;
})();

function isTokenChar(code: number): boolean {
  return TOKEN_CHARS[code] === 1;
}

/** Replaces every held secret and every JWT-shaped string by `***`, also when invisible characters split it. Linear in the text's length. */
export function scrub(text: string): string {
  const source = replaceHeld(text);
  let out = '';
  let copied = 0;
  for (let start = 0; start < source.length;) {
    if (!isTokenChar(source.charCodeAt(start))) {
      start++;
      continue;
    }
    let end = start + 1;
    while (end < source.length && isTokenChar(source.charCodeAt(end))) end++;
    if (end - start >= MIN_RUN) {
      const visible = source.slice(start, end).replace(INVISIBLE, '');
      const scrubbed = scrubJwts(replaceHeld(visible));
      // A run is kept as written unless a secret lies in it.
      if (scrubbed !== visible) {
        out += source.slice(copied, start) + scrubbed;
        copied = end;
      }
    }
    start = end;
  }
  return copied === 0 ? source : out + source.slice(copied);
}

function replaceHeld(text: string): string {
  let out = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...held].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(SCRUBBED);
  }
  return out;
}

/**
 * A JWT is `eyJ…` (the base64url of `{"`), a dot, a payload, a dot and a
 * signature (empty for an unsigned token). A token cut short by whoever
 * quoted it (a header and part of its payload) is still a leak, so a long
 * enough `eyJ…` segment is scrubbed with the (up to) two segments after it.
 * Found by splitting the run at its dots: no regular expression backtracks.
 */
function scrubJwts(run: string): string {
  if (!run.includes('eyJ')) return run;
  const parts = run.split('.');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const start = part.indexOf('eyJ');
    const whole = start !== -1 && part.length - start >= 10 && (parts[i + 1]?.length ?? 0) >= 2 && parts[i + 2] !== undefined;
    if (whole || (start !== -1 && part.length - start >= 16)) {
      out.push(part.slice(0, start) + SCRUBBED);
      i += Math.min(2, parts.length - 1 - i);
    } else {
      out.push(part);
    }
  }
  return out.join('.');
}

/** Bidirectional and other invisible formatting controls (Trojan Source), and the line/paragraph separators. */
const BIDI = /[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** ANSI escape sequences (CSI and OSC); each class is distinct from the next, so matching is linear. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\u001B(?:\[[0-?]{0,64}[ -/]{0,16}[@-~]|\][^\u0007\u001B]{0,512}(?:\u0007|\u001B\\)?)/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** The longest service string written into a log line. */
const ONE_LINE_MAX = 300;

/**
 * A string from a service, made safe for one log line: scrubbed, ANSI
 * escapes, controls (CR and LF included) and bidi controls removed, no line
 * starting `::` (a workflow command), cut to `max` characters.
 */
export function oneLine(value: string | undefined, max = ONE_LINE_MAX): string {
  const text = scrub(value ?? '')
    .replace(ANSI, '')
    .replace(BIDI, '')
    .replace(CONTROLS, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const cut = noLegacyCommands(text.length > max ? `${text.slice(0, max)}…` : text);
  return cut.startsWith('::') ? `: ${cut.slice(1)}` : cut;
}

/**
 * `::` after a line's start and the blanks the runner trims there (.NET's, U+0085 included); only
 * horizontal blanks, so that each character is scanned from one line start at most.
 */
const LINE_START_COMMAND = /(^|[\r\n\u2028\u2029])([\t\v\f \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff]*)::/g;

/**
 * A log message as written to stdout: scrubbed, and no line of it can be read as a workflow command (the
 * runner reads one at the start of any line, and a service's words may carry line breaks the message was
 * not meant to hold).
 */
export function logText(message: string): string {
  return noLegacyCommands(scrub(message).replace(LINE_START_COMMAND, '$1$2: :'));
}

/** The runner also reads the older `##[command]` form anywhere in a line (`##[stop-commands]` would end masking). */
function noLegacyCommands(text: string): string {
  return text.replaceAll('##[', '# #[');
}

/** The model's answer with every published string scrubbed: outputs, response-file, summary and comment all start from it. */
export function scrubAnswer<T extends { text: string; model: string; finishReason: string; requestId: string; reasoningSummary?: string }>(
  answer: T,
): T {
  return {
    ...answer,
    ...(answer.reasoningSummary !== undefined ? { reasoningSummary: scrub(answer.reasoningSummary) } : {}),
    text: scrub(answer.text),
    model: scrub(answer.model),
    finishReason: scrub(answer.finishReason),
    requestId: scrub(answer.requestId),
  };
}
