/**
 * Turns a feed body (RSS 0.9x/2.0, RDF, Atom 0.3/1.0) into news items. A short pipeline:
 * decode the bytes (gzip, charset), recognise the document, prepare the XML (entity policy,
 * repairs), parse with rss-parser's `parseString`, normalise each item. Every failure is a
 * FeedParseError with a one-line reason; nothing else escapes.
 */
import type { NewsItem } from '../domain/types.ts';
import type { ParsedFeed } from '../ports.ts';
import { DEFAULT_MAX_BYTES, FeedDecodeError, decodeBody, formatBytes } from './decode.ts';
import { htmlToText, textOf } from './html-text.ts';
import { type FeedKind, FeedRefusedError, detectDocument, prepareXml, recoverMarkup } from './prepare-xml.ts';
import { type RawFeed, type RawItem, asNode, parseFeedXml, validIso } from './rss-parser-tolerant.ts';

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
      raw = await parseFeedXml(xml, doc.kind, doc.rootAttributes);
    } catch (err) {
      // Real feeds break (truncated downloads, mismatched tags): rebuild the markup, try once more.
      const reason = `malformed XML: ${xmlErrorReason(err)}`;
      try {
        raw = await parseFeedXml(recoverMarkup(xml), doc.kind, doc.rootAttributes);
      } catch {
        throw new FeedParseError(reason, { cause: err });
      }
      notes.push(`recovered from ${reason}`);
    }
    const lang = languageCode(raw.language) ?? languageCode(raw['dc:language']) ?? languageCode(doc.rootAttributes['xml:lang']);
    const feedLink = textOf(raw.link).trim();
    const link = feedLink ? absoluteUrl(feedLink, options.url) : undefined;
    // Relative item links resolve against the root's xml:base, else the feed's link, else where it was fetched.
    const rootBase = doc.rootAttributes['xml:base'];
    const baseUrl = rootBase ? absoluteUrl(rootBase, options.url) : isAbsoluteHttp(link) ? link : options.url;
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
    if (err instanceof FeedDecodeError || err instanceof FeedRefusedError) {
      throw new FeedParseError(err.message, { cause: err });
    }
    if (err instanceof RangeError) throw new FeedParseError('malformed XML: elements nested too deeply', { cause: err });
    throw new FeedParseError(`cannot read feed: ${firstLine(err)}`, { cause: err });
  }
}
