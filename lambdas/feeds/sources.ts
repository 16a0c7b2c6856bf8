/**
 * Reads feed sources named on the command line (files, directories, URLs) through the same
 * fetch and parse path the poller uses. One result per source; a failure is a result, not a throw.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NewsItem } from '../domain/types.ts';
import { firstLine, parseFeed } from './parse-feed.ts';

export type SourceResult =
  | { readonly source: string; readonly items: readonly NewsItem[]; readonly feedLang?: string }
  | { readonly source: string; readonly error: string };

/** Yields one result per feed file or URL; directories are walked recursively in name order. */
export async function* readFeedSources(specs: readonly string[]): AsyncGenerator<SourceResult> {
  for (const spec of specs) {
    if (/^https?:\/\//i.test(spec)) {
      yield await readUrl(spec);
      continue;
    }
    let info;
    try {
      info = await stat(spec);
    } catch (err) {
      yield { source: spec, error: `cannot read: ${firstLine(err)}` };
      continue;
    }
    if (info.isDirectory()) {
      yield* readDirectory(spec);
    } else {
      yield await readFileSource(spec);
    }
  }
}

async function* readDirectory(dir: string): AsyncGenerator<SourceResult> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* readDirectory(path);
    else if (e.isFile()) yield await readFileSource(path);
  }
}

async function readFileSource(path: string): Promise<SourceResult> {
  try {
    const body = await readFile(path);
    const feed = await parseFeed(body);
    return { source: path, items: feed.items, feedLang: feed.lang };
  } catch (err) {
    return { source: path, error: firstLine(err) };
  }
}

async function readUrl(url: string): Promise<SourceResult> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(20_000) });
    if (!res.ok) return { source: url, error: `HTTP ${res.status}` };
    const body = new Uint8Array(await res.arrayBuffer());
    const feed = await parseFeed(body, res.headers.get('content-type') ?? undefined);
    return { source: url, items: feed.items, feedLang: feed.lang };
  } catch (err) {
    return { source: url, error: firstLine(err) };
  }
}
