/**
 * A flagged answer: Azure's content filter marked part of the answer
 * `filtered: true` although the answer did not end with finish reason
 * content_filter. With asynchronous filtering Azure streams the whole answer,
 * ends it with `finish_reason: "stop"`, then sends annotation chunks whose
 * `content_filter_offsets` say which characters were checked; a category
 * there (the deployment's own `custom_blocklists` included) can be filtered.
 * On the Responses API the same verdict is an entry of the response's
 * `content_filters` with `source_type: "completion"`. The text was flagged,
 * so it is treated like a filtered answer: nothing of it is published.
 * Recorded: Azure/azure-sdk-assets, the .NET tests' AsyncContentFilterWorksStreaming
 * session. Pure; the category and blocklist names are service strings, made one safe line.
 */
import { oneLine } from '../secrets.ts';

export interface Flag {
  /** "custom_blocklists (TestBlocklistNoBanana)", "violence (severity medium)". */
  categories: string[];
  /** The characters the flagging verdict covers, as Azure counts them (end exclusive). */
  range?: { start: number; end: number };
}

type Verdict = { filtered?: unknown; severity?: unknown; details?: unknown } | null | undefined;

/** The categories a filter result marks filtered, named for a diagnosis (at most 10, each cut short). */
export function flaggedCategories(results: unknown): string[] {
  if (!results || typeof results !== 'object' || Array.isArray(results)) return [];
  const names: string[] = [];
  for (const [name, value] of Object.entries(results as Record<string, Verdict>).slice(0, 40)) {
    if (value?.filtered !== true) continue;
    const blocklists = Array.isArray(value.details)
      ? (value.details as Verdict[])
          .filter((detail) => detail?.filtered === true)
          .slice(0, 5)
          .map((detail) => (detail as { id?: unknown }).id)
          .map((id) => (typeof id === 'string' ? oneLine(id, 60) : ''))
          .filter((id) => id !== '')
      : [];
    const severity = typeof value.severity === 'string' && value.severity ? `severity ${oneLine(value.severity, 20)}` : '';
    const said = blocklists.length ? blocklists.join(', ') : severity;
    names.push(`${oneLine(name, 60)}${said ? ` (${said})` : ''}`);
  }
  return names.slice(0, 10);
}

/** Azure's `content_filter_offsets`, when they are two sane numbers. */
export function offsetsRange(offsets: unknown): Flag['range'] {
  const { start_offset: start, end_offset: end } = (offsets ?? {}) as { start_offset?: unknown; end_offset?: unknown };
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
    return undefined;
  }
  return start >= 0 && end >= start ? { start, end } : undefined;
}

/** Adds one flagging verdict to what was flagged so far: the categories joined, the ranges spanned. */
export function addFlag(flag: Flag | undefined, categories: string[], range: Flag['range']): Flag | undefined {
  if (categories.length === 0) return flag;
  const joined = [...new Set([...(flag?.categories ?? []), ...categories])].slice(0, 10);
  const spans = [flag?.range, range].filter((r): r is NonNullable<Flag['range']> => r !== undefined);
  if (spans.length === 0) return { categories: joined };
  const start = Math.min(...spans.map((r) => r.start));
  const end = Math.max(...spans.map((r) => r.end));
  return { categories: joined, range: { start, end } };
}

/** A Responses answer's flag: the `content_filters` entries about the completion that filtered or blocked it. */
export function responsesFlag(contentFilters: unknown): Flag | undefined {
  if (!Array.isArray(contentFilters)) return undefined;
  let flag: Flag | undefined;
  for (const entry of contentFilters.slice(0, 50) as Array<Record<string, unknown> | null>) {
    if (!entry || typeof entry !== 'object' || entry.source_type === 'prompt') continue;
    const categories = flaggedCategories(entry.content_filter_results);
    const named = categories.length === 0 && entry.blocked === true ? ['blocked'] : categories;
    flag = addFlag(flag, named, offsetsRange(entry.content_filter_offsets));
  }
  return flag;
}

/** The one diagnosis of a flagged answer: the categories, the characters, and what to do. */
export function flaggedAnswerMessage(flag: Flag, textLength: number): string {
  const range = flag.range ?? { start: 0, end: textLength };
  return [
    `Azure OpenAI's content filter flagged the answer after sending it: ${flag.categories.join(', ')} marked filtered, for characters ${range.start}–${range.end} of ${textLength}.`,
    'A flagged answer is a filtered one: the step writes no outputs and posts no comment. Asynchronous filtering (the deployment\'s content filter in "asynchronous filter" mode) checks the text after it was streamed: change the prompt, or the deployment\'s filter or blocklist in the Azure AI Foundry portal if the flag is wrong.',
  ].join('\n');
}
