import { describe, expect, it } from 'vitest';
import type { FeedConfig, FeedState, FetchOutcome } from '../../lambdas/ports.ts';
import {
  DEFAULT_MAX_FEEDS_IN_FLIGHT,
  DEFAULT_TIME_MARGIN_MS,
  MAX_ALERT_ATTEMPTS,
  type PollOptions,
  defaultItemIdentity,
  feedBackoffMs,
  runPollCycle,
} from '../../lambdas/poller/poll-cycle.ts';
import {
  CASE_ID,
  Clock,
  FakeFetcher,
  FakePublisher,
  FakeStore,
  MemoryLogger,
  MemoryMetrics,
  fakeDetect,
  fakeFormat,
  feedBody,
} from './poll-cycle-fakes.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-27T12:00:00Z');
const feed = (id: string): FeedConfig => ({ id, url: `http://feeds.test/${id}.xml` });
const ok = (items: Parameters<typeof feedBody>[0], extra: Partial<Extract<FetchOutcome, { kind: 'ok' }>> = {}): FetchOutcome => ({
  kind: 'ok',
  body: feedBody(items),
  finalUrl: 'x',
  ...extra,
});
const TRAVEL = '[[velayati|travel|AZ|2026-11-20]]';

function setup(outcomes: Record<string, FetchOutcome | Error>, opts: { failures?: number; delayMs?: number } = {}) {
  const clock = new Clock(T0);
  const store = new FakeStore();
  const fetcher = new FakeFetcher(outcomes, opts.delayMs);
  const publisher = new FakePublisher(opts.failures);
  const logger = new MemoryLogger();
  const metrics = new MemoryMetrics();
  const deps = {
    store,
    fetcher,
    publisher,
    logger,
    metrics,
    now: clock.now,
    detect: fakeDetect,
    formatAlert: fakeFormat,
  };
  const run = (feeds: FeedConfig[], options: Partial<PollOptions> = {}) => runPollCycle(deps, { caseIds: [CASE_ID], feeds, ...options });
  return { clock, store, fetcher, publisher, logger, metrics, run };
}

describe('feed scheduling and state', () => {
  it('skips a feed whose next attempt lies in the future without fetching it', async () => {
    const t = setup({ [feed('a').url]: ok([]) });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, consecutiveFailures: 1, itemsSeen: 0, nextAttemptAt: new Date(T0 + 5 * MIN).toISOString() });
    const s = await t.run([feed('a')]);
    expect(s.feeds[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^backoff until/) });
    expect(t.fetcher.calls).toHaveLength(0);
  });

  it('polls a backing-off feed when asked to ignore backoff, keeping its validators', async () => {
    const t = setup({ [feed('a').url]: ok([]) });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, etag: '"v1"', consecutiveFailures: 2, itemsSeen: 0, nextAttemptAt: new Date(T0 + 5 * MIN).toISOString() });
    const s = await t.run([feed('a')], { ignoreBackoff: true });
    expect(s.feeds[0]!.status).toBe('ok');
    expect(t.fetcher.calls[0]!.validators).toEqual({ etag: '"v1"' });
    expect(t.store.feedStates.get('a')).toMatchObject({ consecutiveFailures: 0 });
  });

  it('forgets the backoff and validators of a feed whose URL was changed in the configuration', async () => {
    const t = setup({ [feed('a').url]: ok([]) });
    await t.store.putFeedState({ feedId: 'a', url: 'http://old.test/a.xml', etag: '"old"', consecutiveFailures: 4, itemsSeen: 2, nextAttemptAt: new Date(T0 + 60 * MIN).toISOString() });
    const s = await t.run([feed('a')]);
    expect(s.feeds[0]!.status).toBe('ok');
    expect(t.fetcher.calls[0]!.validators).toEqual({});
    expect(t.store.feedStates.get('a')).toMatchObject({ url: feed('a').url, consecutiveFailures: 0, itemsSeen: 2 });
  });

  it('sends the saved validators and treats a 304 as not modified without parsing', async () => {
    const t = setup({ [feed('a').url]: { kind: 'not-modified' } });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT', consecutiveFailures: 0, itemsSeen: 3 });
    const s = await t.run([feed('a')]);
    expect(t.fetcher.calls[0]!.validators).toEqual({ etag: '"v1"', lastModified: 'Tue, 24 Nov 2026 10:00:00 GMT' });
    expect(s.feedsNotModified).toBe(1);
    // Nothing was parsed: no item was even looked up.
    expect(t.store.markerReads).toHaveLength(0);
    expect(t.store.feedStates.get('a')).toMatchObject({ etag: '"v1"', lastSuccessAt: new Date(T0).toISOString(), itemsSeen: 3 });
  });

  it('saves validators, clears failures and counts items after a successful fetch', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1' }, { link: 'http://x/2' }], { etag: '"e2"', lastModified: 'LM' }) });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, consecutiveFailures: 2, itemsSeen: 5, lastError: 'HTTP 500' });
    const s = await t.run([feed('a')]);
    expect(s.feeds[0]).toMatchObject({ status: 'ok', itemsRead: 2, newItems: 2 });
    expect(t.store.feedStates.get('a')).toMatchObject({ etag: '"e2"', lastModified: 'LM', consecutiveFailures: 0, itemsSeen: 7, lastSuccessAt: new Date(T0).toISOString() });
    expect(t.store.feedStates.get('a')!.nextAttemptAt).toBeUndefined();
  });

  it('records a failure with its reason and backs off exponentially, honouring a longer Retry-After', async () => {
    const url = feed('a').url;
    const t = setup({ [url]: { kind: 'failed', reason: 'HTTP 500' } });
    await t.run([feed('a')]);
    expect(t.store.feedStates.get('a')).toMatchObject({ consecutiveFailures: 1, lastError: 'HTTP 500', lastErrorAt: new Date(T0).toISOString(), nextAttemptAt: new Date(T0 + 10 * MIN).toISOString() });

    t.clock.advance(10 * MIN);
    await t.run([feed('a')]);
    expect(t.store.feedStates.get('a')).toMatchObject({ consecutiveFailures: 2, nextAttemptAt: new Date(T0 + 10 * MIN + 20 * MIN).toISOString() });

    t.clock.advance(20 * MIN);
    t.fetcher.outcomes[url] = { kind: 'failed', reason: 'HTTP 429', retryAfterSeconds: 3600 };
    await t.run([feed('a')]);
    expect(t.store.feedStates.get('a')).toMatchObject({ consecutiveFailures: 3, nextAttemptAt: new Date(T0 + 30 * MIN + 60 * MIN).toISOString() });
  });

  it('counts a feed whose failures began more than a day ago, including while it waits out its backoff, until it recovers', async () => {
    const url = feed('a').url;
    const t = setup({ [url]: { kind: 'failed', reason: 'HTTP 503' }, [feed('b').url]: ok([]) });
    await t.run([feed('a'), feed('b')]);
    expect(t.store.feedStates.get('a')!.failingSince).toBe(new Date(T0).toISOString());
    t.clock.advance(24 * 60 * MIN - 1 * MIN);
    const notYet = await t.run([feed('a'), feed('b')]);
    expect(notYet.feeds[0]!.status).toBe('failed');
    expect(notYet.feedsFailingOverADay).toBe(0);
    t.clock.advance(2 * MIN);
    const skipped = await t.run([feed('a'), feed('b')]);
    expect(skipped.feeds[0]!.status).toBe('skipped');
    expect(skipped.feedsFailingOverADay).toBe(1);
    expect(t.metrics.values.get('FeedsFailingOverADay')).toBe(1);
    expect(t.store.feedStates.get('a')!.failingSince).toBe(new Date(T0).toISOString());

    t.clock.advance(6 * 60 * MIN);
    t.fetcher.outcomes[url] = ok([]);
    const recovered = await t.run([feed('a'), feed('b')]);
    expect(recovered.feedsFailingOverADay).toBe(0);
    expect(t.store.feedStates.get('a')!.failingSince).toBeUndefined();
  });

  it('computes backoff as 10 minutes doubling per failure, capped at 6 hours', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => feedBackoffMs(n) / MIN)).toEqual([10, 20, 40, 80, 160, 320, 360, 360]);
    expect(feedBackoffMs(1, 7200)).toBe(7200_000);
    expect(feedBackoffMs(7, 60)).toBe(360 * MIN);
  });

  it('keeps polling the other feeds when one throws, and logs the broken feed with its id and url', async () => {
    const t = setup({
      [feed('good1').url]: ok([{ link: 'http://x/g1', text: TRAVEL }]),
      [feed('broken').url]: new TypeError('socket hang up\n    at stack frame'),
      [feed('good2').url]: ok([{ link: 'http://x/g2' }]),
    });
    const s = await t.run([feed('good1'), feed('broken'), feed('good2')]);
    expect(s.feeds.map((f) => [f.feedId, f.status])).toEqual([['good1', 'ok'], ['broken', 'failed'], ['good2', 'ok']]);
    expect(s.feeds[1]!.error).toBe('socket hang up');
    expect(t.store.feedStates.get('broken')).toMatchObject({ consecutiveFailures: 1, lastError: 'socket hang up' });
    expect(t.publisher.published).toHaveLength(1);
    const line = t.logger.lines.find((l) => l.message === 'feed failed');
    expect(line?.extra).toMatchObject({ feedId: 'broken', url: feed('broken').url, error: 'socket hang up' });
    expect(t.logger.lines.filter((l) => l.message.startsWith('feed ')).every((l) => l.extra?.feedId && l.extra?.url)).toBe(true);
  });

  it('records a feed that cannot be parsed as failed', async () => {
    const t = setup({ [feed('a').url]: { kind: 'ok', body: new TextEncoder().encode('<html>not json'), finalUrl: 'x' } });
    const s = await t.run([feed('a')]);
    expect(s.feedsFailed).toBe(1);
    expect(t.store.feedStates.get('a')!.consecutiveFailures).toBe(1);
  });

  it('never has more feeds in flight than the bound, overall and per host', async () => {
    const spread = Array.from({ length: 9 }, (_, i) => ({ id: `f${i}`, url: `http://host${i}.test/rss` }));
    const a = setup(Object.fromEntries(spread.map((f) => [f.url, ok([])])), { delayMs: 5 });
    await a.run(spread, { maxFeedsInFlight: 3 });
    expect(a.fetcher.calls).toHaveLength(9);
    expect(a.fetcher.maxInFlight).toBe(3);

    const oneHost = Array.from({ length: 6 }, (_, i) => feed(`g${i}`));
    const b = setup(Object.fromEntries(oneHost.map((f) => [f.url, ok([])])), { delayMs: 5 });
    await b.run(oneHost, { maxFeedsInFlight: 4, maxFeedsPerHost: 2 });
    expect(b.fetcher.calls).toHaveLength(6);
    expect(b.fetcher.maxInFlight).toBe(2);
  });

  it('fetches up to DEFAULT_MAX_FEEDS_IN_FLIGHT feeds at once when not told otherwise', async () => {
    const spread = Array.from({ length: DEFAULT_MAX_FEEDS_IN_FLIGHT + 8 }, (_, i) => ({ id: `f${i}`, url: `http://host${i}.test/rss` }));
    const t = setup(Object.fromEntries(spread.map((f) => [f.url, ok([])])), { delayMs: 20 });
    await t.run(spread);
    expect(t.fetcher.calls).toHaveLength(spread.length);
    expect(t.fetcher.maxInFlight).toBe(DEFAULT_MAX_FEEDS_IN_FLIGHT);
  });

  it('writes the states of unchanged feeds together in one batched call at the end of the cycle', async () => {
    const unchanged = [feed('a'), feed('b'), feed('c')];
    const t = setup({ ...Object.fromEntries(unchanged.map((f) => [f.url, { kind: 'not-modified' } as FetchOutcome])), [feed('d').url]: ok([]) });
    const batches: FeedState[][] = [];
    const single: string[] = [];
    const putFeedState = t.store.putFeedState.bind(t.store);
    Object.assign(t.store, {
      putFeedState: async (state: FeedState) => {
        single.push(state.feedId);
        await putFeedState(state);
      },
      putFeedStates: async (states: readonly FeedState[]) => {
        batches.push([...states]);
        for (const state of states) await putFeedState(state);
      },
    });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, etag: '"v1"', consecutiveFailures: 2, itemsSeen: 3, lastError: 'HTTP 500' });
    single.length = 0;
    const s = await t.run([...unchanged, feed('d')]);
    expect(s.feedsNotModified).toBe(3);
    expect(batches.map((b) => b.map((x) => x.feedId).sort())).toEqual([['a', 'b', 'c']]);
    expect(single).toEqual(['d']);
    expect(t.store.feedStates.get('a')).toMatchObject({ etag: '"v1"', consecutiveFailures: 0, lastSuccessAt: new Date(T0).toISOString(), itemsSeen: 3 });
  });

  it('logs and finishes the cycle when the unchanged feeds\' states cannot be written', async () => {
    const t = setup({ [feed('a').url]: { kind: 'not-modified' } });
    Object.assign(t.store, {
      putFeedStates: async () => {
        throw new Error('ProvisionedThroughputExceededException: throttled');
      },
    });
    const s = await t.run([feed('a')]);
    expect(s.feedsNotModified).toBe(1);
    expect(t.logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: 'feed states of unchanged feeds not saved', extra: expect.objectContaining({ feeds: 1 }) }));
  });

  it('starts no new feed once the remaining time falls below the margin and leaves it for the next run', async () => {
    const feeds = [feed('a'), feed('b'), feed('c')];
    const t = setup(Object.fromEntries(feeds.map((f) => [f.url, ok([])])));
    let remaining = 60_000;
    const s = await t.run(feeds, {
      maxFeedsInFlight: 1,
      remainingTimeMs: () => remaining,
      onFeedResult: () => {
        remaining = DEFAULT_TIME_MARGIN_MS - 1;
      },
    });
    expect(s.feeds.map((f) => f.status)).toEqual(['ok', 'skipped', 'skipped']);
    expect(s.feeds[1]!.reason).toBe('time budget');
    expect(t.fetcher.calls).toHaveLength(1);
    expect(t.store.feedStates.has('b')).toBe(false);
  });
});

describe('items', () => {
  it('reads markers for all of a feed\'s items in one batched call and skips items already processed', async () => {
    const items = [{ link: 'http://x/1', text: TRAVEL }, { link: 'http://x/2' }, { link: 'http://x/3' }];
    const t = setup({ [feed('a').url]: ok(items) });
    await t.run([feed('a')]);
    expect(t.store.markerReads).toHaveLength(1);
    expect(t.store.markerReads[0]).toHaveLength(3);
    const again = await t.run([feed('a')]);
    expect(again.feeds[0]).toMatchObject({ itemsRead: 3, newItems: 0 });
    expect(t.store.markerReads).toHaveLength(2);
    expect(t.publisher.published).toHaveLength(1);
  });

  it('writes an item\'s marker only after its events are stored and its alert delivered', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }]) });
    await t.run([feed('a')]);
    const id = defaultItemIdentity.itemId({ title: 't', text: TRAVEL, link: 'http://x/1' }, 'a');
    expect(t.store.log).toEqual(['event 2026-11-20#velayati#travel#AZ', 'alert sent 2026-11-20#velayati#travel#AZ', `marker ${id}`]);
    expect(t.store.markers.get(id)).toMatchObject({ feedId: 'a', contentHash: defaultItemIdentity.contentHash({ title: 't', text: TRAVEL, link: 'http://x/1' }) });
  });

  it('leaves an item whose event could not be stored unmarked and keeps the old validators, so the next run sees it again', async () => {
    const items = [{ link: 'http://x/ok', text: TRAVEL }, { link: 'http://x/throttled', text: '[[rezai|detention|AR|2026-11-21]]' }];
    const t = setup({ [feed('a').url]: ok(items, { etag: '"new"' }) });
    await t.store.putFeedState({ feedId: 'a', url: feed('a').url, etag: '"old"', consecutiveFailures: 0, itemsSeen: 0 });
    t.store.failRecord = /throttled/;
    const s = await t.run([feed('a')]);
    expect(s.feeds[0]).toMatchObject({ status: 'ok', itemErrors: 1 });
    expect(s.itemErrors).toBe(1);
    expect(t.store.markers.size).toBe(1);
    expect(t.store.feedStates.get('a')!.etag).toBe('"old"');

    t.store.failRecord = undefined;
    const next = await t.run([feed('a')]);
    expect(next.feeds[0]).toMatchObject({ newItems: 1, eventsFound: 1 });
    expect(t.publisher.published.map((a) => a.sms)).toEqual(['velayati travel', 'rezai detention']);
    expect(t.store.feedStates.get('a')!.etag).toBe('"new"');
  });

  it('looks again at an edited item but alerts only when the edit reports a new event', async () => {
    const url = feed('a').url;
    const t = setup({ [url]: ok([{ link: 'http://x/1', title: 'Velayati in Baku', text: TRAVEL }]) });
    await t.run([feed('a')]);
    t.fetcher.outcomes[url] = ok([{ link: 'http://x/1', title: 'Velayati in Baku (updated)', text: `${TRAVEL} more detail` }]);
    const edited = await t.run([feed('a')]);
    expect(edited.feeds[0]).toMatchObject({ newItems: 1, eventsFound: 1 });
    expect(t.publisher.published).toHaveLength(1);

    t.fetcher.outcomes[url] = ok([{ link: 'http://x/1', title: 'Velayati detained', text: `${TRAVEL} [[velayati|detention|AZ|2026-11-22]]` }]);
    await t.run([feed('a')]);
    expect(t.publisher.published.map((a) => a.sms)).toEqual(['velayati travel', 'velayati detention']);
  });

  it('passes detection the clock\'s day as today, or the asOf the caller names', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1' }]) });
    const seen: string[] = [];
    const deps = { store: t.store, fetcher: t.fetcher, publisher: t.publisher, logger: t.logger, now: t.clock.now, formatAlert: fakeFormat };
    const detect = (_i: unknown, _r: unknown, asOf: string) => (seen.push(asOf), []);
    await runPollCycle({ ...deps, detect }, { caseIds: [CASE_ID], feeds: [feed('a')] });
    await runPollCycle({ ...deps, detect, identity: { itemId: () => 'other', contentHash: () => 'h' } }, { caseIds: [CASE_ID], feeds: [feed('a')], asOf: '2019-11-01' });
    expect(seen).toEqual(['2026-11-27', '2019-11-01']);
  });

  it('alerts nothing for an event the record already holds and keeps the article as one of its sources', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }]) });
    t.store.record = { ...t.store.record, events: [{ id: '2026-11-20#velayati#travel#AZ', caseId: CASE_ID, accused: 'velayati', type: 'travel', country: 'AZ', date: '2026-11-20', summary: '', origin: 'seed' }] };
    const s = await t.run([feed('a')]);
    expect(s.eventsFound).toBe(0);
    expect(s.sourcesAttached).toBe(1);
    expect(t.store.events.size).toBe(0);
    expect(t.store.attached).toEqual(['2026-11-20#velayati#travel#AZ http://x/1']);
    expect(t.publisher.published).toHaveLength(0);
  });

  it('sends one alert and keeps two sources when two outlets report the same event', async () => {
    const t = setup({
      [feed('a').url]: ok([{ link: 'http://a/story', text: TRAVEL }]),
      [feed('b').url]: ok([{ link: 'http://b/story', text: '[[velayati|travel|AZ|2026-11-21]]' }]),
    });
    const s = await t.run([feed('a'), feed('b')]);
    expect(s.eventsFound).toBe(2);
    expect(s.eventsCreated).toBe(1);
    expect(s.sourcesAttached).toBe(1);
    expect(t.publisher.published).toHaveLength(1);
    expect([...t.store.events.values()][0]!.sources.size).toBe(2);
  });
});

describe('delivery', () => {
  it('keeps a failed publish pending and delivers the stored message at the start of the next run', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }]) }, { failures: 1 });
    const first = await t.run([feed('a')]);
    expect(first).toMatchObject({ alertsSent: 0, alertsPending: 1 });
    const ev = t.store.events.get('2026-11-20#velayati#travel#AZ')!;
    expect(ev).toMatchObject({ status: 'pending', attempts: 1, lastError: 'SNS unavailable' });

    t.fetcher.outcomes[feed('a').url] = { kind: 'not-modified' };
    const second = await t.run([feed('a')]);
    expect(second).toMatchObject({ alertsSent: 1, alertsPending: 0 });
    expect(ev).toMatchObject({ status: 'sent', attempts: 2, messageId: 'm-1' });
    expect(t.publisher.published[0]).toEqual(ev.alert);
  });

  it(`marks an alert failed after ${MAX_ALERT_ATTEMPTS} failed publishes and reports it in the metrics`, async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }]) }, { failures: 100 });
    await t.run([feed('a')]);
    t.fetcher.outcomes[feed('a').url] = { kind: 'not-modified' };
    for (let i = 2; i < MAX_ALERT_ATTEMPTS; i++) await t.run([feed('a')]);
    const ev = t.store.events.get('2026-11-20#velayati#travel#AZ')!;
    expect(ev).toMatchObject({ status: 'pending', attempts: MAX_ALERT_ATTEMPTS - 1 });
    const last = await t.run([feed('a')]);
    expect(ev).toMatchObject({ status: 'failed', attempts: MAX_ALERT_ATTEMPTS });
    expect(last.alertsFailed).toBe(1);
    expect(t.metrics.values.get('AlertsFailed')).toBe(1);
    await t.run([feed('a')]);
    expect(t.publisher.attempts).toBe(MAX_ALERT_ATTEMPTS);
  });

  it('leaves a pending alert that another run has claimed alone', async () => {
    const t = setup({ [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }]) }, { failures: 1 });
    await t.run([feed('a')]);
    t.store.events.get('2026-11-20#velayati#travel#AZ')!.claimed = true;
    t.fetcher.outcomes[feed('a').url] = { kind: 'not-modified' };
    await t.run([feed('a')]);
    expect(t.publisher.attempts).toBe(1);
  });
});

describe('summary, metrics and last cycle', () => {
  it('emits every cycle metric and stores the summary as the last cycle', async () => {
    const t = setup({
      [feed('a').url]: ok([{ link: 'http://x/1', text: TRAVEL }, { link: 'http://x/2' }]),
      [feed('b').url]: { kind: 'not-modified' },
      [feed('c').url]: { kind: 'failed', reason: 'HTTP 404' },
    });
    const s = await t.run([feed('a'), feed('b'), feed('c')]);
    expect(Object.fromEntries(t.metrics.values)).toMatchObject({
      FeedsOk: 1,
      FeedsNotModified: 1,
      FeedsFailed: 1,
      ItemsRead: 2,
      EventsFound: 1,
      AlertsSent: 1,
      AlertsPending: 0,
      AlertsFailed: 0,
      CycleDurationMs: s.durationMs,
    });
    expect(t.store.lastCycle).toMatchObject({
      startedAt: new Date(T0).toISOString(),
      counts: { feedsOk: 1, feedsFailed: 1, alertsSent: 1 },
      failedFeeds: [{ feedId: 'c', url: feed('c').url, error: 'HTTP 404' }],
    });
  });
});
