/**
 * The answer as it goes into a public PR comment. The model repeats what
 * strangers wrote, so the text must not act when GitHub renders it: no
 * mention pings anyone, no image or raw HTML makes GitHub fetch a URL (a
 * query string can carry what the model saw), no control character or bidi
 * override is posted, and no marker or unclosed `<!--` hides or hijacks a
 * comment. Ordinary Markdown (headings, lists, code, links, tables) passes
 * unchanged, and code spans and blocks are left as they are: GitHub renders
 * nothing inside them.
 */

import { MAX_COMMENT_CHARACTERS, sliceChars } from '../github-limits.ts';

/** C0 controls but tab and newline, DEL and C1 controls; bidi and invisible format controls. */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;
/** This action's comment markers, whatever step they name. */
const MARKERS = /<!--\s{0,10}azure-openai-keyless:[^>\n]{0,1024}-->/g;
/**
 * `@login` or `@org/team`: GitHub links a mention after `_`, `@`, `/`, a backtick and more, so only an
 * e-mail address's `@` (after a letter or digit, or one of `._+-` that follows one) is left as it is.
 */
const MENTION = /(?<![A-Za-z0-9]|[A-Za-z0-9][._+-])@(?=[A-Za-z0-9])/g;
/** `@` written as an HTML entity renders as `@` and would ping as well: its `&` is shown as text. */
const AT_ENTITY = /&(?=#0{0,8}64;|#x0{0,8}40;|commat;)/gi;
/** The start of an HTML tag, comment or declaration; an autolink (`<https://…>`) is left as it is. */
const TAG_START = /<(?=[A-Za-z/!?])(?!(?:https?|mailto):[^\s<>]{0,2000}>)/gi;

/**
 * The most of an answer the hygiene reads: twice what a comment holds. Its escapes only lengthen the
 * text, so what a comment shows lies within it, and its work is bounded whatever the answer's size.
 */
export const HYGIENE_MAX_CHARS = 2 * MAX_COMMENT_CHARACTERS;

export function commentSafe(answer: string): string {
  const text = sliceChars(answer, HYGIENE_MAX_CHARS).replace(/\r\n?/g, '\n').replace(CONTROLS, '').replace(MARKERS, '');
  return mapProse(text, neutralise);
}

/**
 * The answer a comment's text was made from, as far as commentSafe can be
 * undone: the escapes it adds are taken out again (an image's `!` and a
 * removed control cannot be restored). The caller checks the result against
 * the answer's digest, so a text that does not restore exactly is never used.
 */
export function restoreAnswer(commentText: string): string {
  return mapProse(commentText, (prose) =>
    prose
      .replace(/&lt;/g, '<')
      .replace(/&amp;(?=#0{0,8}64;|#x0{0,8}40;|commat;)/gi, '&')
      .replace(/@&#8203;/g, '@'),
  );
}

function neutralise(prose: string): string {
  return (
    prose
      // A zero-width space after @ (as an entity, which GitHub renders invisibly): no ping.
      .replace(MENTION, '@&#8203;')
      .replace(AT_ENTITY, '&amp;')
      // An image becomes a link: GitHub fetches images (through its proxy) when the comment renders.
      .replace(/!\[/g, '[')
      // Raw HTML (tags, <img>, <!-- comments -->) is shown as text, not rendered.
      .replace(TAG_START, '&lt;')
  );
}

/** Applies `change` to the text outside fenced code blocks and code spans. Linear in the text's length. */
function mapProse(text: string, change: (prose: string) => string): string {
  const out: string[] = [];
  let prose: string[] = [];
  let fence: string | undefined;
  const flush = (): void => {
    if (prose.length) out.push(mapOutsideSpans(prose.join('\n'), change));
    prose = [];
  };
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined) {
      // A backtick fence's info string holds no backtick (CommonMark): such a line is prose.
      if (marker && !(marker.startsWith('`') && line.slice(line.indexOf(marker) + marker.length).includes('`'))) {
        flush();
        fence = marker;
        out.push(line);
      } else if (line.trim() === '') {
        // A code span never crosses a blank line: each paragraph is matched on its own.
        flush();
        out.push(line);
      } else prose.push(line);
    } else {
      out.push(line);
      if (marker && marker.startsWith(fence.charAt(0)) && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    }
  }
  flush();
  return out.join('\n');
}

/** Code spans: a run of N backticks up to the next run of exactly N (CommonMark); an unmatched run is literal. */
function mapOutsideSpans(text: string, change: (prose: string) => string): string {
  const runs = [...text.matchAll(/`+/g)].map((m) => ({ at: m.index, length: m[0].length }));
  // For each length, the runs of that length in order: each closing run is found by a pointer, not a scan.
  const byLength = new Map<number, number[]>();
  runs.forEach((run, i) => {
    const list = byLength.get(run.length);
    if (list) list.push(i);
    else byLength.set(run.length, [i]);
  });
  const next = new Map<number, number>();
  const parts: string[] = [];
  let position = 0;
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i];
    if (!open || open.at < position) continue;
    const same = byLength.get(open.length) ?? [];
    let k = next.get(open.length) ?? 0;
    while (k < same.length && (same[k] ?? Infinity) <= i) k++;
    next.set(open.length, k);
    const closeIndex = same[k];
    const close = closeIndex === undefined ? undefined : runs[closeIndex];
    if (closeIndex === undefined || !close) continue;
    parts.push(change(text.slice(position, open.at)), text.slice(open.at, close.at + close.length));
    position = close.at + close.length;
    i = closeIndex;
  }
  parts.push(change(text.slice(position)));
  return parts.join('');
}

/** A service string (the model name) for the footer: only characters that cannot form Markdown or HTML. */
export function footerText(value: string, max = 100): string {
  return value.replace(/[^\w.:/+-]/g, '_').slice(0, max);
}
