/**
 * The poll cycle end to end on the embedded DynamoDB with feeds from a local HTTP server: the
 * real store, fetcher and parser, a stand-in detector and formatter (both are tested on their own).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore } from '../../lambdas/adapters/dynamo-case-store.ts';
import { HttpFeedFetcher } from '../../lambdas/adapters/http-feed-fetcher.ts';
import { INDEX, casePk, eventKey, sourcesOfEventPrefix } from '../../lambdas/domain/keys.ts';
import type { AlertPublisher, CaseStore, FeedConfig } from '../../lambdas/ports.ts';
import { MAX_ALERT_ATTEMPTS, runPollCycle } from '../../lambdas/poller/poll-cycle.ts';
import { CASE_ID, FakePublisher, MemoryLogger, emptyRecord, fakeDetect, fakeFormat } from '../unit/poll-cycle-fakes.ts';
import { createTable, rss, seedCase, startDynalite, startFeedServer, type Dynalite, type FeedServer } from './poll-helpers.ts';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const EVENT_ID = '2026-11-20#velayati#travel#AZ';
let db: Dynalite;
let http: FeedServer;
let client: DynamoDBDocumentClient;
let tableName: string;
let nowMs: number;

beforeAll(async () => {
  db = await startDynalite();
  http = await startFeedServer();
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});
beforeEach(async () => {
  ({ client, tableName } = await createTable());
  await seedCase(client, tableName, emptyRecord());
  nowMs = Date.parse('2026-11-27T12:00:00Z');
  http.feeds.clear();
});

const now = () => new Date(nowMs);
const newStore = () => new DynamoCaseStore(client, tableName, { now });
const feed = (id: string): FeedConfig => ({ id, url: `${http.base}/${id}-${tableName}.xml` });
const serve = (f: FeedConfig, items: Parameters<typeof rss>[0]) => http.feeds.set(new URL(f.url).pathname, rss(items));
const cycle = (store: CaseStore, publisher: AlertPublisher, feeds: FeedConfig[]) =>
  runPollCycle({ store, fetcher: new HttpFeedFetcher({ timeoutMs: 5_000 }), publisher, logger: new MemoryLogger(), now, detect: fakeDetect, formatAlert: fakeFormat }, { caseIds: [CASE_ID], feeds });
const sources = async (id: string) =>
  (await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': casePk(CASE_ID), ':p': sourcesOfEventPrefix(id) } }))).Items ?? [];
const eventItem = async () => (await client.send(new GetCommand({ TableName: tableName, Key: eventKey(CASE_ID, EVENT_ID) }))).Item;

describe('poll cycle on dynalite', () => {
  it('sends one alert and stores two sources when two outlets report the same event', async () => {
    const a = feed('outlet-a');
    const b = feed('outlet-b');
    serve(a, [{ title: 'Velayati lands in Baku', link: 'http://outlet-a/baku', description: 'Velayati arrived [[velayati|travel|AZ|2026-11-20]]' }]);
    serve(b, [{ title: 'Velayati visita Bakú', link: 'http://outlet-b/baku', description: 'Velayati llegó [[velayati|travel|AZ|2026-11-21]]' }]);
    const publisher = new FakePublisher();
    const s = await cycle(newStore(), publisher, [a, b]);
    expect(s).toMatchObject({ feedsOk: 2, eventsFound: 2, alertsSent: 1 });
    expect(publisher.published).toHaveLength(1);
    expect((await sources(EVENT_ID)).map((i) => i.link).sort()).toEqual(['http://outlet-a/baku', 'http://outlet-b/baku']);
    expect(await eventItem()).toMatchObject({ sourceCount: 2, messageId: 'm-1' });
  });

  it('attaches a later run\'s article about an already detected event as a source, without alerting again', async () => {
    const a = feed('early');
    const b = feed('late');
    serve(a, [{ title: 'Velayati lands in Baku', link: 'http://early/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const publisher = new FakePublisher();
    await cycle(newStore(), publisher, [a]);
    serve(b, [{ title: 'Velayati was in Baku', link: 'http://late/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    nowMs += 10 * 60_000;
    const s = await cycle(newStore(), publisher, [a, b]);
    expect(s).toMatchObject({ eventsFound: 0, sourcesAttached: 1, alertsSent: 0 });
    expect(publisher.published).toHaveLength(1);
    expect((await sources(EVENT_ID)).map((i) => i.link).sort()).toEqual(['http://early/1', 'http://late/1']);
  });

  it('sends each alert once when two cycles over the same feeds run at the same time', async () => {
    const feeds = ['one', 'two', 'three'].map(feed);
    serve(feeds[0]!, [{ title: 'Velayati in Baku', link: 'http://one/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    serve(feeds[1]!, [
      { title: 'Velayati seen in Baku', link: 'http://two/1', description: '[[velayati|travel|AZ|2026-11-19]]' },
      { title: 'Rezai detained', link: 'http://two/2', description: '[[rezai|detention|AR|2026-11-22]]' },
    ]);
    serve(feeds[2]!, [{ title: 'Rezai arrested', link: 'http://three/1', description: '[[rezai|detention|AR|2026-11-23]]' }]);
    const publisher = new FakePublisher();
    const [x, y] = await Promise.all([cycle(newStore(), publisher, feeds), cycle(newStore(), publisher, [...feeds].reverse())]);
    expect(publisher.published.map((p) => p.sms).sort()).toEqual(['rezai detention', 'velayati travel']);
    expect(x.alertsSent + y.alertsSent).toBe(2);
    expect(x.itemErrors! + y.itemErrors!).toBe(0);
    const pending = await newStore().listPendingAlerts(CASE_ID);
    expect(pending).toHaveLength(0);
  });

  it('retries a pending alert once when two cycles start at the same time', async () => {
    const a = feed('overlap-retry');
    serve(a, [{ title: 'Velayati in Baku', link: 'http://o/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const publisher = new FakePublisher(1);
    await cycle(newStore(), publisher, [a]);
    nowMs += 5 * 60_000;
    const [x, y] = await Promise.all([cycle(newStore(), publisher, [a]), cycle(newStore(), publisher, [a])]);
    expect(x.alertsSent + y.alertsSent).toBe(1);
    expect(publisher.published).toHaveLength(1);
  });

  it('retries a failed publish on the next run and republishes the identical stored message', async () => {
    const a = feed('retry');
    serve(a, [{ title: 'Velayati in Baku', link: 'http://r/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const publisher = new FakePublisher(1);
    const first = await cycle(newStore(), publisher, [a]);
    expect(first).toMatchObject({ alertsSent: 0, alertsPending: 1 });
    expect(await eventItem()).toMatchObject({ alertStatus: 'pending', alertAttempts: 1, lastAlertError: 'SNS unavailable' });

    nowMs += 5 * 60_000;
    const second = await cycle(newStore(), publisher, [a]);
    expect(second.feeds[0]!.status).toBe('not-modified');
    expect(second.alertsSent).toBe(1);
    const item = await eventItem();
    expect(item).toMatchObject({ alertAttempts: 2, messageId: 'm-1' });
    expect(item).not.toHaveProperty('alertStatus');
    expect(publisher.published[0]).toEqual(item!.alert);
  });

  it(`marks the alert failed after ${MAX_ALERT_ATTEMPTS} failed publishes, where the status index finds it`, async () => {
    const a = feed('dead-sns');
    serve(a, [{ title: 'Velayati in Baku', link: 'http://d/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const publisher = new FakePublisher(1000);
    const runs = [];
    for (let i = 0; i < MAX_ALERT_ATTEMPTS + 1; i++) {
      runs.push(await cycle(newStore(), publisher, [a]));
      nowMs += 5 * 60_000;
    }
    expect(runs.map((r) => r.alertsFailed)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(publisher.attempts).toBe(MAX_ALERT_ATTEMPTS);
    const failed = await client.send(new QueryCommand({ TableName: tableName, IndexName: INDEX.byAlertStatus.name, KeyConditionExpression: 'alertStatus = :f', ExpressionAttributeValues: { ':f': 'failed' } }));
    expect(failed.Items!.map((i) => [i.id, i.alertAttempts])).toEqual([[EVENT_ID, MAX_ALERT_ATTEMPTS]]);

    // The README's way to try again once the topic works: set alertStatus back to pending.
    publisher.failures = 0;
    await client.send(new UpdateCommand({ TableName: tableName, Key: eventKey(CASE_ID, EVENT_ID), UpdateExpression: 'SET alertStatus = :p', ExpressionAttributeValues: { ':p': 'pending' } }));
    const retried = await cycle(newStore(), publisher, [a]);
    expect(retried.alertsSent).toBe(1);
    expect(await eventItem()).not.toHaveProperty('alertStatus');
  });

  it('after a run dies between storing an event and marking its item, the next run neither loses nor repeats the alert', async () => {
    const a = feed('crash');
    serve(a, [{ title: 'Velayati in Baku', link: 'http://c/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const publisher = new FakePublisher();
    const crashing = newStore();
    crashing.putItemMarkers = async () => {
      throw new Error('Lambda timed out');
    };
    const first = await cycle(crashing, publisher, [a]);
    expect(first.feeds[0]!.status).toBe('failed');
    expect(publisher.published).toHaveLength(1);

    nowMs += 11 * 60_000;
    const second = await cycle(newStore(), publisher, [a]);
    // The item is read again; the record now holds its event, so it is known and not alerted.
    expect(second.feeds[0]).toMatchObject({ status: 'ok', newItems: 1, eventsFound: 0 });
    expect(publisher.published).toHaveLength(1);
    expect(await sources(EVENT_ID)).toHaveLength(1);
  });

  it('keeps polling good feeds beside one whose server errors, and remembers the broken one', async () => {
    const good = feed('good');
    const broken = feed('broken');
    serve(good, [{ title: 'Velayati in Baku', link: 'http://g/1', description: '[[velayati|travel|AZ|2026-11-20]]' }]);
    const s = await cycle(newStore(), new FakePublisher(), [broken, good]);
    expect(s.feeds.map((f) => [f.feedId, f.status])).toEqual([['broken', 'failed'], ['good', 'ok']]);
    expect(s.feeds[0]!.error).toMatch(/^HTTP 500/);
    const states = await newStore().getFeedStates();
    expect(states.get('broken')).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/^HTTP 500/), nextAttemptAt: new Date(nowMs + 10 * 60_000).toISOString() });
    expect(states.get('good')!.etag).toBeTruthy();
  });
});
