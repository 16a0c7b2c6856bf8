/**
 * Fetch then parse: the one path from a feed URL to items, shared by the poll cycle and
 * `casewatch scan`, so both see the same outcomes and the same one-line reasons.
 */
import type { FeedFetcher, ParsedFeed } from '../ports.ts';
import { firstLine, parseFeed } from './parse-feed.ts';

/** What became of one feed. A parse failure is `failed` like a fetch failure; a 304 costs no parse. */
export type LoadFeedOutcome =
  | { readonly kind: 'ok'; readonly feed: ParsedFeed; readonly finalUrl: string; readonly etag?: string; readonly lastModified?: string }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failed'; readonly reason: string; readonly retryAfterSeconds?: number };

/**
 * Fetches `url` (conditional on the saved validators) and parses the body. Never throws. The
 * validators come back only with a successful parse, so a feed that turned broken is fetched
 * in full next time rather than answered 304 against a version never read.
 */
export async function loadFeed(
  fetcher: FeedFetcher,
  url: string,
  validators: { etag?: string; lastModified?: string } = {},
  options: { maxBytes?: number } = {},
): Promise<LoadFeedOutcome> {
  try {
    const fetched = await fetcher.fetchFeed(url, validators);
    if (fetched.kind !== 'ok') return fetched;
    const feed = await parseFeed(fetched.body, fetched.contentType, { url: fetched.finalUrl, ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}) });
    return {
      kind: 'ok',
      feed,
      finalUrl: fetched.finalUrl,
      ...(fetched.etag ? { etag: fetched.etag } : {}),
      ...(fetched.lastModified ? { lastModified: fetched.lastModified } : {}),
    };
  } catch (err) {
    return { kind: 'failed', reason: firstLine(err) };
  }
}
