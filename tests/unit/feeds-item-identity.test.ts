import { describe, expect, it } from 'vitest';
import { canonicalLink, contentHash, isGenericGuid, itemId, itemIdentity } from '../../lambdas/feeds/item-identity.ts';

const item = (over: Partial<{ guid: string; link: string; title: string; text: string; published: string }>) => ({ title: 'T', text: '', link: '', ...over });

describe('canonicalLink', () => {
  it.each([
    ['HTTPS://News.Example.COM:443/a/b?utm_source=rss&id=7&utm_medium=feed#comments', 'https://news.example.com/a/b?id=7'],
    ['http://x.example/p?fbclid=abc&gclid=1&mc_cid=2&mc_eid=3&ocid=4&cmpid=5&b=2&a=1', 'http://x.example/p?a=1&b=2'],
    ['https://www.bbc.co.uk/news/world-1?at_medium=RSS&at_campaign=KARANGA', 'https://www.bbc.co.uk/news/world-1'],
    ['https://x.example/story?ref=12345', 'https://x.example/story?ref=12345'],
    ['http://news.google.com/news/url?sa=t&fd=R&url=http://www.telegraph.co.uk/news/1.html?utm_source=g', 'http://www.telegraph.co.uk/news/1.html'],
  ])('canonicalises %s to %s', (link, canonical) => {
    expect(canonicalLink(link)).toBe(canonical);
  });

  it('has no canonical form for a relative or non-http link', () => {
    expect(canonicalLink('/relative/path')).toBeUndefined();
    expect(canonicalLink('mailto:desk@news.example')).toBeUndefined();
  });
});

describe('itemId', () => {
  it('rests on the guid, else the canonical link, else the title and date', () => {
    expect(itemIdentity(item({ guid: 'abc-1', link: 'https://x.example/a' })).basis).toBe('guid');
    expect(itemIdentity(item({ guid: 'null', link: 'https://x.example/a' })).basis).toBe('link');
    expect(itemIdentity(item({ link: '/relative', published: '2024-01-01T00:00:00.000Z' })).basis).toBe('title-date');
  });

  it('gives the same id to the same article reached through different tracking links', () => {
    const a = itemId(item({ link: 'https://x.example/a?utm_source=twitter&utm_campaign=x' }), 'feed-1');
    const b = itemId(item({ link: 'https://X.example/a?fbclid=zzz#top' }), 'feed-1');
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tells apart items whose links differ in a meaningful parameter', () => {
    expect(itemId(item({ link: 'https://x.example/a?id=1' }), 'f')).not.toBe(itemId(item({ link: 'https://x.example/a?id=2' }), 'f'));
  });

  it('scopes ids by feed, because a guid is only unique within its feed', () => {
    expect(itemId(item({ guid: '42' }), 'feed-a')).not.toBe(itemId(item({ guid: '42' }), 'feed-b'));
  });

  it('ignores a generic guid', () => {
    for (const g of ['', '0', 'null', 'undefined', 'N/A', '#', '  ']) expect(isGenericGuid(g)).toBe(true);
    for (const g of ['12345', 'tag:news.google.com,2005:cluster=abc', 'https://x.example/p/1']) expect(isGenericGuid(g)).toBe(false);
  });

  it('falls back to title and date, so a retitled undated item is a new item', () => {
    const base = item({ title: 'Velayati in Baku', published: '2019-11-10T00:00:00.000Z' });
    expect(itemId(base, 'f')).toBe(itemId({ ...base, title: '  velayati   in BAKU ' }, 'f'));
    expect(itemId(base, 'f')).not.toBe(itemId({ ...base, published: '2019-11-11T00:00:00.000Z' }, 'f'));
  });
});

describe('contentHash', () => {
  const story = { title: 'Rabbani arrives in Caracas', text: 'Mohsen Rabbani arrived on Tuesday.' };

  it('does not change for whitespace, case or typographic quotes', () => {
    expect(contentHash({ title: ' Rabbani  arrives in CARACAS', text: 'Mohsen\nRabbani arrived on Tuesday.' })).toBe(contentHash(story));
    expect(contentHash({ title: 'It\u2019s here', text: '' })).toBe(contentHash({ title: "It's here", text: '' }));
  });

  it('changes when a word changes', () => {
    expect(contentHash({ ...story, text: 'Mohsen Rabbani arrived on Wednesday.' })).not.toBe(contentHash(story));
  });
});
