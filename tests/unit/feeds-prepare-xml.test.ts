import { describe, expect, it } from 'vitest';
import { detectDocument, entityDeclarations, recoverMarkup, repairEntities, stripDoctype } from '../../lambdas/feeds/prepare-xml.ts';

describe('repairEntities', () => {
  it.each([
    ['AT&amp;T &lt;b&gt;', 'AT&amp;T &lt;b&gt;'],
    ['caf&eacute;', 'caf&#233;'],
    ['Q&A & more', 'Q&amp;A &amp; more'],
    ['&#233; &#xE9; &#0; &#x1;', '&#233; &#xE9; &amp;#0; &amp;#x1;'],
    ['&undeclared;', '&amp;undeclared;'],
    ['<![CDATA[a & b &eacute;]]> & c', '<![CDATA[a & b &eacute;]]> &amp; c'],
  ])('makes %s well-formed as %s', (input, output) => {
    expect(repairEntities(input)).toBe(output);
  });
});

describe('entity policy: nothing declared is ever expanded', () => {
  it('lists declared entities and marks external and nested ones', () => {
    expect(entityDeclarations('<!ENTITY a "x"><!ENTITY b "&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd"><!ENTITY % p PUBLIC "-//x" "y.ent">')).toEqual([
      { name: 'a', parameter: false, external: false, nested: false },
      { name: 'b', parameter: false, external: false, nested: true },
      { name: 'c', parameter: false, external: true, nested: false },
      { name: 'p', parameter: true, external: true, nested: false },
    ]);
  });

  it('drops a DOCTYPE whose entities the document does not use', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY % HTMLlat1 PUBLIC "-//W3C//ENTITIES Latin 1//EN" "http://x/lat1.ent"> %HTMLlat1;]><rdf:RDF/>';
    expect(stripDoctype(xml)).toBe('<?xml version="1.0"?><rdf:RDF/>');
  });

  it('drops a DOCTYPE without a subset, such as RSS 0.91\'s', () => {
    expect(stripDoctype('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss/>')).toBe('<rss/>');
  });

  it('ignores "<!DOCTYPE" written inside a comment or CDATA', () => {
    const xml = '<!-- <!DOCTYPE x [ --><rss><item><description><![CDATA[ <!DOCTYPE ]]></description></item></rss>';
    expect(stripDoctype(xml)).toBe(xml);
  });

  it('refuses nested and external entities that the document uses', () => {
    expect(() => stripDoctype('<!DOCTYPE r [<!ENTITY a "ha"><!ENTITY b "&a;&a;">]><r>&b;</r>')).toThrow(/nested entity &b; \(billion laughs\)/);
    expect(() => stripDoctype('<!DOCTYPE r [<!ENTITY e SYSTEM "http://169.254.169.254/">]><r>&e;</r>')).toThrow(/external entity &e; \(XXE\)/);
  });
});

describe('detectDocument', () => {
  it.each([
    ['<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', 'rss'],
    ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', 'rdf'],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', 'atom'],
    ['<atom:feed xmlns:atom="http://www.w3.org/2005/Atom">', 'atom'],
  ])('recognises %s as %s', (xml, kind) => {
    expect(detectDocument(xml).kind).toBe(kind);
  });

  it('finds an Atom feed wrapped in an XHTML page', () => {
    const page = '<html xmlns="http://www.w3.org/1999/xhtml"><body><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed></body></html>';
    const d = detectDocument(page);
    expect(d.kind).toBe('atom');
    if (d.kind !== 'not-feed') expect(page.slice(d.embedded!.start, d.embedded!.end)).toBe('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>');
  });

  it.each([
    ['<html><body><p>rss</p></body></html>', 'not a feed: HTML document'],
    ['<opml version="2.0"><body/></opml>', 'not a feed: OPML outline (a list of feeds, not a feed)'],
    ['<!-- only a comment -->', 'not a feed: no root element (only comments or declarations)'],
  ])('names %s as %s', (xml, reason) => {
    expect(detectDocument(xml)).toEqual({ kind: 'not-feed', reason });
  });
});

describe('recoverMarkup', () => {
  it.each([
    ['<rss><channel><title>x</title></channel></rss', '<rss><channel><title>x</title></channel></rss>'],
    ['<rss><channel><language>en</langauge></channel></rss>', '<rss><channel><language>en</language></channel></rss>'],
    ['<rss><item><title>a < b</title></item></rss>', '<rss><item><title>a &lt; b</title></item></rss>'],
    ['<rss><item><enclosure url=http://x/a.mp3 url="dup" length></item></rss>', '<rss><item><enclosure url="http://x/a.mp3" length="length"></enclosure></item></rss>'],
    ['<rss><item><description><![CDATA[cut', '<rss><item><description><![CDATA[cut]]></description></item></rss>'],
  ])('rebuilds %s as %s', (broken, fixed) => {
    expect(recoverMarkup(broken)).toBe(fixed);
  });
});
