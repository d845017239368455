/**
 * Page planning for GitHub's list endpoints: how many pages a listing has
 * (from a count the API gave, such as a pull request's `changed_files`, or
 * from the first page's `Link: rel="last"`), and the pages fetched a few at
 * a time but kept in order, so the result is the sequential walk's. Pure,
 * apart from the page fetcher it is given.
 */

/** GitHub's documented page size limit; every listing here asks for full pages. */
export const PER_PAGE = 100;
/** Pages of one listing in flight at once: well under GitHub's 100 concurrent requests, enough to hide its latency. */
export const PAGE_CONCURRENCY = 8;
/** A Link header is untrusted text (a proxy or a hostile server may send anything): longer ones are ignored. */
const MAX_LINK_CHARS = 16 * 1024;
/** No GitHub listing this action reads has more pages; a larger number is not believed. */
const MAX_PAGE_NUMBER = 10_000;

/**
 * The URLs of a Link header by relation (`next`, `last`, `prev`, `first`), as
 * GitHub sends it: `<URL>; rel="next", <URL>; rel="last"`. Scanned by hand, in
 * one pass: no regular expression runs over the header.
 */
export function parseLinkHeader(header: string | undefined): Map<string, string> {
  const links = new Map<string, string>();
  if (!header || header.length > MAX_LINK_CHARS) return links;
  let at = 0;
  while (at < header.length) {
    const open = header.indexOf('<', at);
    if (open === -1) break;
    const close = header.indexOf('>', open + 1);
    if (close === -1) break;
    const url = header.slice(open + 1, close);
    const nextOpen = header.indexOf('<', close + 1);
    const params = header.slice(close + 1, nextOpen === -1 ? header.length : nextOpen);
    for (const param of params.split(';')) {
      const equals = param.indexOf('=');
      if (equals === -1 || param.slice(0, equals).trim().toLowerCase() !== 'rel') continue;
      for (const rel of unquote(param.slice(equals + 1)).split(' ')) {
        if (rel && !links.has(rel.toLowerCase())) links.set(rel.toLowerCase(), url);
      }
    }
    at = nextOpen === -1 ? header.length : nextOpen;
  }
  return links;
}

/** A parameter's value without the list's trailing comma and its quotes. */
function unquote(value: string): string {
  let text = value.trim();
  if (text.endsWith(',')) text = text.slice(0, -1).trimEnd();
  if (text.startsWith('"')) text = text.slice(1);
  if (text.endsWith('"')) text = text.slice(0, -1);
  return text.trim();
}

/** The `page` query parameter of a link, when it is a plausible page number. */
export function pageNumberOf(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  let page: string | null;
  try {
    page = new URL(url, 'http://link.invalid').searchParams.get('page');
  } catch {
    return undefined;
  }
  if (page === null || !/^[1-9][0-9]{0,5}$/.test(page)) return undefined;
  const number = Number(page);
  return number <= MAX_PAGE_NUMBER ? number : undefined;
}

/** The last page a Link header names, if it names one. */
export function lastPageOf(header: string | undefined): number | undefined {
  return pageNumberOf(parseLinkHeader(header).get('last'));
}

/** Whether a Link header says there is a page after this one. */
export function hasNextPage(header: string | undefined): boolean {
  return parseLinkHeader(header).has('next');
}

/** Query parameters for a page: full pages, and no `page` on the first (the URL a sequential walk starts from). */
export function pageQuery(page: number): { per_page: number; page?: number } {
  return page > 1 ? { per_page: PER_PAGE, page } : { per_page: PER_PAGE };
}

/** How many pages hold `count` items (at least one: an empty listing still answers page 1), at most `maxPages`. */
export function pagesForCount(count: number, maxPages: number, perPage = PER_PAGE): number {
  if (!Number.isFinite(count) || count < 0) return 1;
  return Math.min(maxPages, Math.max(1, Math.ceil(count / perPage)));
}

export interface Page<T> {
  items: T[];
  /** The response's Link header. */
  link?: string | undefined;
}

export interface ListPlan<T> {
  /** Fetches one page (numbered from 1). */
  fetchPage: (page: number) => Promise<Page<T>>;
  /** The most pages to read (GitHub's own cap on the listing, or ours). */
  maxPages: number;
  /** Items the listing holds, when already known: every page is then fetched at once. */
  count?: number | undefined;
  /** Ends the listing after the first page, in order, for which this is true (a search that found what it looked for). */
  stopAfter?: (items: readonly T[]) => boolean;
  concurrency?: number;
}

/**
 * Every item of a listing, in the order the sequential walk (follow `next`
 * until there is none) would give them: pages known in advance are fetched
 * concurrently and reassembled in order; a listing longer than its count said
 * is followed on by `next`, so a stale count loses nothing.
 */
export async function listAllPages<T>(plan: ListPlan<T>): Promise<T[]> {
  const { fetchPage, maxPages } = plan;
  const stop = plan.stopAfter ?? (() => false);
  const concurrency = plan.concurrency ?? PAGE_CONCURRENCY;
  let pages: Page<T>[];
  if (plan.count !== undefined) {
    pages = await fetchInOrder(range(1, pagesForCount(plan.count, maxPages)), fetchPage, concurrency, stop);
  } else {
    const first = await fetchPage(1);
    pages = [first];
    const last = Math.min(maxPages, lastPageOf(first.link) ?? 1);
    if (!stop(first.items) && last > 1) pages.push(...(await fetchInOrder(range(2, last), fetchPage, concurrency, stop)));
  }
  // Past the planned pages only when GitHub says there are more (no rel="last", or a count that was stale).
  for (let last = pages.at(-1); last && pages.length < maxPages && hasNextPage(last.link) && !pages.some((p) => stop(p.items));) {
    last = await fetchPage(pages.length + 1);
    pages.push(last);
  }
  const kept = pages.findIndex((p) => stop(p.items));
  return (kept === -1 ? pages : pages.slice(0, kept + 1)).flatMap((p) => p.items);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/**
 * Fetches the pages with at most `concurrency` in flight, starting them in
 * order; once a page that ends the search is in, no later page is started.
 * Resolves with the pages in order, up to the one that ended the search.
 */
export async function fetchInOrder<T>(
  numbers: readonly number[],
  fetchPage: (page: number) => Promise<Page<T>>,
  concurrency: number,
  stop: (items: readonly T[]) => boolean = () => false,
): Promise<Page<T>[]> {
  const results: Array<Page<T> | undefined> = new Array<Page<T> | undefined>(numbers.length);
  let next = 0;
  let stopAt = numbers.length;
  const worker = async (): Promise<void> => {
    while (next < stopAt) {
      const index = next++;
      try {
        const page = await fetchPage(numbers[index] ?? 0);
        results[index] = page;
        if (stop(page.items)) stopAt = Math.min(stopAt, index + 1);
      } catch (error) {
        stopAt = -1; // the listing has failed: start no further page
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, numbers.length)) }, worker));
  return results.slice(0, stopAt).filter((page): page is Page<T> => page !== undefined);
}
