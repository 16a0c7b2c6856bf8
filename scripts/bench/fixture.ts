/**
 * The benchmark's world, in its own process so its CPU and memory do not count against the
 * poller's: the feed servers on loopback addresses and an in-memory dynalite whose requests are
 * counted by operation. The parent talks to it over IPC (see FixtureMessage / FixtureReply).
 */
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { generateCorpus } from './corpus.ts';
import { startFeedServers, type FeedServerStats } from './feed-server.ts';

export interface FixtureConfig {
  readonly seed: number;
  readonly feeds: number;
  readonly items: number;
  readonly hosts: number;
  readonly delayMs: number;
  /** Publication time of the newest item, the same in the parent's copy of the corpus. */
  readonly newest: string;
}

export interface DynamoStats {
  total: number;
  byOperation: Record<string, number>;
  /** Milliseconds dynalite spent answering, summed per operation (requests overlap). */
  msByOperation: Record<string, number>;
}

export type FixtureMessage = { type: 'stats' } | { type: 'reset' } | { type: 'close' };
export type FixtureReply =
  | { type: 'ready'; urls: [string, string][]; hosts: string[]; dynamoEndpoint: string }
  | { type: 'stats'; feeds: FeedServerStats; dynamo: DynamoStats; cpuSeconds: number }
  | { type: 'reset' }
  | { type: 'failed'; error: string };

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as FixtureConfig;
  const [record] = await loadCaseFiles();
  const feeds = generateCorpus(record!, { seed: config.seed, feeds: config.feeds, itemsPerFeed: config.items, newest: config.newest });
  const servers = await startFeedServers({ feeds, hosts: config.hosts, delayMs: config.delayMs });

  const emptyDynamo = (): DynamoStats => ({ total: 0, byOperation: {}, msByOperation: {} });
  let dynamo = emptyDynamo();
  // The fixture's own CPU since the last reset: if it nears the wall time, the fixture is the bottleneck.
  let cpuSince = process.cpuUsage();
  const db = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Observes every request before dynalite handles it: retries and batches count as DynamoDB bills them.
  db.prependListener('request', (req, res) => {
    const op = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop()!;
    const counted = dynamo;
    counted.total++;
    counted.byOperation[op] = (counted.byOperation[op] ?? 0) + 1;
    const t0 = performance.now();
    res.once('finish', () => {
      counted.msByOperation[op] = Math.round((counted.msByOperation[op] ?? 0) + performance.now() - t0);
    });
  });
  await new Promise<void>((ok, fail) => {
    db.once('error', fail);
    db.listen(0, '127.0.0.1', () => ok());
  });
  const dynamoEndpoint = `http://127.0.0.1:${(db.address() as AddressInfo).port}`;

  const send = (reply: FixtureReply) => process.send!(reply);
  process.on('message', (msg: FixtureMessage) => {
    if (msg.type === 'stats') {
      const cpu = process.cpuUsage(cpuSince);
      send({ type: 'stats', feeds: servers.stats(), dynamo: structuredClone(dynamo), cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    } else if (msg.type === 'reset') {
      servers.resetStats();
      dynamo = emptyDynamo();
      cpuSince = process.cpuUsage();
      send({ type: 'reset' });
    } else if (msg.type === 'close') {
      void Promise.all([servers.close(), new Promise<void>((ok) => {
        db.closeAllConnections();
        db.close(() => ok());
      })]).finally(() => process.exit(0));
    }
  });
  // The parent's exit must not leave servers behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', urls: [...servers.urls], hosts: [...servers.hosts], dynamoEndpoint });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies FixtureReply);
  process.exit(1);
});
