import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedParseError, htmlToText, parseFeed } from '../../lambdas/feeds/parse-feed.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function reason(body: Uint8Array, contentType?: string): Promise<string> {
  try {
    await parseFeed(body, contentType);
  } catch (err) {
    expect(err).toBeInstanceOf(FeedParseError);
    return (err as Error).message;
  }
  throw new Error('expected parseFeed to fail');
}

describe('parseFeed reads each feed dialect', () => {
  const cases: Array<{ name: string; xml: string; title: string; link: string; guid?: string; published?: string; lang?: string }> = [
    {
      name: 'RSS 2.0',
      xml: `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://news.example/</link><language>es-AR</language>
        <item><title>Rabbani &amp; Velayati</title><link>https://news.example/a/1</link><guid isPermaLink="false">id-1</guid>
        <pubDate>Tue, 10 Nov 2009 23:00:00 GMT</pubDate><description>&lt;p&gt;Short&lt;/p&gt;</description></item></channel></rss>`,
      title: 'Rabbani & Velayati',
      link: 'https://news.example/a/1',
      guid: 'id-1',
      published: '2009-11-10T23:00:00.000Z',
      lang: 'es',
    },
    {
      name: 'Atom 1.0',
      xml: `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>T</title><link href="https://atom.example/"/>
        <entry><id>tag:atom.example,2024:1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title>
        <link rel="alternate" href="/post/1"/><updated>2024-03-01T10:00:00Z</updated><summary>S</summary></entry></feed>`,
      title: 'Bold move',
      link: 'https://atom.example/post/1',
      guid: 'tag:atom.example,2024:1',
      published: '2024-03-01T10:00:00.000Z',
      lang: 'en',
    },
    {
      name: 'RDF (RSS 1.0)',
      xml: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://rdf.example/"><title>T</title><link>https://rdf.example/</link><dc:language>fr</dc:language></channel>
        <item rdf:about="https://rdf.example/i/1"><title>Un</title><link>https://rdf.example/i/1</link><dc:date>2020-05-01T08:00:00+02:00</dc:date></item></rdf:RDF>`,
      title: 'Un',
      link: 'https://rdf.example/i/1',
      guid: 'https://rdf.example/i/1',
      published: '2020-05-01T06:00:00.000Z',
      lang: 'fr',
    },
    {
      name: 'RSS without a version and without a channel',
      xml: `<rss><item><title>Loose</title><link>http://loose.example/x</link></item></rss>`,
      title: 'Loose',
      link: 'http://loose.example/x',
    },
    {
      name: 'Atom with a namespace prefix',
      xml: `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry><a:id>urn:1</a:id><a:title>Prefixed</a:title>
        <a:link href="http://p.example/1"/></a:entry></a:feed>`,
      title: 'Prefixed',
      link: 'http://p.example/1',
      guid: 'urn:1',
    },
  ];
  for (const c of cases) {
    it(`reads title, link, guid, date and language from ${c.name}`, async () => {
      const feed = await parseFeed(utf8(c.xml));
      expect(feed.items).toHaveLength(1);
      const item = feed.items[0]!;
      expect(item.title).toBe(c.title);
      expect(item.link).toBe(c.link);
      expect(item.guid).toBe(c.guid);
      expect(item.published).toBe(c.published);
      expect(feed.lang).toBe(c.lang);
    });
  }
});

describe('parseFeed normalises item content', () => {
  it('chooses the richest of content:encoded, description and summary, reduced to text', async () => {
    const xml = `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><title>x</title>
      <description>Short teaser</description>
      <content:encoded><![CDATA[<p>The <b>full</b> story about Mohsen Rabbani&#8217;s trip.</p><script>track()</script>]]></content:encoded>
      </item></channel></rss>`;
    const [item] = (await parseFeed(utf8(xml))).items;
    expect(item!.text).toBe('The full story about Mohsen Rabbani\u2019s trip.');
  });

  it('resolves relative item links against the feed link, and against the URL when the feed link is relative too', async () => {
    const xml = `<rss version="2.0"><channel><link>/home</link><item><title>x</title><link>../news/42?id=1</link></item></channel></rss>`;
    const feed = await parseFeed(utf8(xml), undefined, { url: 'https://site.example/feeds/rss.xml' });
    expect(feed.link).toBe('https://site.example/home');
    expect(feed.items[0]!.link).toBe('https://site.example/news/42?id=1');
  });

  it('resolves relative Atom links against xml:base on the feed and on the entry', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/"><link href="https://elsewhere.example/"/>
      <entry><title>a</title><link href="post-1"/></entry>
      <entry xml:base="/archive/"><title>b</title><link href="post-2"/></entry></feed>`;
    expect((await parseFeed(utf8(xml))).items.map((i) => i.link)).toEqual(['https://base.example/blog/post-1', 'https://base.example/archive/post-2']);
  });

  it('uses a permalink guid as the link when the item has no link', async () => {
    const xml = `<rss version="2.0"><channel><item><guid>https://g.example/p/7</guid><title>x</title></item>
      <item><guid isPermaLink="false">https://g.example/p/8</guid><title>y</title></item></channel></rss>`;
    const items = (await parseFeed(utf8(xml))).items;
    expect(items.map((i) => i.link)).toEqual(['https://g.example/p/7', '']);
  });

  it('keeps an item whose date is unreadable, without a date', async () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><updated>yesterday-ish</updated></entry></feed>`;
    const [item] = (await parseFeed(utf8(xml))).items;
    expect(item!.title).toBe('t');
    expect(item!.published).toBeUndefined();
  });

  it('reads HTML named entities that the feed uses without declaring them', async () => {
    const xml = `<rss version="2.0"><channel><item><title>Canciller&iacute;a &ndash; Buenos Aires &amp; Teher&aacute;n</title></item></channel></rss>`;
    expect((await parseFeed(utf8(xml))).items[0]!.title).toBe('Cancillería – Buenos Aires & Teherán');
  });

  it('accepts a bare ampersand in text and in a link', async () => {
    const xml = `<rss version="2.0"><channel><item><title>Q&A</title><link>http://x.example/?a=1&b=2</link></item></channel></rss>`;
    const [item] = (await parseFeed(utf8(xml))).items;
    expect(item!.title).toBe('Q&A');
    expect(item!.link).toBe('http://x.example/?a=1&b=2');
  });

  it('reads a feed of zero items as a feed, not an error', async () => {
    for (const xml of ['<rss version="2.0"><channel><title>Empty</title></channel></rss>', '<feed xmlns="http://www.w3.org/2005/Atom"/>', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>']) {
      expect((await parseFeed(utf8(xml))).items).toEqual([]);
    }
  });

  it('recovers the complete items of a truncated feed and says so', async () => {
    const xml = `<rss version="2.0"><channel><item><title>Whole</title></item><item><title>Cut off`;
    const feed = await parseFeed(utf8(xml));
    expect(feed.items.map((i) => i.title)).toEqual(['Whole', 'Cut off']);
    expect(feed.notes?.[0]).toMatch(/^recovered from malformed XML: /);
  });
});

describe('parseFeed decodes bytes in the feed\'s charset', () => {
  it('reads a Latin-1 body without a header charset from the XML declaration, é intact', async () => {
    const body = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Café Mañana</title></item></channel></rss>', 'latin1');
    expect((await parseFeed(body)).items[0]!.title).toBe('Café Mañana');
  });

  it('reads windows-1251 named by the Content-Type header', async () => {
    const body = iconv.encode('<rss version="2.0"><channel><item><title>Новости</title></item></channel></rss>', 'windows-1251');
    expect((await parseFeed(body, 'application/rss+xml; charset=windows-1251')).items[0]!.title).toBe('Новости');
  });

  it('gunzips a body that is itself a gzip file', async () => {
    const body = gzipSync(utf8('<rss version="2.0"><channel><item><title>zipped</title></item></channel></rss>'));
    expect((await parseFeed(body)).items[0]!.title).toBe('zipped');
  });
});

describe('parseFeed refuses what is not a feed, in one line', () => {
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['an empty body', new Uint8Array(0), /^empty body$/],
    ['whitespace only', utf8('  \n '), /^empty body$/],
    ['an HTML page', utf8('<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>'), /^not a feed: HTML document$/],
    ['a JSON document', utf8('{"version":"https://jsonfeed.org/version/1"}'), /^not a feed: JSON document/],
    ['binary data', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]), /^not a feed: binary data$/],
    ['another XML vocabulary', utf8('<note><to>x</to></note>'), /^not a feed: root element <note>$/],
    ['plain text', utf8('hello world'), /^not a feed: text, not XML$/],
    ['a gzip bomb', gzipSync(new Uint8Array(3 * 1024 * 1024)), /^body larger than 1 MB after gunzip$/],
  ];
  for (const [name, body, expected] of cases) {
    it(`refuses ${name}`, async () => {
      let message: string;
      try {
        await parseFeed(body, undefined, { maxBytes: 1024 * 1024 });
        throw new Error('expected parseFeed to fail');
      } catch (err) {
        expect(err).toBeInstanceOf(FeedParseError);
        message = (err as Error).message;
      }
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
    });
  }

  it('refuses a billion-laughs DOCTYPE without expanding it', async () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>`;
    expect(await reason(utf8(lol))).toBe('refused: DOCTYPE declares nested entity &lol2; (billion laughs); casewatch never expands entities');
  });

  it('refuses an external entity (XXE) without reading it', async () => {
    const xxe = `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><item><title>&xxe;</title></item></channel></rss>`;
    expect(await reason(utf8(xxe))).toMatch(/^refused: DOCTYPE declares external entity &xxe; \(XXE\)/);
  });

  it('leaves a simple declared entity unexpanded and reads the feed', async () => {
    const xml = `<!DOCTYPE rss [<!ENTITY id "tag:example.com,">]><rss version="2.0"><channel><item><guid>&id;2006</guid></item></channel></rss>`;
    expect((await parseFeed(utf8(xml))).items[0]!.guid).toBe('&id;2006');
  });

  it('reports malformed XML with its position', async () => {
    expect(await reason(utf8('<rss version="2.0"\n<channel><item><title>x</title></item></channel></rss>'))).toMatch(/^malformed XML: .*\(line 2, column \d+\)$/);
  });
});

describe('htmlToText', () => {
  const cases: Array<[string, string]> = [
    ['<p>One</p><p>Two</p>', 'One Two'],
    ['Vela<b>yati</b> said', 'Velayati said'],
    ['AT&amp;T &eacute; &#233; &#xE9; &nbsp;x', 'AT&T é é é x'],
    ['&lt;p&gt;escaped &amp;amp; twice&lt;/p&gt;', 'escaped & twice'],
    ['<![CDATA[<i>cdata</i>]]>', 'cdata'],
    ['a <!-- hidden --> b <style>p{}</style> c', 'a b c'],
    ['x < y and y > z', 'x < y and y > z'],
  ];
  for (const [html, text] of cases) {
    it(`reduces ${JSON.stringify(html)} to ${JSON.stringify(text)}`, () => {
      expect(htmlToText(html)).toBe(text);
    });
  }
});

describe('parseFeed on hostile input', () => {
  it('reads a description holding 200,000 unmatched "<" (a quadratic regex would stall here)', async () => {
    const xml = `<rss version="2.0"><channel><item><title>x</title><description>${'&lt;a b '.repeat(200_000)}</description></item></channel></rss>`;
    const [item] = (await parseFeed(utf8(xml))).items;
    expect(item!.text.startsWith('<a b <a b')).toBe(true);
  });

  it('answers elements nested thousands deep with items or a one-line FeedParseError, never a stack overflow', async () => {
    for (const depth of [2_000, 8_000, 30_000]) {
      const xml = `<rss version="2.0"><channel><item><title>deep</title><description>${'<a b="c">'.repeat(depth)}${'</a>'.repeat(depth)}</description></item></channel></rss>`;
      try {
        expect((await parseFeed(utf8(xml))).items[0]!.title).toBe('deep');
      } catch (err) {
        expect(err).toBeInstanceOf(FeedParseError);
        expect((err as Error).message).toBe('malformed XML: elements nested too deeply');
      }
    }
  });
});
