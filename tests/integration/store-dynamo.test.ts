import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoCaseStore, CaseNotFoundError, LeaseBusyError, ITEM_MARKER_TTL_DAYS } from '../../lambdas/adapters/dynamo-case-store.ts';
import { INDEX, casePk, eventKey, eventLockKey, itemMarkerKey, lastCycleKey, sourcesOfEventPrefix } from '../../lambdas/domain/keys.ts';
import type { CaseRecord, DetectedEvent } from '../../lambdas/domain/types.ts';
import type { Alert, EventSource } from '../../lambdas/ports.ts';
import { createTable, seedCase, startDynalite, type Dynalite } from './poll-helpers.ts';

const CASE = 'amia-test';
const record: CaseRecord = {
  caseId: CASE,
  title: 'AMIA test',
  contextTerms: ['AMIA', 'Interpol'],
  namesakes: ['Hina Rabbani Khar'],
  notNames: ['velayat-e faqih'],
  accused: [
    { id: 'velayati', name: 'Ali Akbar Velayati', aliases: ['Veleyati'], nativeNames: ['علی‌اکبر ولایتی'], surnames: ['Velayati'], role: 'Foreign Minister', roleTerms: ['ex canciller'], status: 'in Iran', nationality: 'IR', homeCountries: [], redNotice: false },
    { id: 'rabbani', name: 'Mohsen Rabbani', aliases: [], nativeNames: [], surnames: ['Rabbani'], role: 'cultural attaché', roleTerms: [], status: 'in Iran', nationality: 'IR', homeCountries: [], redNotice: true },
  ],
  events: [
    { id: '2019-11-08#velayati#arrest_request#AZ', caseId: CASE, accused: 'velayati', type: 'arrest_request', country: 'AZ', date: '2019-11-08', summary: 'Argentina asked Azerbaijan', origin: 'seed' },
    { id: '2007-11-07#rabbani#red_notice#-', caseId: CASE, accused: 'rabbani', type: 'red_notice', country: null, date: '2007-11-07', summary: 'Interpol red notice', origin: 'seed' },
  ],
};

const detected = (date: string, extra: Partial<DetectedEvent> = {}): DetectedEvent => ({
  accused: 'velayati',
  type: 'travel',
  country: 'AZ',
  date,
  known: false,
  evidence: { alias: 'Velayati', sentence: `Velayati arrived in Baku on ${date}.`, cues: ['arrived'], dateAnchor: 'explicit' },
  ...extra,
});
const source = (link: string): EventSource => ({ link, title: 'Velayati in Baku', feedId: 'f', sentence: 'Velayati arrived in Baku.' });
const alert: Alert = { subject: 'Velayati travelled to AZ', email: 'body', sms: 'sms', attributes: { caseId: CASE, accused: 'velayati', eventType: 'travel', country: 'AZ' } };

let db: Dynalite;
let client: DynamoDBDocumentClient;
let tableName: string;
let nowMs: number;
let store: DynamoCaseStore;
const makeStore = (opts: { leaseWaitMs?: number } = {}) => new DynamoCaseStore(client, tableName, { now: () => new Date(nowMs), ...opts });

beforeAll(async () => {
  db = await startDynalite();
});
afterAll(async () => {
  await db?.close();
});
beforeEach(async () => {
  ({ client, tableName } = await createTable());
  nowMs = Date.parse('2026-11-27T12:00:00Z');
  store = makeStore();
  await seedCase(client, tableName, record);
});

const get = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
const sourcesOf = async (id: string) =>
  (await client.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': casePk(CASE), ':p': sourcesOfEventPrefix(id) } }))).Items ?? [];

describe('DynamoCaseStore', () => {
  it('rebuilds the case record (meta, accused, seeded and detected events) from the case partition', async () => {
    await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    const loaded = await store.loadCaseRecord(CASE);
    expect(loaded).toMatchObject({ caseId: CASE, title: 'AMIA test', contextTerms: record.contextTerms, namesakes: record.namesakes, notNames: record.notNames });
    expect(loaded.accused).toEqual(expect.arrayContaining(record.accused.map((a) => expect.objectContaining(a))));
    expect(loaded.events.map((e) => [e.id, e.origin]).sort()).toEqual([
      ['2007-11-07#rabbani#red_notice#-', 'seed'],
      ['2019-11-08#velayati#arrest_request#AZ', 'seed'],
      ['2026-11-20#velayati#travel#AZ', 'detected'],
    ]);
    expect(loaded.events.find((e) => e.type === 'red_notice')!.country).toBeNull();
  });

  it('refuses to load a case that was never seeded, naming the seed command', async () => {
    await expect(store.loadCaseRecord('nope')).rejects.toThrow(CaseNotFoundError);
    await expect(store.loadCaseRecord('nope')).rejects.toThrow(/casewatch seed/);
  });

  it('reads item markers in batches of up to 100 and stamps a 90-day TTL on each', async () => {
    const processedAt = new Date(nowMs).toISOString();
    const stored = Array.from({ length: 130 }, (_, i) => ({ itemId: `item-${i}`, feedId: 'f', contentHash: `h${i}`, processedAt }));
    await store.putItemMarkers(stored);
    const asked = [...Array.from({ length: 250 }, (_, i) => `item-${i}`), 'item-1'];
    const found = await store.getItemMarkers(asked);
    expect(found.size).toBe(130);
    expect(found.get('item-7')).toMatchObject({ feedId: 'f', contentHash: 'h7' });
    const raw = await get(itemMarkerKey('item-7'));
    expect(raw!.expiresAt).toBe(Math.floor(nowMs / 1000) + ITEM_MARKER_TTL_DAYS * 86_400);
  });

  it('creates a new event once, pending, with its alert, index attributes and first source', async () => {
    const res = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    expect(res).toEqual({ created: true, eventId: '2026-11-20#velayati#travel#AZ' });
    const item = await get(eventKey(CASE, res.eventId));
    expect(item).toMatchObject({ origin: 'detected', alertStatus: 'pending', alertAttempts: 0, alert, sourceCount: 1, gsi1pk: `${casePk(CASE)}#ACCUSED#velayati`, detectedAt: new Date(nowMs).toISOString() });
    expect(await sourcesOf(res.eventId)).toHaveLength(1);
    expect(await get(eventLockKey(CASE, 'velayati', 'travel', 'AZ'))).toBeUndefined();
  });

  it('attaches another outlet\'s article within 30 days as a source, and the same article only once', async () => {
    const first = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    const second = await store.recordDetectedEvent(CASE, detected('2026-12-15'), source('http://b/2'), alert);
    const again = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://b/2'), alert);
    expect(second).toEqual({ created: false, eventId: first.eventId, sourceAdded: true });
    expect(again).toEqual({ created: false, eventId: first.eventId, sourceAdded: false });
    expect(await sourcesOf(first.eventId)).toHaveLength(2);
    expect((await get(eventKey(CASE, first.eventId)))!.sourceCount).toBe(2);
  });

  it('creates a separate event beyond 30 days, for another country, or for another type', async () => {
    const a = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    const later = await store.recordDetectedEvent(CASE, detected('2026-12-21'), source('http://a/2'), alert);
    const elsewhere = await store.recordDetectedEvent(CASE, detected('2026-11-20', { country: 'TR' }), source('http://a/3'), alert);
    const other = await store.recordDetectedEvent(CASE, detected('2026-11-20', { type: 'detention' }), source('http://a/4'), alert);
    expect([a, later, elsewhere, other].map((r) => r.created)).toEqual([true, true, true, true]);
  });

  it('matches a seeded event of the record within 30 days instead of creating one', async () => {
    const res = await store.recordDetectedEvent(CASE, detected('2019-11-10', { type: 'arrest_request' }), source('http://a/1'), alert);
    expect(res).toEqual({ created: false, eventId: '2019-11-08#velayati#arrest_request#AZ', sourceAdded: true });
  });

  it('attaches an article to a seeded event once, and to no event that does not exist', async () => {
    const seeded = '2019-11-08#velayati#arrest_request#AZ';
    expect(await store.attachSourceToEvent(CASE, seeded, source('http://recap/1'))).toBe(true);
    expect(await store.attachSourceToEvent(CASE, seeded, source('http://recap/1'))).toBe(false);
    expect(await store.attachSourceToEvent(CASE, '2030-01-01#nobody#travel#XX', source('http://recap/2'))).toBe(false);
    const item = await get(eventKey(CASE, seeded));
    expect(item).toMatchObject({ origin: 'seed', sourceCount: 1, summary: 'Argentina asked Azerbaijan' });
    expect((await sourcesOf(seeded)).map((s) => [s.link, s.feedId, s.attachedAt])).toEqual([['http://recap/1', 'f', new Date(nowMs).toISOString()]]);
  });

  it('creates exactly one event when ten writers report it at the same moment', async () => {
    const stores = Array.from({ length: 10 }, () => makeStore());
    const results = await Promise.all(stores.map((s, i) => s.recordDetectedEvent(CASE, detected(`2026-11-${10 + i}`), source(`http://outlet${i}/story`), alert)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.eventId)).size).toBe(1);
    expect(await sourcesOf(results[0]!.eventId)).toHaveLength(10);
    expect((await get(eventKey(CASE, results[0]!.eventId)))!.sourceCount).toBe(10);
  });

  it('gives up on a lease another writer holds and takes over a lease whose holder died', async () => {
    const lock = eventLockKey(CASE, 'velayati', 'travel', 'AZ');
    await client.send(new (await import('@aws-sdk/lib-dynamodb')).PutCommand({ TableName: tableName, Item: { ...lock, owner: 'crashed', leaseUntil: nowMs + 30_000 } }));
    await expect(makeStore({ leaseWaitMs: 50 }).recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert)).rejects.toThrow(LeaseBusyError);
    nowMs += 31_000;
    await expect(makeStore({ leaseWaitMs: 50 }).recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert)).resolves.toMatchObject({ created: true });
  });

  it('lists pending alerts, lets one run claim each, and drops a sent alert from the status index', async () => {
    const { eventId } = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    const pending = await store.listPendingAlerts(CASE);
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 0, alert, source: { link: 'http://a/1' }, detected: { accused: 'velayati' }, event: { id: eventId, origin: 'detected' } });
    expect(await store.claimAlert(CASE, eventId)).toBe(false); // the creator holds it
    await store.markAlert(CASE, eventId, 'pending', 1, 'SNS down');
    expect(await store.claimAlert(CASE, eventId)).toBe(true);
    expect(await store.claimAlert(CASE, eventId)).toBe(false);
    await store.markAlert(CASE, eventId, 'sent', 2, undefined, 'msg-1');
    expect(await store.listPendingAlerts(CASE)).toHaveLength(0);
    const item = await get(eventKey(CASE, eventId));
    expect(item).toMatchObject({ alertAttempts: 2, messageId: 'msg-1', alertSentAt: new Date(nowMs).toISOString() });
    expect(item).not.toHaveProperty('alertStatus');
    expect(item).not.toHaveProperty('alertSince');
    expect(await store.claimAlert(CASE, eventId)).toBe(false);
  });

  it('keeps a failed alert queryable on the status index', async () => {
    const { eventId } = await store.recordDetectedEvent(CASE, detected('2026-11-20'), source('http://a/1'), alert);
    await store.markAlert(CASE, eventId, 'failed', 5, 'SNS down');
    const failed = await client.send(new QueryCommand({ TableName: tableName, IndexName: INDEX.byAlertStatus.name, KeyConditionExpression: 'alertStatus = :f', ExpressionAttributeValues: { ':f': 'failed' } }));
    expect(failed.Items!.map((i) => [i.id, i.alertAttempts, i.lastAlertError])).toEqual([[eventId, 5, 'SNS down']]);
    expect(await store.listPendingAlerts(CASE)).toHaveLength(0);
  });

  it('round-trips feed states and writes the last cycle', async () => {
    await store.putFeedState({ feedId: 'a', url: 'http://a', etag: '"1"', consecutiveFailures: 2, itemsSeen: 9, nextAttemptAt: '2026-11-27T12:20:00.000Z' });
    await store.putFeedState({ feedId: 'b', url: 'http://b', consecutiveFailures: 0, itemsSeen: 0 });
    const states = await store.getFeedStates();
    expect([...states.keys()].sort()).toEqual(['a', 'b']);
    expect(states.get('a')).toEqual({ feedId: 'a', url: 'http://a', etag: '"1"', consecutiveFailures: 2, itemsSeen: 9, nextAttemptAt: '2026-11-27T12:20:00.000Z' });
    await store.putLastCycle({ startedAt: 's', finishedAt: 'f', durationMs: 3, counts: { feedsOk: 1 }, failedFeeds: [] });
    expect(await get(lastCycleKey())).toMatchObject({ durationMs: 3, counts: { feedsOk: 1 } });
  });
});
