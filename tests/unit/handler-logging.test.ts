import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toCycleLogger } from '../../lambdas/poller/create-handler.ts';
import { runPollCycle } from '../../lambdas/poller/poll-cycle.ts';
import { CASE_ID, FakeFetcher, FakePublisher, FakeStore, fakeDetect, fakeFormat, feedBody } from './poll-cycle-fakes.ts';

/** Collects what Powertools writes to stdout and stderr, one JSON document per line. */
function captureOutput(): { lines: () => Record<string, any>[] } {
  const chunks: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    });
  }
  return { lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('poller logs and metrics through Powertools', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes one JSON line per feed carrying its id and url, and one EMF document with every cycle metric', async () => {
    const out = captureOutput();
    const logger = new Logger({ serviceName: 'casewatch-poller' });
    const metrics = new Metrics({ namespace: 'casewatch', serviceName: 'casewatch-poller' });
    const feeds = [
      { id: 'good', url: 'http://feeds.test/good.xml' },
      { id: 'bad', url: 'http://feeds.test/bad.xml' },
    ];
    await runPollCycle(
      {
        store: new FakeStore(),
        fetcher: new FakeFetcher({ [feeds[0]!.url]: { kind: 'ok', body: feedBody([{ link: 'http://x/1', text: '[[velayati|travel|AZ|2026-11-20]]' }]), finalUrl: 'x' }, [feeds[1]!.url]: { kind: 'failed', reason: 'HTTP 503' } }),
        publisher: new FakePublisher(),
        logger: toCycleLogger(logger),
        metrics,
        now: () => new Date('2026-11-27T12:00:00Z'),
        detect: fakeDetect,
        formatAlert: fakeFormat,
          },
      { caseIds: [CASE_ID], feeds },
    );
    metrics.publishStoredMetrics();
    const lines = out.lines();
    const feedLines = lines.filter((l) => l.message === 'feed polled' || l.message === 'feed failed').sort((a, b) => a.feedId.localeCompare(b.feedId));
    expect(feedLines.map((l) => [l.level, l.feedId, l.url, l.status])).toEqual([
      ['WARN', 'bad', feeds[1]!.url, 'failed'],
      ['INFO', 'good', feeds[0]!.url, 'ok'],
    ]);
    expect(feedLines[0]).toMatchObject({ service: 'casewatch-poller', error: 'HTTP 503' });
    const emf = lines.find((l) => l._aws)!;
    const names = emf._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(names).toEqual(expect.arrayContaining(['FeedsOk', 'FeedsNotModified', 'FeedsFailed', 'ItemsRead', 'EventsFound', 'AlertsSent', 'AlertsPending', 'AlertsFailed', 'CycleDurationMs']));
    expect(emf._aws.CloudWatchMetrics[0].Namespace).toBe('casewatch');
    expect(emf).toMatchObject({ FeedsOk: 1, FeedsFailed: 1, EventsFound: 1, AlertsSent: 1 });
  });
});
