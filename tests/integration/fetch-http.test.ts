import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_USER_AGENT, HttpFeedFetcher } from '../../lambdas/adapters/http-feed-fetcher.ts';
import { loadFeed } from '../../lambdas/feeds/load-feed.ts';
import { parseFeed } from '../../lambdas/feeds/parse-feed.ts';
import { readFeedSources } from '../../lambdas/feeds/sources.ts';
import type { FetchOutcome } from '../../lambdas/ports.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const RSS = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local</title><item><title>Item one</title><link>/a/1</link></item></channel></rss>';

let server: Server;
let base: string;
const routes = new Map<string, Handler>();
const requests: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req);
    const handler = routes.get(req.url?.split('?')[0] ?? '');
    if (handler) handler(req, res);
    else res.writeHead(404).end('no route');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  routes.clear();
  requests.length = 0;
});

function failed(outcome: FetchOutcome): { reason: string; retryAfterSeconds?: number } {
  if (outcome.kind !== 'failed') throw new Error(`expected a failure, got ${outcome.kind}`);
  return outcome;
}

function ok(outcome: FetchOutcome) {
  if (outcome.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('HttpFeedFetcher', () => {
  it('fetches a feed with a User-Agent naming casewatch and returns its validators', async () => {
    routes.set('/feed', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"', 'last-modified': 'Tue, 01 Jan 2030 00:00:00 GMT' }).end(RSS));
    const out = ok(await new HttpFeedFetcher().fetchFeed(`${base}/feed`, {}));
    expect(Buffer.from(out.body).toString()).toBe(RSS);
    expect(out).toMatchObject({ etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT', contentType: 'application/rss+xml', finalUrl: `${base}/feed` });
    expect(requests[0]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^casewatch\/.*https?:\/\//);
  });

  it('sends the saved validators and reports 304 as not modified without reading a body', async () => {
    routes.set('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200).end(RSS);
    });
    const out = await new HttpFeedFetcher().fetchFeed(`${base}/feed`, { etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT' });
    expect(out).toEqual({ kind: 'not-modified' });
    expect(requests[0]!.headers['if-none-match']).toBe('"v1"');
    expect(requests[0]!.headers['if-modified-since']).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
  });

  it('gives up on a server that dribbles bytes past the deadline', async () => {
    routes.set('/slow', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss version="2.0"><channel>');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const out = failed(await new HttpFeedFetcher({ timeoutMs: 400 }).fetchFeed(`${base}/slow`, {}));
    expect(out.reason).toBe('timed out after 0.4 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives up on a server that never answers', async () => {
    routes.set('/silent', () => undefined);
    expect(failed(await new HttpFeedFetcher({ timeoutMs: 300 }).fetchFeed(`${base}/silent`, {})).reason).toBe('timed out after 0.3 s');
  });

  it('stops reading a body larger than the cap, with or without Content-Length', async () => {
    const big = Buffer.alloc(300 * 1024, 'a');
    routes.set('/declared', (_req, res) => res.writeHead(200, { 'content-length': big.length }).end(big));
    routes.set('/chunked', (_req, res) => {
      res.writeHead(200);
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10 * 1024, 'b'));
      res.end();
    });
    const fetcher = new HttpFeedFetcher({ maxBytes: 100 * 1024 });
    expect(failed(await fetcher.fetchFeed(`${base}/declared`, {})).reason).toBe('body larger than 100 KB');
    expect(failed(await fetcher.fetchFeed(`${base}/chunked`, {})).reason).toBe('body larger than 100 KB');
  });

  it('decompresses a gzip-encoded response and caps what it inflates to', async () => {
    routes.set('/gz', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/xml' }).end(gzipSync(RSS)));
    routes.set('/bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(5 * 1024 * 1024))));
    const fetcher = new HttpFeedFetcher({ maxBytes: 1024 * 1024 });
    expect(Buffer.from(ok(await fetcher.fetchFeed(`${base}/gz`, {})).body).toString()).toBe(RSS);
    expect(failed(await fetcher.fetchFeed(`${base}/bomb`, {})).reason).toBe('body larger than 1 MB');
  });

  it('follows up to 5 redirects and gives up on a loop', async () => {
    for (let i = 0; i < 5; i++) routes.set(`/r${i}`, (_req, res) => res.writeHead(302, { location: i === 4 ? '/feed' : `/r${i + 1}` }).end());
    routes.set('/feed', (_req, res) => res.writeHead(200).end(RSS));
    routes.set('/loop', (_req, res) => res.writeHead(301, { location: '/loop' }).end());
    const fetcher = new HttpFeedFetcher();
    expect(ok(await fetcher.fetchFeed(`${base}/r0`, {})).finalUrl).toBe(`${base}/feed`);
    requests.length = 0;
    expect(failed(await fetcher.fetchFeed(`${base}/loop`, {})).reason).toBe('too many redirects (more than 5)');
    expect(requests).toHaveLength(6);
  });

  it('refuses a redirect to file:, to another scheme, or to a metadata address', async () => {
    routes.set('/to-file', (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    routes.set('/to-ftp', (_req, res) => res.writeHead(302, { location: 'ftp://files.example/feed.xml' }).end());
    routes.set('/to-metadata', (_req, res) => res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    const fetcher = new HttpFeedFetcher();
    expect(failed(await fetcher.fetchFeed(`${base}/to-file`, {})).reason).toBe('redirect refused: file URL (only http and https are fetched)');
    expect(failed(await fetcher.fetchFeed(`${base}/to-ftp`, {})).reason).toBe('redirect refused: ftp URL (only http and https are fetched)');
    expect(failed(await fetcher.fetchFeed(`${base}/to-metadata`, {})).reason).toBe('redirect refused: 169.254.169.254 is a link-local or metadata address');
  });

  it('refuses a host name that resolves to a link-local address', async () => {
    routes.set('/to-name', (_req, res) => res.writeHead(302, { location: 'http://innocent.example/feed' }).end());
    const fetcher = new HttpFeedFetcher({ lookup: async () => ['169.254.170.2'] });
    expect(failed(await fetcher.fetchFeed(`${base}/to-name`, {})).reason).toBe('redirect refused: innocent.example resolves to link-local or metadata address 169.254.170.2');
  });

  it('reports Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
    routes.set('/429', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    routes.set('/503', (_req, res) => res.writeHead(503, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end());
    const fetcher = new HttpFeedFetcher();
    expect(failed(await fetcher.fetchFeed(`${base}/429`, {}))).toEqual({ kind: 'failed', reason: 'HTTP 429 Too Many Requests', retryAfterSeconds: 120 });
    const unavailable = failed(await fetcher.fetchFeed(`${base}/503`, {}));
    expect(unavailable.reason).toBe('HTTP 503 Service Unavailable');
    expect(unavailable.retryAfterSeconds).toBeGreaterThanOrEqual(58);
    expect(unavailable.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('reports other statuses and connection failures in one line', async () => {
    routes.set('/gone', (_req, res) => res.writeHead(410).end('gone'));
    const fetcher = new HttpFeedFetcher({ timeoutMs: 5_000 });
    expect(failed(await fetcher.fetchFeed(`${base}/missing`, {})).reason).toBe('HTTP 404 Not Found');
    expect(failed(await fetcher.fetchFeed(`${base}/gone`, {})).reason).toBe('HTTP 410 Gone');
    // A port that was just free: nothing listens on it.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    expect(failed(await fetcher.fetchFeed(`http://127.0.0.1:${port}/feed`, {})).reason).toBe(`cannot connect: ECONNREFUSED 127.0.0.1:${port}`);
    expect(failed(await fetcher.fetchFeed('not a url', {})).reason).toBe('invalid URL: not a url');
  });

  it('rejects options that make no sense', () => {
    expect(() => new HttpFeedFetcher({ timeoutMs: -1 })).toThrow();
    expect(() => new HttpFeedFetcher({ maxRedirects: 1.5 })).toThrow();
  });
});

describe('fetch and parse together', () => {
  it('decodes a Latin-1 feed that names its charset only in the XML declaration', async () => {
    const body = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Acusación de Interpol: café en Buenos Aires</title></item></channel></rss>', 'latin1');
    routes.set('/latin1', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    const out = ok(await new HttpFeedFetcher().fetchFeed(`${base}/latin1`, {}));
    const feed = await parseFeed(out.body, out.contentType, { url: out.finalUrl });
    expect(feed.items[0]!.title).toBe('Acusación de Interpol: café en Buenos Aires');
  });

  it('decodes windows-1251 named in the Content-Type header', async () => {
    const body = iconv.encode('<rss version="2.0"><channel><item><title>Экстрадиция</title></item></channel></rss>', 'windows-1251');
    routes.set('/cp1251', (_req, res) => res.writeHead(200, { 'content-type': 'text/xml; charset=windows-1251' }).end(body));
    const out = ok(await new HttpFeedFetcher().fetchFeed(`${base}/cp1251`, {}));
    expect((await parseFeed(out.body, out.contentType)).items[0]!.title).toBe('Экстрадиция');
  });

  it('reads a .xml.gz file served as is (no Content-Encoding)', async () => {
    routes.set('/feed.xml.gz', (_req, res) => res.writeHead(200, { 'content-type': 'application/gzip' }).end(gzipSync(RSS)));
    const out = ok(await new HttpFeedFetcher().fetchFeed(`${base}/feed.xml.gz`, {}));
    expect((await parseFeed(out.body, out.contentType)).items[0]!.title).toBe('Item one');
  });

  it('readFeedSources gives one result per URL: items with links resolved against the final URL, or a one-line error', async () => {
    routes.set('/feed', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(RSS));
    routes.set('/page', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Hi</body></html>'));
    routes.set('/entities', (_req, res) =>
      res.writeHead(200).end('<!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title></channel></rss>'),
    );
    routes.set('/busy', (_req, res) => res.writeHead(429, { 'retry-after': '30' }).end());
    const results = [];
    for await (const r of readFeedSources([`${base}/feed`, `${base}/page`, `${base}/entities`, `${base}/busy`])) results.push(r);
    expect(results).toEqual([
      { source: `${base}/feed`, items: [{ title: 'Item one', text: '', link: `${base}/a/1` }] },
      { source: `${base}/page`, error: 'not a feed: HTML document' },
      { source: `${base}/entities`, error: 'refused: DOCTYPE declares nested entity &b; (billion laughs); casewatch never expands entities' },
      { source: `${base}/busy`, error: 'HTTP 429 Too Many Requests (retry after 30 s)' },
    ]);
  });
});

describe('loadFeed (the poller\'s path from URL to items)', () => {
  it('returns the parsed feed with its validators, not-modified on 304, and a parse failure as failed', async () => {
    routes.set('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"v2"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"v2"', 'content-type': 'application/rss+xml' }).end(RSS);
    });
    routes.set('/html', (_req, res) => res.writeHead(200, { etag: '"h"' }).end('<html><body>moved</body></html>'));
    const fetcher = new HttpFeedFetcher();
    const first = await loadFeed(fetcher, `${base}/feed`);
    expect(first).toMatchObject({ kind: 'ok', etag: '"v2"', finalUrl: `${base}/feed` });
    if (first.kind === 'ok') expect(first.feed.items.map((i) => i.link)).toEqual([`${base}/a/1`]);
    expect(await loadFeed(fetcher, `${base}/feed`, { etag: '"v2"' })).toEqual({ kind: 'not-modified' });
    expect(await loadFeed(fetcher, `${base}/html`)).toEqual({ kind: 'failed', reason: 'not a feed: HTML document' });
  });
});
