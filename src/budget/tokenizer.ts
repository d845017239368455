/**
 * Counts tokens with the model family's real encoding (gpt-tokenizer, BPE
 * ranks bundled, no network). Loaded lazily: only a prompt that uses a
 * context variable pays for it. The model behind a deployment is not known
 * before the call, so the encoding is chosen from the deployment name
 * (usually the model's), o200k_base (every current model) otherwise.
 */

export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface EncodingChoice {
  encoding: EncodingName;
  reason: string;
}

/** gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1/o3/o4 and gpt-oss use o200k_base. */
const O200K = /gpt-?4o|gpt-?4\.[15]|gpt-?5|(^|[^a-z0-9])o[1-9]($|[^0-9])|gpt-?oss|codex/i;
/** gpt-3.5-turbo (gpt-35-turbo on Azure), gpt-4 and gpt-4-turbo, ada embeddings use cl100k_base. */
const CL100K = /gpt-?3\.?5|gpt-?35|gpt-?4($|[^o.0-9])|gpt-?4-?(32k|turbo)|text-embedding/i;

export function chooseEncoding(deployment: string): EncodingChoice {
  if (O200K.test(deployment)) return { encoding: 'o200k_base', reason: `deployment ${deployment} names an o200k_base model` };
  if (CL100K.test(deployment)) return { encoding: 'cl100k_base', reason: `deployment ${deployment} names a cl100k_base model` };
  return {
    encoding: 'o200k_base',
    reason: `deployment ${deployment} names no known model; o200k_base is the encoding of every current model`,
  };
}

export type TokenCounter = (text: string) => number;

export async function loadTokenCounter(encoding: EncodingName): Promise<TokenCounter> {
  // Literal specifiers, so the bundler splits each encoding into a chunk of its own.
  const module =
    encoding === 'cl100k_base' ? await import('gpt-tokenizer/encoding/cl100k_base') : await import('gpt-tokenizer/encoding/o200k_base');
  // Special-token text in a diff (<|endoftext|>) is counted as plain text, not refused.
  const options = { disallowedSpecial: new Set<string>() };
  return (text) => {
    let total = 0;
    for (const piece of withoutLongRuns(text)) total += module.countTokens(piece, options);
    return total;
  };
}

/** Longer runs of spaces, or of other characters, than any real word, indent or minified line holds in one BPE piece. */
export const MAX_RUN = 1000;

/**
 * The text cut inside every run of more than MAX_RUN whitespace or non-whitespace characters, so no piece
 * the BPE merges is longer: merging one piece is quadratic in its length. Text without such runs is one
 * piece, counted exactly; a cut run may count a token or so more, which the budget can afford.
 */
export function withoutLongRuns(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let run = 0;
  let spaces = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const space = code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
    run = space === spaces ? run + 1 : 1;
    spaces = space;
    if (run > MAX_RUN) {
      pieces.push(text.slice(start, i));
      start = i;
      run = 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * Tokens of chat messages as the service counts them: each message's content
 * plus the chat format's few tokens per message and for the reply's start
 * (OpenAI's published rule for gpt-3.5/4-class models: 3 + 3).
 */
export function countMessages(messages: ReadonlyArray<{ role: string; content: string }>, count: TokenCounter): number {
  let total = 3;
  for (const m of messages) total += 3 + count(m.role) + count(m.content);
  return total;
}
