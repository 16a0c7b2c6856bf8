/**
 * The poller as the Lambda runs it, for the benchmark: bundled like the handler and run by plain
 * `node` (no tsx), so its CPU time and memory are the deployed code's. It builds the real
 * DynamoCaseStore, HttpFeedFetcher and poll cycle with the handler's settings, then runs one
 * cycle each time the parent asks (see CycleRequest / CycleReply).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../../lambdas/adapters/dynamo-case-store.ts';
import { HttpFeedFetcher } from '../../lambdas/adapters/http-feed-fetcher.ts';
import { loadPollerConfig } from '../../lambdas/poller/config.ts';
import { runPollCycle, type CycleLogger, type CycleSummary } from '../../lambdas/poller/poll-cycle.ts';
import type { Alert, AlertPublisher, FeedConfig } from '../../lambdas/ports.ts';

export interface RunnerConfig {
  readonly dynamoEndpoint: string;
  /** The Lambda's environment (TABLE_NAME, FEEDS_JSON, ...): settings come from it as in the handler. */
  readonly env: Record<string, string>;
  /** The benchmark's feeds (FEEDS_JSON cannot hold 200 of them, see the report). */
  readonly feeds: readonly FeedConfig[];
  readonly maxInFlight?: number;
}

/** Runs one cycle against `tableName` (a fresh table gives a cycle where every item is new). */
export type CycleRequest = { type: 'cycle'; tableName: string } | { type: 'exit' };

/** The counts of a cycle's summary that the benchmark reports, plus its first feed failure. */
export type CycleBrief = Pick<CycleSummary, 'feedsOk' | 'feedsNotModified' | 'feedsFailed' | 'feedsSkipped' | 'itemsRead' | 'eventsFound' | 'alertsSent'> & {
  readonly firstFailure?: string;
};

export type CycleReply =
  | { type: 'ready'; maxFeedsInFlight: number; feedTimeoutMs: number }
  | { type: 'cycle'; seconds: number; cpuSeconds: number; peakRssMb: number; startRssMb: number; peakHeapTotalMb: number; summary: CycleBrief; published: number; problems: string[] }
  | { type: 'failed'; error: string };

/** Counts what the cycle publishes; the benchmark measures the poller, not SNS. */
class CountingPublisher implements AlertPublisher {
  published = 0;
  async publish(_alert: Alert): Promise<{ messageId: string }> {
    this.published++;
    return { messageId: `bench-${this.published}` };
  }
}

/** Keeps warnings and errors and drops info lines. */
class CountingLogger implements CycleLogger {
  problems: string[] = [];
  info(): void {}
  warn(message: string, extra?: Record<string, unknown>): void {
    this.problems.push(`warn: ${message} ${extra ? JSON.stringify(extra).slice(0, 300) : ''}`);
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.problems.push(`error: ${message} ${extra ? JSON.stringify(extra).slice(0, 300) : ''}`);
  }
}

const brief = (s: CycleSummary): CycleBrief => ({
  feedsOk: s.feedsOk,
  feedsNotModified: s.feedsNotModified,
  feedsFailed: s.feedsFailed,
  feedsSkipped: s.feedsSkipped,
  itemsRead: s.itemsRead,
  eventsFound: s.eventsFound,
  alertsSent: s.alertsSent,
  firstFailure: s.feeds.find((f) => f.status === 'failed')?.error,
});

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as RunnerConfig;
  const settings = loadPollerConfig(config.env);
  const maxFeedsInFlight = config.maxInFlight ?? settings.maxFeedsInFlight;
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: config.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  // One store per table, as a warm Lambda container keeps its store between invocations.
  const stores = new Map<string, DynamoCaseStore>();
  const storeFor = (table: string): DynamoCaseStore => {
    if (!stores.has(table)) stores.set(table, new DynamoCaseStore(doc, table));
    return stores.get(table)!;
  };
  const fetcher = new HttpFeedFetcher({ timeoutMs: settings.feedTimeoutMs, maxBytes: settings.feedMaxBytes });
  const publisher = new CountingPublisher();
  const logger = new CountingLogger();
  const send = (reply: CycleReply) => process.send!(reply);

  process.on('message', (msg: CycleRequest) => {
    if (msg.type === 'exit') {
      doc.destroy();
      process.exit(0);
    }
    void (async () => {
      logger.problems = [];
      const before = publisher.published;
      const startRss = process.memoryUsage.rss();
      let peak = startRss;
      let peakHeap = 0;
      let ticks = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
        // The full breakdown costs more; every fifth tick is enough to see what the RSS holds.
        if (ticks++ % 5 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapTotal);
      }, 50);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      try {
        const summary = await runPollCycle(
          { store: storeFor(msg.tableName), fetcher, publisher, logger, now: () => new Date() },
          { caseIds: settings.caseIds, feeds: config.feeds, maxFeedsInFlight },
        );
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        peak = Math.max(peak, process.memoryUsage.rss());
        send({
          type: 'cycle',
          seconds,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
          peakRssMb: peak / 2 ** 20,
          startRssMb: startRss / 2 ** 20,
          peakHeapTotalMb: peakHeap / 2 ** 20,
          summary: brief(summary),
          published: publisher.published - before,
          problems: logger.problems.slice(0, 3).concat(logger.problems.length > 3 ? [`... ${logger.problems.length} in all`] : []),
        });
      } catch (err) {
        send({ type: 'failed', error: `runPollCycle threw: ${err instanceof Error ? err.message : String(err)}` });
      } finally {
        clearInterval(sampler);
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', maxFeedsInFlight, feedTimeoutMs: settings.feedTimeoutMs });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies CycleReply);
  process.exit(1);
});
