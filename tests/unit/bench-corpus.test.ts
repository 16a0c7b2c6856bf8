import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../lambdas/domain/types.ts';
import { parseFeed } from '../../lambdas/feeds/parse-feed.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { createRng, etagOf, generateCorpus, renderRss } from '../../scripts/bench/corpus.ts';
import { loopbackAddress } from '../../scripts/bench/feed-server.ts';
import { aliasRegexes } from '../../scripts/bench/naive.ts';

let record: CaseRecord;

beforeAll(async () => {
  // Prepare: the shipped case file, whose accused and namesakes the generator draws on.
  [record] = (await loadCaseFiles()) as [CaseRecord];
});

const namesOf = (r: CaseRecord, id: string): string[] => {
  const a = r.accused.find((x) => x.id === id)!;
  return [a.name, ...a.aliases];
};

describe('benchmark corpus', () => {
  it('generates the same corpus from the same seed and a different one from another seed', () => {
    const a = generateCorpus(record, { seed: 7, feeds: 5, itemsPerFeed: 20, newest: '2026-01-01T00:00:00Z' });
    const b = generateCorpus(record, { seed: 7, feeds: 5, itemsPerFeed: 20, newest: '2026-01-01T00:00:00Z' });
    const c = generateCorpus(record, { seed: 8, feeds: 5, itemsPerFeed: 20, newest: '2026-01-01T00:00:00Z' });
    expect(b).toEqual(a);
    expect(c.map(renderRss)).not.toEqual(a.map(renderRss));
  });

  it('names an accused in about 1% of items, and each such item names him in a case-like sentence', () => {
    const items = generateCorpus(record, { seed: 1994, feeds: 200, itemsPerFeed: 50 }).flatMap((f) => f.items);
    const cases = items.filter((i) => i.kind === 'case');
    expect(items).toHaveLength(10_000);
    expect(cases.length / items.length).toBeGreaterThan(0.007);
    expect(cases.length / items.length).toBeLessThan(0.013);
    for (const item of cases) {
      const text = `${item.title} ${item.text}`;
      expect(namesOf(record, item.subject!).some((n) => text.includes(n)), text).toBe(true);
      expect(text).toMatch(/AMIA/);
    }
  });

  it('never names a deceased accused, who cannot travel or be arrested', () => {
    const deceased = new Set(record.accused.filter((a) => a.deceased).map((a) => a.id));
    const items = generateCorpus(record, { seed: 3, feeds: 100, itemsPerFeed: 50 }).flatMap((f) => f.items);
    expect(items.filter((i) => i.kind === 'case' && deceased.has(i.subject!))).toEqual([]);
  });

  it('writes unrelated items that no alias of any accused matches, and namesake items that name the namesake', () => {
    const items = generateCorpus(record, { seed: 11, feeds: 100, itemsPerFeed: 50 }).flatMap((f) => f.items);
    const regexes = aliasRegexes(record);
    const world = items.filter((i) => i.kind === 'world');
    const namesakes = items.filter((i) => i.kind === 'namesake');
    expect(world.length).toBeGreaterThan(items.length * 0.97);
    expect(world.filter((i) => regexes.some((r) => r.test(`${i.title} ${i.text}`)))).toEqual([]);
    expect(namesakes.length).toBeGreaterThan(0);
    for (const item of namesakes) expect(`${item.title} ${item.text}`).toContain(item.subject!);
  });

  it('writes both English and Spanish feeds', () => {
    const feeds = generateCorpus(record, { seed: 5, feeds: 40, itemsPerFeed: 1 });
    const en = feeds.filter((f) => f.lang === 'en').length;
    expect(en).toBeGreaterThan(10);
    expect(40 - en).toBeGreaterThan(10);
  });

  it('renders RSS that the poller parser reads back item for item, accents and ampersands intact', async () => {
    const [feed] = generateCorpus(record, { seed: 2, feeds: 1, itemsPerFeed: 30 });
    const withAmpersand = { ...feed!, items: [{ ...feed!.items[0]!, title: 'Ríos & mares "en" crisis' }, ...feed!.items.slice(1)] };
    const parsed = await parseFeed(new TextEncoder().encode(renderRss(withAmpersand)));
    expect(parsed.items.map((i) => i.title)).toEqual(withAmpersand.items.map((i) => i.title));
    expect(parsed.items.map((i) => i.text)).toEqual(withAmpersand.items.map((i) => i.text));
    expect(parsed.items.map((i) => i.link)).toEqual(withAmpersand.items.map((i) => i.link));
    expect(parsed.lang).toBe(feed!.lang);
  });

  it('gives a body a stable ETag that changes with the body', () => {
    expect(etagOf('<rss/>')).toBe(etagOf('<rss/>'));
    expect(etagOf('<rss/>')).not.toBe(etagOf('<rss />'));
  });

  it('draws PRNG values in [0, 1) that repeat for a seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });
});

describe('benchmark feed hosts', () => {
  it('stays inside 127.0.0.0/8 and refuses an index that would leave it', () => {
    expect(loopbackAddress(0)).toBe('127.0.0.1');
    expect(loopbackAddress(49)).toBe('127.0.0.50');
    expect(() => loopbackAddress(250)).toThrow(RangeError);
    expect(() => loopbackAddress(-1)).toThrow(RangeError);
  });
});
