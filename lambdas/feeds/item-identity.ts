/**
 * Stable identity for feed items, so a later run knows an item it has processed, and a content
 * hash, so it knows when the item's text changed materially. Pure.
 */
import { createHash } from 'node:crypto';
import type { NewsItem } from '../domain/types.ts';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Query parameters that only say how a reader arrived, never which article it is. */
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'igshid',
  'mc_cid', 'mc_eid', 'ocid', 'cmpid', 'cmp', '_ga', '_gl', '_hsenc', '_hsmi', 'mkt_tok', 'oly_anon_id',
  'oly_enc_id', 'rb_clickid', 's_cid', 'sc_cid', 'smid', 'wt_mc', 'xtor', 'ref_src', 'ref_url', 'spm',
]);
/** Prefixes of tracking parameter families: Google Analytics, BBC/AT Internet, Matomo/Piwik, HubSpot. */
const TRACKING_PREFIXES = ['utm_', 'at_', 'ns_', 'pk_', 'mtm_', 'hsa_'];

/** Whether a query parameter is tracking only. `ref` is kept: some sites use it for the article id. */
export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

/**
 * The canonical form of an article URL: scheme and host lower-cased, default port and fragment
 * dropped, tracking parameters removed, the rest sorted; a Google News redirect
 * (`news.google.com/news/url?...&url=`) unwrapped to its target. Undefined if not an absolute
 * http(s) URL.
 */
export function canonicalLink(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === 'news.google.com' && url.pathname === '/news/url') {
    const target = url.searchParams.get('url');
    if (target && /^https?:\/\//i.test(target)) return canonicalLink(target);
  }
  url.hash = '';
  const kept = [...url.searchParams].filter(([k]) => !isTrackingParam(k));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  url.search = '';
  for (const [k, v] of kept) url.searchParams.append(k, v);
  // URL already lower-cases scheme and host and drops a default port.
  return url.toString();
}

/** Guids that feeds emit as placeholders, identical for every item. */
const GENERIC_GUIDS = new Set(['', '0', '-1', 'null', 'undefined', 'none', 'nil', 'n/a', 'na', 'guid', 'id', 'false', 'true', '#']);

/** Whether a guid is a placeholder rather than the item's own id. */
export function isGenericGuid(guid: string): boolean {
  return GENERIC_GUIDS.has(guid.trim().toLowerCase()) || !/[\p{L}\p{N}]/u.test(guid);
}

/** Whitespace folded, case folded, typographic quotes and dashes made plain, NFKC. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();
}

/** How an item's id was derived, for logs and tests. */
export type ItemIdBasis = 'guid' | 'link' | 'title-date';

/** The identity key of an item before hashing: its basis and the value it rests on. */
export function itemIdentity(item: Pick<NewsItem, 'guid' | 'link' | 'title' | 'published' | 'text'>): { basis: ItemIdBasis; value: string } {
  const guid = item.guid?.trim();
  // A guid is opaque: kept verbatim (a fragment may be what tells two items apart).
  if (guid && !isGenericGuid(guid)) return { basis: 'guid', value: guid };
  const link = item.link ? canonicalLink(item.link) : undefined;
  if (link) return { basis: 'link', value: link };
  const title = normalizeText(item.title);
  // With neither title nor date, the text is all that tells two items apart.
  const fallback = title || item.published ? '' : normalizeText(item.text).slice(0, 500);
  return { basis: 'title-date', value: `${title}\n${item.published ?? ''}\n${fallback}` };
}

/**
 * A short stable id (32 hex characters of SHA-256) for an item within a feed: from its guid
 * unless generic, else its canonical link, else its title and date. Scoped by `feedId`
 * because a guid is unique only within its feed.
 */
export function itemId(item: Pick<NewsItem, 'guid' | 'link' | 'title' | 'published' | 'text'>, feedId: string): string {
  const { basis, value } = itemIdentity(item);
  return sha256(`${feedId}\n${basis}\n${value}`).slice(0, 32);
}

/**
 * Hash of the item's title and text, whitespace, case and typography folded: a re-flowed or
 * re-capitalised item keeps its hash, changed words change it.
 */
export function contentHash(item: Pick<NewsItem, 'title' | 'text'>): string {
  return sha256(`${normalizeText(item.title)}\n${normalizeText(item.text)}`).slice(0, 32);
}
