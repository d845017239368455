/** Page planning: the count of pages from a count or a Link header (untrusted text), and pages reassembled in order. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fetchInOrder,
  hasNextPage,
  lastPageOf,
  listAllPages,
  type Page,
  pageNumberOf,
  pageQuery,
  pagesForCount,
  parseLinkHeader,
} from '../../../src/github-context/paging.ts';

const BASE = 'https://api.github.com/repositories/1300192/pulls/7/files';
/** A Link header as GitHub sends it on page `page` of `last` (docs.github.com, "Using pagination in the REST API"). */
function githubLink(page: number, last: number): string | undefined {
  const url = (n: number) => `<${BASE}?per_page=100&page=${n}>`;
  const rels: string[] = [];
  if (page > 1) rels.push(`${url(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) rels.push(`${url(1)}; rel="first"`);
  return rels.length ? rels.join(', ') : undefined;
}

describe('Link header', () => {
  test("GitHub's own example: prev, next, last and first", () => {
    const links = parseLinkHeader(
      '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"',
    );
    assert.deepEqual([...links.keys()], ['prev', 'next', 'last', 'first']);
    assert.equal(pageNumberOf(links.get('last')), 515);
    assert.equal(pageNumberOf(links.get('prev')), 2);
  });

  const cases: Array<{ name: string; header: string | undefined; last: number | undefined; next: boolean }> = [
    { name: 'first of 30 pages', header: githubLink(1, 30), last: 30, next: true },
    { name: 'a middle page', header: githubLink(12, 30), last: 30, next: true },
    { name: 'the last page (prev and first only)', header: githubLink(30, 30), last: undefined, next: false },
    { name: 'a single page: no header', header: undefined, last: undefined, next: false },
    { name: 'an empty header', header: '', last: undefined, next: false },
    {
      name: 'unquoted rel, odd spacing and case',
      header: `<${BASE}?page=2>;rel=next ,  <${BASE}?page=9>;  REL="last"`,
      last: 9,
      next: true,
    },
    {
      name: 'a last page that is not a number',
      header: `<${BASE}?page=2>; rel="next", <${BASE}?page=lots>; rel="last"`,
      last: undefined,
      next: true,
    },
    { name: 'a last page past any real listing', header: `<${BASE}?page=99999999>; rel="last"`, last: undefined, next: false },
    { name: 'a negative or zero page', header: `<${BASE}?page=-3>; rel="last", <${BASE}?page=0>; rel="next"`, last: undefined, next: true },
    { name: 'an unclosed bracket', header: `<${BASE}?page=2; rel="next"`, last: undefined, next: false },
    { name: 'garbage', header: 'rel="last"; <<<>>>,,;;==', last: undefined, next: false },
    {
      name: 'a header longer than any GitHub sends',
      header: `<${BASE}?page=9>; rel="last", ${'x'.repeat(20_000)}`,
      last: undefined,
      next: false,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(lastPageOf(c.header), c.last);
      assert.equal(hasNextPage(c.header), c.next);
    });
  }

  test('a huge hostile header is scanned in one bounded pass', () => {
    const hostile = `${'<'.repeat(8000)}${'>; rel="next", '.repeat(500)}`.slice(0, 16_000);
    assert.equal(lastPageOf(hostile), undefined);
    assert.equal(typeof hasNextPage(hostile), 'boolean');
  });
});

describe('pages from a count', () => {
  const cases: Array<[count: number, maxPages: number, pages: number]> = [
    [0, 30, 1],
    [1, 30, 1],
    [100, 30, 1],
    [101, 30, 2],
    [3000, 30, 30],
    [3050, 30, 30], // GitHub lists at most 3000 files
    [260, 3, 3], // and 250 commits
    [-1, 30, 1],
    [Number.NaN, 30, 1],
  ];
  for (const [count, maxPages, pages] of cases) {
    test(`${count} items, at most ${maxPages} pages: ${pages}`, () => assert.equal(pagesForCount(count, maxPages), pages));
  }

  test('the first page is asked for without page=, like the sequential walk', () => {
    assert.deepEqual(pageQuery(1), { per_page: 100 });
    assert.deepEqual(pageQuery(2), { per_page: 100, page: 2 });
  });
});

/** A listing of `total` items served 100 a page with GitHub's Link headers; records which pages were asked for. */
function listing(total: number) {
  const asked: number[] = [];
  let inFlight = 0;
  let most = 0;
  const last = Math.max(1, Math.ceil(total / 100));
  const fetchPage = async (page: number): Promise<Page<number>> => {
    asked.push(page);
    inFlight += 1;
    most = Math.max(most, inFlight);
    // Later pages answer sooner, so that order is the reassembly's doing, not the network's.
    await new Promise((resolve) => setTimeout(resolve, (40 - page) % 7));
    inFlight -= 1;
    const items = Array.from({ length: Math.max(0, Math.min(100, total - (page - 1) * 100)) }, (_, i) => (page - 1) * 100 + i);
    return { items, link: githubLink(page, last) };
  };
  return { fetchPage, asked, most: () => most };
}

describe('listAllPages', () => {
  const sequential = (total: number, cap: number) => Array.from({ length: Math.min(total, cap) }, (_, i) => i);

  test('from the first page\'s rel="last": the rest at once, at most 8 in flight, in order', async () => {
    const l = listing(3000);
    assert.deepEqual(await listAllPages({ fetchPage: l.fetchPage, maxPages: 30 }), sequential(3000, 3000));
    assert.equal(l.asked.length, 30);
    assert.equal(l.asked[0], 1);
    assert.ok(l.most() > 1 && l.most() <= 8, `${l.most()} in flight`);
  });

  test('from a known count: every page at once, none twice', async () => {
    const l = listing(3000);
    assert.deepEqual(await listAllPages({ fetchPage: l.fetchPage, maxPages: 30, count: 3000 }), sequential(3000, 3000));
    assert.deepEqual(
      [...l.asked].sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });

  test('a count that was too low loses nothing: the listing is followed on by rel="next"', async () => {
    const l = listing(750);
    assert.deepEqual(await listAllPages({ fetchPage: l.fetchPage, maxPages: 30, count: 300 }), sequential(750, 3000));
    assert.equal(l.asked.length, 8);
  });

  test('a count that was too high adds nothing (the extra pages are empty)', async () => {
    const l = listing(150);
    assert.deepEqual(await listAllPages({ fetchPage: l.fetchPage, maxPages: 30, count: 400 }), sequential(150, 3000));
  });

  test("GitHub's cap: 3,050 items, 30 pages read", async () => {
    const l = listing(3050);
    assert.deepEqual(await listAllPages({ fetchPage: l.fetchPage, maxPages: 30 }), sequential(3050, 3000));
    assert.equal(Math.max(...l.asked), 30);
  });

  test('a single page, an empty listing', async () => {
    assert.deepEqual(await listAllPages({ fetchPage: listing(3).fetchPage, maxPages: 30 }), [0, 1, 2]);
    const empty = listing(0);
    assert.deepEqual(await listAllPages({ fetchPage: empty.fetchPage, maxPages: 30 }), []);
    assert.deepEqual(empty.asked, [1]);
  });

  test('without rel="last", pages are followed one by one, as before', async () => {
    const l = listing(350);
    const noLast = async (page: number) => {
      const p = await l.fetchPage(page);
      return {
        ...p,
        link: p.link
          ?.split(', ')
          .filter((part) => !part.endsWith('rel="last"'))
          .join(', '),
      };
    };
    assert.deepEqual(await listAllPages({ fetchPage: noLast, maxPages: 30 }), sequential(350, 3000));
    assert.deepEqual(l.asked, [1, 2, 3, 4]);
  });

  test('a search ends at the page that found it; no later page is started once it is in', async () => {
    const l = listing(1000);
    const found = await listAllPages({ fetchPage: l.fetchPage, maxPages: 10, concurrency: 2, stopAfter: (items) => items.includes(250) });
    assert.deepEqual(found, sequential(300, 3000));
    assert.ok(Math.max(...l.asked) <= 4, `asked ${l.asked.join(',')}`);
  });

  test('a failed page fails the listing and starts no further page', async () => {
    const asked: number[] = [];
    const failing = async (page: number): Promise<Page<number>> => {
      asked.push(page);
      if (page === 2) throw new Error('502');
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { items: [page] };
    };
    await assert.rejects(fetchInOrder([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], failing, 2), /502/);
    assert.ok(asked.length < 10, `asked ${asked.join(',')}`);
  });
});
