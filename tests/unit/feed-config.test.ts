import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedConfigError, parseFeedList } from '../../lambdas/config/feeds.ts';

describe('parseFeedList', () => {
  it('reads the shipped config/feeds.json, English and Spanish feeds with unique ids', () => {
    const feeds = parseFeedList(readFileSync('config/feeds.json', 'utf8'), 'config/feeds.json');
    expect(feeds.length).toBeGreaterThanOrEqual(8);
    expect(new Set(feeds.map((f) => f.lang))).toEqual(new Set(['en', 'es']));
  });

  it('accepts a bare array, as the Lambda variable holds it', () => {
    expect(parseFeedList('[{"id":"jta","url":"https://www.jta.org/feed"}]', 'FEEDS_JSON')).toEqual([{ id: 'jta', url: 'https://www.jta.org/feed' }]);
  });

  it.each([
    ['invalid JSON', '{', 'f.json: not valid JSON'],
    ['an empty list', '{"feeds":[]}', 'f.json: feeds: at least one feed'],
    ['a non-http URL', '[{"id":"a","url":"file:///etc/passwd"}]', 'f.json: feeds[0].url: must be an http(s) URL'],
    ['a duplicate id', '[{"id":"a","url":"http://x.example"},{"id":"a","url":"http://y.example"}]', "f.json: feeds[1].id: duplicate feed id 'a'"],
  ])('refuses %s with a message naming the place', (_name, text, message) => {
    expect(() => parseFeedList(text, 'f.json')).toThrow(FeedConfigError);
    expect(() => parseFeedList(text, 'f.json')).toThrow(message);
  });
});
