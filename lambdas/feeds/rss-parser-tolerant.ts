/**
 * rss-parser made tolerant of what real feeds do. Its builders assume a `<channel>` exists,
 * that items sit inside it, that Atom links have attributes and that dates parse; any of these
 * failing used to fail the whole feed. This module keeps rss-parser's `parseString` and field
 * mapping and relaxes those assumptions, and maps namespace-prefixed roots (`<a:feed>`) to the
 * names rss-parser dispatches on.
 */
import Parser from 'rss-parser';
import rssParserUtils from 'rss-parser/lib/utils.js';
import { parseFeedDate } from './feed-dates.ts';
import { textOf } from './html-text.ts';
import { type FeedKind, feedNamespacePrefixes } from './prepare-xml.ts';

/** An xml2js element: attributes under `$`, text under `_`, children as arrays. */
export type XmlNode = Record<string, unknown>;

/** What rss-parser yields for an item, loosely typed: any field may be an xml2js node. */
export type RawItem = Record<string, unknown>;

/** What rss-parser yields for a feed: `items` plus channel fields, loosely typed. */
export interface RawFeed {
  readonly items?: RawItem[];
  readonly [key: string]: unknown;
}

/** rss-parser's undeclared methods this module wraps. */
interface RssParserInternals {
  buildRSS(channel: XmlNode, items: unknown[]): RawFeed;
  buildAtomFeed(xmlObj: XmlNode): RawFeed;
  parseItemAtom(entry: XmlNode): RawItem;
  parseItemRss(xmlItem: XmlNode, itemFields: unknown[]): RawItem;
}
const base = Parser.prototype as unknown as RssParserInternals;

// rss-parser's contentSnippet strips tags with a lazy regex that goes quadratic on text full of
// unmatched '<' (a 10 MB feed could hold the poll for hours). casewatch computes its own text
// with htmlToText, so the snippet is switched off.
rssParserUtils.getSnippet = () => '';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** The first element of an xml2js value as an object (`{}` for text or nothing). */
export function asNode(v: unknown): XmlNode {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as XmlNode) : {};
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** ISO date of an xml2js value, or undefined. */
export function validIso(value: unknown): string | undefined {
  return parseFeedDate(textOf(value));
}

/** Atom `<link>` elements as rss-parser expects them: each with `$.href` (text content if no href). */
function normalizeAtomLinks(links: unknown): XmlNode[] | undefined {
  if (links === undefined) return undefined;
  return asArray(links).map((l) => {
    if (typeof l === 'string') return { $: { href: l.trim() } };
    const node = asNode(l);
    const attrs = asNode(node.$);
    return { ...node, $: { ...attrs, href: attrs.href ?? textOf(node._).trim() } };
  });
}

/**
 * rss-parser with its structural assumptions relaxed: a channel may be missing or empty, items
 * may sit directly under `<rss>` or `<rdf:RDF>`, an Atom link may lack attributes, and a date it
 * cannot read is dropped instead of failing the whole feed.
 */
class TolerantParser extends Parser {
  buildRSS2(xmlObj: XmlNode): RawFeed {
    return this.buildRssLike(asNode(xmlObj.rss));
  }

  buildRSS0_9(xmlObj: XmlNode): RawFeed {
    return this.buildRssLike(asNode(xmlObj.rss));
  }

  buildRSS1(xmlObj: XmlNode): RawFeed {
    const rdf = asNode(xmlObj['rdf:RDF']);
    const channel = asNode(rdf.channel);
    return base.buildRSS.call(this, channel, asArray(rdf.item ?? channel.item));
  }

  buildAtomFeed(xmlObj: XmlNode): RawFeed {
    const feed = { ...asNode(xmlObj.feed) };
    const links = normalizeAtomLinks(feed.link);
    if (links) feed.link = links;
    return base.buildAtomFeed.call(this, { feed });
  }

  parseItemAtom(entry: XmlNode): RawItem {
    const e: XmlNode = { ...asNode(entry) };
    // rss-parser calls toISOString() on these and throws on an unreadable date.
    for (const key of ['published', 'updated'] as const) {
      if (e[key] !== undefined && !validIso(e[key])) delete e[key];
      else if (e[key] !== undefined) e[key] = [textOf(e[key]).trim()];
    }
    const links = normalizeAtomLinks(e.link);
    if (links) e.link = links;
    const item = base.parseItemAtom.call(this, e);
    if (e.$ && typeof e.$ === 'object') item.$ = e.$;
    return item;
  }

  parseItemRss(xmlItem: XmlNode, itemFields: unknown[]): RawItem {
    const item = base.parseItemRss.call(this, xmlItem, itemFields);
    // rss-parser keeps the guid's text only; whether it is a permalink decides if it may stand in for a link.
    const isPermaLink = asNode(asNode(asNode(xmlItem).guid).$).isPermaLink;
    if (typeof isPermaLink === 'string') item.guidIsPermaLink = isPermaLink.trim().toLowerCase() !== 'false';
    return item;
  }

  setISODate(item: RawItem): void {
    const iso = validIso(item.pubDate) ?? validIso(item.date);
    if (iso) item.isoDate = iso;
  }

  private buildRssLike(rss: XmlNode): RawFeed {
    const channel = asNode(rss.channel);
    return base.buildRSS.call(this, channel, asArray(channel.item ?? rss.item));
  }
}

const EXTRA_ITEM_FIELDS = ['description', 'id', 'updated', 'published', 'issued', 'modified', 'created', 'dc:date', 'dc:identifier', 'language'];
const EXTRA_FEED_FIELDS = ['dc:language', 'id'];

function newParser(kind: FeedKind, rootAttributes: Readonly<Record<string, string>>): TolerantParser {
  const strip = new Set(feedNamespacePrefixes(rootAttributes));
  const rdfPrefix = Object.entries(rootAttributes).find(([k, v]) => k.startsWith('xmlns:') && v.trim() === RDF_NS)?.[0].slice(6);
  const renameTag = (name: string): string => {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const prefix = name.slice(0, colon);
    if (strip.has(prefix)) return name.slice(colon + 1);
    if (rdfPrefix && prefix === rdfPrefix && prefix !== 'rdf') return `rdf:${name.slice(colon + 1)}`;
    return name;
  };
  return new TolerantParser({
    // Dispatch on the root we recognised: RSS with no or an unknown version is read as 2.0.
    defaultRSS: kind === 'rdf' ? 1 : 2,
    xml2js: { tagNameProcessors: [renameTag], attrNameProcessors: [renameTag] },
    customFields: {
      feed: EXTRA_FEED_FIELDS as never[],
      item: EXTRA_ITEM_FIELDS as never[],
    },
  });
}

/**
 * Parses feed XML with rss-parser's `parseString` (strict XML), relaxed as described above.
 * Rejects with the parser's error on malformed XML.
 */
export async function parseFeedXml(xml: string, kind: FeedKind, rootAttributes: Readonly<Record<string, string>>): Promise<RawFeed> {
  return (await newParser(kind, rootAttributes).parseString(xml)) as unknown as RawFeed;
}
