import { describe, expect, it } from 'vitest';
import { buildRss } from '../../scripts/eval.ts';
import { parseFeed } from '../../lambdas/feeds/parse-feed.ts';

const item = (published: string) => ({
  published, asOf: '2019-11-01', link: 'https://x.test/a?b=1&c=2', title: 'Velayati <en> Bakú & más', summary: 'Texto "citado".', expect: [],
});

describe('npm run eval RSS files', () => {
  it('writes pubDate as score.py does, noon UTC for a bare date', () => {
    const rss = buildRss([item('2019-11-10T15:00:00Z'), item('2019-11-10')]);
    expect(rss).toContain('<pubDate>Sun, 10 Nov 2019 15:00:00 +0000</pubDate>');
    expect(rss).toContain('<pubDate>Sun, 10 Nov 2019 12:00:00 +0000</pubDate>');
  });

  it('escapes &, < and > only', () => {
    expect(buildRss([item('2019-11-10T15:00:00Z')])).toContain('<title>Velayati &lt;en&gt; Bakú &amp; más</title>');
  });

  it('reads back through the feed parser with text, link and date intact', async () => {
    const rss = buildRss([{ ...item('2019-11-10T15:00:00Z'), title: 'Velayati & Bakú' }]);
    const feed = await parseFeed(new TextEncoder().encode(rss));
    expect(feed.items[0]).toMatchObject({ title: 'Velayati & Bakú', text: 'Texto "citado".', link: 'https://x.test/a?b=1&c=2', published: '2019-11-10T15:00:00.000Z' });
  });
});
