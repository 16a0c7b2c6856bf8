/**
 * Turns a feed body (RSS 0.9x/2.0, RDF, Atom 0.3/1.0) into news items. A short pipeline:
 * decode the bytes (gzip, charset), recognise the document, prepare the XML (entity policy,
 * repairs), parse with rss-parser's `parseString`, normalise each item. Every failure is a
 * FeedParseError with a one-line reason; nothing else escapes.
 */
import Parser from 'rss-parser';
import rssParserUtils from 'rss-parser/lib/utils.js';
import type { NewsItem } from '../domain/types.ts';
import type { ParsedFeed } from '../ports.ts';
import { DEFAULT_MAX_BYTES, decodeBody, formatBytes } from './decode.ts';
import { parseFeedDate } from './feed-dates.ts';
import { htmlToText, textOf } from './html-text.ts';
import { type FeedKind, detectDocument, feedNamespacePrefixes, prepareXml, recoverMarkup } from './prepare-xml.ts';

export { htmlToText } from './html-text.ts';

/** A feed that could not be read; `message` is one line, fit for a user. */
export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

/** First line of an error's message, for one-line reports. */
export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return (msg.split('\n')[0] ?? '').trim().slice(0, 300);
}

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** Where the body came from; relative links resolve against it when the feed has no absolute link. */
  readonly url?: string;
  /** Largest body accepted, before and after gunzip. @default 10 MB */
  readonly maxBytes?: number;
}

type XmlNode = Record<string, unknown>;

/** What rss-parser yields for an item, loosely typed: any field may be an xml2js node. */
type RawItem = Record<string, unknown>;
interface RawFeed {
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

function asNode(v: unknown): XmlNode {
  const x = Array.isArray(v) ? v[0] : v;
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as XmlNode) : {};
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function validIso(value: unknown): string | undefined {
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

async function parseXml(xml: string, kind: FeedKind, rootAttributes: Readonly<Record<string, string>>): Promise<RawFeed> {
  return (await newParser(kind, rootAttributes).parseString(xml)) as unknown as RawFeed;
}

/** The first line of an xml2js/sax error, with the position made 1-based and readable. */
function xmlErrorReason(err: unknown): string {
  if (err instanceof RangeError) return 'elements nested too deeply';
  const msg = err instanceof Error ? err.message : String(err);
  const [head = '', ...rest] = msg.split('\n');
  const line = /Line:\s*(\d+)/.exec(rest.join(' '));
  const col = /Column:\s*(\d+)/.exec(rest.join(' '));
  const where = line ? ` (line ${Number(line[1]) + 1}${col ? `, column ${col[1]}` : ''})` : '';
  return `${head.trim().replace(/\.$/, '')}${where}`;
}

function languageCode(value: unknown): string | undefined {
  const m = /^\s*([a-z]{2})(?![a-z])/i.exec(textOf(value));
  return m?.[1]?.toLowerCase();
}

function absoluteUrl(href: string, baseUrl: string | undefined): string {
  const h = href.trim();
  if (!h) return '';
  try {
    return new URL(h, baseUrl).toString();
  } catch {
    return h;
  }
}

function isAbsoluteHttp(u: string | undefined): u is string {
  return Boolean(u && /^https?:\/\//i.test(u.trim()));
}

/** The longest of the item's text fields once reduced to text: feeds put the body in different places. */
function richestText(it: RawItem): string {
  let best = '';
  for (const key of ['content:encoded', 'content', 'description', 'summary']) {
    const raw = it[key];
    if (raw === undefined) continue;
    const text = htmlToText(typeof raw === 'string' ? raw : textOf(raw));
    if (text.length > best.length) best = text;
  }
  return best;
}

function toNewsItem(it: RawItem, kind: FeedKind, baseUrl: string | undefined, feedLang: string | undefined): NewsItem {
  const guid = textOf(kind === 'atom' ? it.id : kind === 'rdf' ? (it['rdf:about'] ?? it.guid) : (it.guid ?? it['dc:identifier'])).trim();
  const itemBase = asNode(it.$)['xml:base'];
  const linkBase = typeof itemBase === 'string' ? absoluteUrl(itemBase, baseUrl) : baseUrl;
  let link = absoluteUrl(textOf(it.link).replace(/\s+/g, ''), linkBase);
  if (!link && guid && isAbsoluteHttp(guid) && it.guidIsPermaLink !== false) link = guid;
  const published =
    (typeof it.isoDate === 'string' ? it.isoDate : undefined) ??
    validIso(it.pubDate) ??
    validIso(it['dc:date']) ??
    validIso(it.published) ??
    validIso(it.updated) ??
    validIso(it.issued) ??
    validIso(it.modified) ??
    validIso(it.created);
  const lang = languageCode(it.language) ?? feedLang;
  const item: NewsItem = {
    title: htmlToText(textOf(it.title)),
    text: richestText(it),
    link,
    ...(guid ? { guid } : {}),
    ...(published ? { published } : {}),
    ...(lang ? { lang } : {}),
  };
  return item;
}

/**
 * Parses a feed body. Throws FeedParseError with a one-line reason ("empty body", "not a feed:
 * HTML document", "malformed XML: ...", "refused: ... entity ..."); an RSS, RDF or Atom document
 * with no items is a feed of 0 items, not an error.
 */
export async function parseFeed(body: Uint8Array, contentType?: string, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (body.byteLength === 0) throw new FeedParseError('empty body');
  if (body.byteLength > maxBytes) throw new FeedParseError(`body larger than ${formatBytes(maxBytes)}`);
  try {
    const decoded = decodeBody(body, contentType, maxBytes);
    const doc = detectDocument(decoded.text);
    if (doc.kind === 'not-feed') throw new FeedParseError(doc.reason);
    const notes = [...decoded.notes];
    let text = decoded.text;
    if (doc.embedded) {
      text = text.slice(doc.embedded.start, doc.embedded.end);
      notes.push('feed read from inside an HTML page');
    }
    const xml = prepareXml(text);
    let raw: RawFeed;
    try {
      raw = await parseXml(xml, doc.kind, doc.rootAttributes);
    } catch (err) {
      // Real feeds break (truncated downloads, mismatched tags): rebuild the markup, try once more.
      const reason = `malformed XML: ${xmlErrorReason(err)}`;
      try {
        raw = await parseXml(recoverMarkup(xml), doc.kind, doc.rootAttributes);
      } catch {
        throw new FeedParseError(reason, { cause: err });
      }
      notes.push(`recovered from ${reason}`);
    }
    const lang = languageCode(raw.language) ?? languageCode(raw['dc:language']) ?? languageCode(doc.rootAttributes['xml:lang']);
    const feedLink = textOf(raw.link).trim();
    const link = feedLink ? absoluteUrl(feedLink, options.url) : undefined;
    const baseUrl = isAbsoluteHttp(link) ? link : options.url;
    const items = (raw.items ?? []).map((it) => toNewsItem(it, doc.kind as FeedKind, baseUrl, lang));
    const title = htmlToText(textOf(raw.title));
    return {
      ...(title ? { title } : {}),
      ...(lang ? { lang } : {}),
      ...(link ? { link } : {}),
      items,
      ...(notes.length ? { notes } : {}),
    };
  } catch (err) {
    if (err instanceof FeedParseError) throw err;
    if (err instanceof Error && (err.name === 'FeedDecodeError' || err.name === 'FeedRefusedError')) {
      throw new FeedParseError(err.message, { cause: err });
    }
    if (err instanceof RangeError) throw new FeedParseError('malformed XML: elements nested too deeply', { cause: err });
    throw new FeedParseError(`cannot read feed: ${firstLine(err)}`, { cause: err });
  }
}
