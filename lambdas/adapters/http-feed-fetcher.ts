/**
 * FeedFetcher over Node's fetch (undici), polite and bounded: a total deadline per feed that
 * also cuts a server dribbling bytes, a cap on the decompressed body enforced while streaming,
 * redirects followed by hand (at most 5, http/https only, never to a link-local or metadata
 * address), conditional GET, and Retry-After on 429/503.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import * as z from 'zod/mini';
import { integerBetween, nonEmptyText, positiveInteger } from '../config/checks.ts';
import { DEFAULT_MAX_BYTES, formatBytes } from '../feeds/decode.ts';
import { formatSeconds, httpStatusReason, isForbiddenAddress, networkErrorReason, parseRetryAfter, refuseUrl } from '../feeds/fetch-policy.ts';
import type { FeedFetcher, FetchOutcome } from '../ports.ts';

/** Sent with every request, so feed owners know who polls them and where to read about it. */
export const DEFAULT_USER_AGENT = 'casewatch/0.1 (news monitor for criminal cases; +https://github.com/casewatch/casewatch)';

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';

/** Resolves a host name to its addresses (injectable for tests). */
export type LookupFn = (host: string) => Promise<readonly string[]>;

const defaultLookup: LookupFn = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Options of {@link HttpFeedFetcher}, validated with zod at construction. */
export const HttpFeedFetcherOptionsSchema = z.object({
  /** Total time for one feed, redirects and body included. @default 20000 */
  timeoutMs: z._default(positiveInteger(), 20_000),
  /** Largest body accepted after decompression. @default 10 MB */
  maxBytes: z._default(positiveInteger(), DEFAULT_MAX_BYTES),
  /** Redirects followed before giving up. @default 5 */
  maxRedirects: z._default(integerBetween(0, 20), 5),
  /** @default DEFAULT_USER_AGENT */
  userAgent: z._default(nonEmptyText(), DEFAULT_USER_AGENT),
  /** fetch implementation. @default globalThis.fetch */
  fetch: z.optional(z.custom<typeof fetch>((f) => typeof f === 'function', 'fetch must be a function')),
  /** DNS lookup used to refuse host names that resolve to link-local addresses. @default dns.lookup */
  lookup: z.optional(z.custom<LookupFn>((f) => typeof f === 'function', 'lookup must be a function')),
});

export type HttpFeedFetcherOptions = z.input<typeof HttpFeedFetcherOptionsSchema>;

class DeadlineError extends Error {
  constructor() {
    super('deadline');
    this.name = 'DeadlineError';
  }
}

/** Fetches feeds over HTTP(S); every failure is an outcome with a one-line reason, never a throw. */
export class HttpFeedFetcher implements FeedFetcher {
  private readonly options: z.output<typeof HttpFeedFetcherOptionsSchema>;
  private readonly fetchImpl: typeof fetch;
  private readonly lookup: LookupFn;

  constructor(options: HttpFeedFetcherOptions = {}) {
    this.options = z.parse(HttpFeedFetcherOptionsSchema, options);
    this.fetchImpl = this.options.fetch ?? globalThis.fetch;
    this.lookup = this.options.lookup ?? defaultLookup;
  }

  /** Fetches `url`, sending the validators saved from the last success as a conditional GET. */
  async fetchFeed(url: string, validators: { etag?: string; lastModified?: string } = {}): Promise<FetchOutcome> {
    const { timeoutMs } = this.options;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DeadlineError()), timeoutMs);
    let host = '';
    try {
      let current: URL;
      try {
        current = new URL(url);
      } catch {
        return { kind: 'failed', reason: `invalid URL: ${url.slice(0, 200)}` };
      }
      for (let redirects = 0; ; redirects++) {
        host = current.host;
        const refused = refuseUrl(current) ?? (await this.refuseResolved(current, controller.signal));
        if (refused) return { kind: 'failed', reason: redirects ? `redirect ${refused}` : refused };
        const res = await this.fetchImpl(current, {
          method: 'GET',
          redirect: 'manual',
          signal: controller.signal,
          headers: this.headers(validators),
        });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
          await res.body?.cancel().catch(() => undefined);
          if (redirects >= this.options.maxRedirects) {
            return { kind: 'failed', reason: `too many redirects (more than ${this.options.maxRedirects})` };
          }
          try {
            current = new URL(location, current);
          } catch {
            return { kind: 'failed', reason: `redirect to an invalid URL: ${location.slice(0, 200)}` };
          }
          continue;
        }
        if (res.status === 304) {
          // Nothing to read or parse: the feed is unchanged since the validators were saved.
          await res.body?.cancel().catch(() => undefined);
          return { kind: 'not-modified' };
        }
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          const reason = httpStatusReason(res.status, res.statusText);
          const retryAfterSeconds = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers.get('retry-after')) : undefined;
          return retryAfterSeconds === undefined ? { kind: 'failed', reason } : { kind: 'failed', reason, retryAfterSeconds };
        }
        const body = await this.readCapped(res, controller);
        if (typeof body === 'string') return { kind: 'failed', reason: body };
        const contentType = res.headers.get('content-type') ?? undefined;
        const etag = res.headers.get('etag') ?? undefined;
        const lastModified = res.headers.get('last-modified') ?? undefined;
        return {
          kind: 'ok',
          body,
          finalUrl: current.toString(),
          ...(contentType ? { contentType } : {}),
          ...(etag ? { etag } : {}),
          ...(lastModified ? { lastModified } : {}),
        };
      }
    } catch (err) {
      if (controller.signal.aborted && controller.signal.reason instanceof DeadlineError) {
        return { kind: 'failed', reason: `timed out after ${formatSeconds(timeoutMs)}` };
      }
      return { kind: 'failed', reason: networkErrorReason(err, host) };
    } finally {
      clearTimeout(timer);
    }
  }

  private headers(validators: { etag?: string; lastModified?: string }): Record<string, string> {
    const h: Record<string, string> = { 'user-agent': this.options.userAgent, accept: ACCEPT };
    if (validators.etag) h['if-none-match'] = validators.etag;
    if (validators.lastModified) h['if-modified-since'] = validators.lastModified;
    return h;
  }

  /**
   * Refuses a host name that resolves to a link-local or metadata address (an IP literal was
   * checked already). A failed lookup is left to fetch, which reports it as "cannot connect".
   */
  private async refuseResolved(url: URL, signal: AbortSignal): Promise<string | undefined> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (/^[\d.]+$/.test(host) || host.includes(':')) return undefined;
    let addresses: readonly string[];
    try {
      addresses = await Promise.race([
        this.lookup(host),
        new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
      ]);
    } catch (err) {
      if (signal.aborted) throw err;
      return undefined;
    }
    const bad = addresses.find(isForbiddenAddress);
    return bad ? `refused: ${host} resolves to link-local or metadata address ${bad}` : undefined;
  }

  /** Reads the body, stopping as soon as it passes the cap; returns the reason if it did. */
  private async readCapped(res: Response, controller: AbortController): Promise<Uint8Array | string> {
    const { maxBytes } = this.options;
    const tooLarge = `body larger than ${formatBytes(maxBytes)}`;
    const declared = Number(res.headers.get('content-length'));
    if (!res.headers.get('content-encoding') && Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return tooLarge;
    }
    if (!res.body) return new Uint8Array(0);
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        controller.abort();
        return tooLarge;
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return out;
  }
}
