/**
 * Reads feed sources named on the command line (files, directories, URLs) through the same
 * fetch and parse path the poller uses. One result per source; a failure is a result, not a throw.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HttpFeedFetcher } from '../adapters/http-feed-fetcher.ts';
import type { NewsItem } from '../domain/types.ts';
import type { FeedFetcher, ParsedFeed } from '../ports.ts';
import { DEFAULT_MAX_BYTES, formatBytes } from './decode.ts';
import { loadFeed } from './load-feed.ts';
import { firstLine, parseFeed } from './parse-feed.ts';

export type SourceResult =
  | { readonly source: string; readonly items: readonly NewsItem[]; readonly feedLang?: string; readonly notes?: readonly string[] }
  | { readonly source: string; readonly error: string };

/** Options of {@link readFeedSources}. */
export interface ReadFeedSourcesOptions {
  /** Fetcher for URLs. @default a new HttpFeedFetcher with default options */
  readonly fetcher?: FeedFetcher;
  /** Largest file or body read. @default 10 MB */
  readonly maxBytes?: number;
}

/**
 * Yields one result per feed file or URL; directories are walked recursively in name order.
 * Never throws: an unreadable path, a failed fetch or a file that is not a feed is a result
 * with a one-line `error`.
 */
export async function* readFeedSources(specs: readonly string[], options: ReadFeedSourcesOptions = {}): AsyncGenerator<SourceResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  let fetcher = options.fetcher;
  for (const spec of specs) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
      fetcher ??= new HttpFeedFetcher({ maxBytes });
      yield await readUrl(spec, fetcher, maxBytes);
      continue;
    }
    let info;
    try {
      info = await stat(spec);
    } catch (err) {
      yield { source: spec, error: `cannot read: ${firstLine(err)}` };
      continue;
    }
    if (info.isDirectory()) yield* readDirectory(spec, maxBytes);
    else yield await readFileSource(spec, maxBytes);
  }
}

async function* readDirectory(dir: string, maxBytes: number): AsyncGenerator<SourceResult> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    yield { source: dir, error: `cannot read directory: ${firstLine(err)}` };
    return;
  }
  // Byte order, not locale order: the same listing on every machine.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      yield* readDirectory(path, maxBytes);
    } else if (e.isSymbolicLink()) {
      // A linked file is read; a linked directory is not walked (it could loop).
      const target = await stat(path).catch(() => undefined);
      if (target?.isFile()) yield await readFileSource(path, maxBytes);
      else yield { source: path, error: target ? 'not followed: symbolic link to a directory' : 'cannot read: broken symbolic link' };
    } else if (e.isFile()) {
      yield await readFileSource(path, maxBytes);
    }
  }
}

async function readFileSource(path: string, maxBytes: number): Promise<SourceResult> {
  try {
    const { size } = await stat(path);
    if (size > maxBytes) return { source: path, error: `file larger than ${formatBytes(maxBytes)}` };
    const body = await readFile(path);
    return fromFeed(path, await parseFeed(body, undefined, { maxBytes }));
  } catch (err) {
    return { source: path, error: firstLine(err) };
  }
}

async function readUrl(url: string, fetcher: FeedFetcher, maxBytes: number): Promise<SourceResult> {
  const outcome = await loadFeed(fetcher, url, {}, { maxBytes });
  if (outcome.kind === 'failed') {
    const wait = outcome.retryAfterSeconds !== undefined ? ` (retry after ${outcome.retryAfterSeconds} s)` : '';
    return { source: url, error: `${outcome.reason}${wait}` };
  }
  // No validators are sent, so a 304 means a misbehaving server; it has no items to give.
  if (outcome.kind === 'not-modified') return { source: url, items: [] };
  return fromFeed(url, outcome.feed);
}

function fromFeed(source: string, feed: ParsedFeed): SourceResult {
  return {
    source,
    items: feed.items,
    ...(feed.lang ? { feedLang: feed.lang } : {}),
    ...(feed.notes?.length ? { notes: feed.notes } : {}),
  };
}
