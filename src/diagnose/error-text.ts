/** Reading the text of a failure, and quoting it in a diagnosis. */
import { causeChain } from '../cause-chain.ts';
import { messageOf } from '../errors.ts';
import { firstLine } from '../first-line.ts';
import { scrub } from '../secrets.ts';

/** Every message of a cause chain, with those of an aggregate's errors, one per line. */
export function collectMessages(error: unknown): string {
  return causeChain(error)
    .flatMap((link) => {
      const nested = (link as { errors?: unknown[] }).errors;
      return [messageOf(link), ...(Array.isArray(nested) ? nested.map(messageOf) : [])];
    })
    .join('\n');
}

/** Entra's code read whole: AADSTS7002138 is 7002138, not 700213 (codes have five to seven digits today). */
export function aadstsCode(text: string): number | undefined {
  const match = /AADSTS(\d{1,10})/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

export function aadstsLine(text: string): string | undefined {
  return /AADSTS\d+:[^\n]*/.exec(text)?.[0];
}

/** A text's first line, fit to quote: scrubbed before the cut (a cut token no longer matches its mask or the JWT shape), then cut. */
export function quoteLine(text: string): string {
  const line = scrub(firstLine(text));
  return line.length > 600 ? `${line.slice(0, 600)}…` : line.trim();
}
