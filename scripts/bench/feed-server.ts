/**
 * Serves the benchmark's feeds like slow news sites: one HTTP server per loopback address
 * (127.0.0.1, 127.0.0.2, ...; never outside 127.0.0.0/8), each answer after a fixed delay, with
 * ETag / If-None-Match answered by 304. Counts what it served so the benchmark can tell how many
 * items a cycle had to parse and how many requests were in flight at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { etagOf, renderRss, type GeneratedFeed } from './corpus.ts';

export interface FeedServerStats {
  requests: number;
  ok: number;
  notModified: number;
  /** Items inside the 200 bodies served: what a client had to parse. */
  itemsServed: number;
  maxInFlight: number;
  maxInFlightPerHost: number;
}

export interface FeedServers {
  /** Feed id -> URL. */
  readonly urls: ReadonlyMap<string, string>;
  readonly hosts: readonly string[];
  stats(): FeedServerStats;
  resetStats(): void;
  close(): Promise<void>;
}

export interface FeedServerOptions {
  readonly feeds: readonly GeneratedFeed[];
  /** Number of loopback addresses to spread the feeds over (1..250). */
  readonly hosts: number;
  readonly delayMs: number;
}

/** The loopback address of host number `n` (0-based): 127.0.0.1, 127.0.0.2, ... */
export function loopbackAddress(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 249) throw new RangeError(`loopback host index out of range: ${n}`);
  return `127.0.0.${n + 1}`;
}

const emptyStats = (): FeedServerStats => ({ requests: 0, ok: 0, notModified: 0, itemsServed: 0, maxInFlight: 0, maxInFlightPerHost: 0 });

/** Starts the servers; feed `i` lives on host `i mod hosts`. */
export async function startFeedServers(options: FeedServerOptions): Promise<FeedServers> {
  const bodies = new Map<string, { body: Buffer; etag: string; items: number }>();
  for (const feed of options.feeds) {
    const xml = renderRss(feed);
    bodies.set(`/feeds/${feed.id}.xml`, { body: Buffer.from(xml, 'utf8'), etag: etagOf(xml), items: feed.items.length });
  }
  let stats = emptyStats();
  let inFlight = 0;
  const inFlightByHost = new Map<string, number>();

  const servers: Server[] = [];
  const hosts: string[] = [];
  for (let h = 0; h < options.hosts; h++) {
    const address = loopbackAddress(h);
    const server = createServer((req, res) => {
      stats.requests++;
      inFlight++;
      const hostNow = (inFlightByHost.get(address) ?? 0) + 1;
      inFlightByHost.set(address, hostNow);
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      stats.maxInFlightPerHost = Math.max(stats.maxInFlightPerHost, hostNow);
      const done = () => {
        inFlight--;
        inFlightByHost.set(address, (inFlightByHost.get(address) ?? 1) - 1);
      };
      setTimeout(() => {
        const entry = bodies.get((req.url ?? '').split('?')[0]!);
        if (!entry) {
          res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed\n');
        } else if (req.headers['if-none-match'] === entry.etag) {
          stats.notModified++;
          res.writeHead(304, { etag: entry.etag }).end();
        } else {
          stats.ok++;
          stats.itemsServed += entry.items;
          res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: entry.etag, 'content-length': entry.body.length }).end(entry.body);
        }
        done();
      }, options.delayMs);
    });
    // Many concurrent keep-alive sockets from one client are expected; do not let Node cap them.
    server.maxConnections = 10_000;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(0, address, () => ok());
    });
    servers.push(server);
    hosts.push(`${address}:${(server.address() as AddressInfo).port}`);
  }

  const urls = new Map<string, string>();
  options.feeds.forEach((feed, i) => urls.set(feed.id, `http://${hosts[i % hosts.length]}/feeds/${feed.id}.xml`));
  return {
    urls,
    hosts,
    stats: () => ({ ...stats }),
    resetStats: () => {
      stats = emptyStats();
    },
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((ok) => {
              s.closeAllConnections();
              s.close(() => ok());
            }),
        ),
      );
    },
  };
}
