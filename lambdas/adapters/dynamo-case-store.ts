/**
 * The case table behind the CaseStore port. Exactly-once events rest on three conditional
 * writes, none of which needs TransactWriteItems (dynalite has none):
 *  - a lease item per (accused, type, country) serialises "is there an event within 30 days?";
 *  - the event is created with `attribute_not_exists(pk)`;
 *  - each article is one SOURCE item, put with `attribute_not_exists(pk)`, so a second attach
 *    of the same link is refused rather than duplicated.
 * Item markers carry a TTL attribute, but nothing here relies on TTL having expired them.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  ACCUSED_PREFIX,
  EVENT_PREFIX,
  FEEDS_PK,
  INDEX,
  TTL_ATTRIBUTE,
  casePk,
  eventDateRange,
  eventId as buildEventId,
  eventIndexKeys,
  eventKey,
  eventLockKey,
  feedStateKey,
  itemMarkerKey,
  lastCycleKey,
  sourceKey,
  type TableKey,
} from '../domain/keys.ts';
import type { Accused, CaseRecord, DetectedEvent, RecordEvent } from '../domain/types.ts';
import type {
  Alert,
  AlertStatus,
  CaseStore,
  EventSource,
  FeedState,
  ItemMarker,
  LastCycle,
  PendingAlert,
  RecordDetectedResult,
} from '../ports.ts';

/** A table operation failed after the SDK's own retries; `cause` is the SDK error. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** The case partition holds no META item: the table was not seeded. */
export class CaseNotFoundError extends StoreError {
  constructor(caseId: string, tableName: string) {
    super(`case '${caseId}' not found in table ${tableName}: run 'casewatch seed' first`);
    this.name = 'CaseNotFoundError';
  }
}

/** Another writer held the (accused, type, country) lease for longer than we would wait. */
export class LeaseBusyError extends StoreError {
  constructor(key: TableKey) {
    super(`lease ${key.sk} busy; the item will be processed again next run`);
    this.name = 'LeaseBusyError';
  }
}

export interface DynamoCaseStoreOptions {
  /** Injected so tests control time. */
  readonly now?: () => Date;
  /** How long a (accused, type, country) lease lasts; a crashed holder frees it after this. */
  readonly leaseMs?: number;
  /** How long to wait for a busy lease before giving up on the item for this run. */
  readonly leaseWaitMs?: number;
  /** How long a delivery claim lasts; a run that crashed mid-publish frees it after this. */
  readonly alertClaimMs?: number;
  /** Replaced in tests so retries of unprocessed batch keys do not wait. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Item markers expire after 90 days. */
export const ITEM_MARKER_TTL_DAYS = 90;
/** Events of the same accused, type and country within this many days are one event. */
export const SAME_EVENT_WINDOW_DAYS = 30;

const DAY_MS = 86_400_000;
const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;
const BATCH_RETRIES = 8;

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** DynamoDB implementation of the CaseStore port. */
export class DynamoCaseStore implements CaseStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly leaseWaitMs: number;
  private readonly alertClaimMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(client: DynamoDBDocumentClient, tableName: string, options: DynamoCaseStoreOptions = {}) {
    this.client = client;
    this.table = tableName;
    this.now = options.now ?? (() => new Date());
    this.leaseMs = options.leaseMs ?? 30_000;
    this.leaseWaitMs = options.leaseWaitMs ?? 10_000;
    this.alertClaimMs = options.alertClaimMs ?? 120_000;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /** Reads the whole case partition (one paginated Query) into a CaseRecord. */
  async loadCaseRecord(caseId: string): Promise<CaseRecord> {
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': casePk(caseId) },
      },
      `load case ${caseId}`,
    );
    const meta = items.find((i) => i.sk === 'META');
    if (!meta) throw new CaseNotFoundError(caseId, this.table);
    const accused: Accused[] = [];
    const events: RecordEvent[] = [];
    for (const item of items) {
      const sk = String(item.sk);
      if (sk.startsWith(ACCUSED_PREFIX)) accused.push(toAccused(item, sk));
      else if (sk.startsWith(EVENT_PREFIX)) events.push(toRecordEvent(item, caseId));
    }
    // Every other top-level field of the case file rides along (the seeder writes them all).
    const { pk: _pk, sk: _sk, entity: _entity, ...metaFields } = meta;
    return {
      ...metaFields,
      caseId,
      title: String(meta.title ?? caseId),
      contextTerms: asStrings(meta.contextTerms),
      namesakes: asStrings(meta.namesakes),
      notNames: asStrings(meta.notNames),
      accused,
      events,
    };
  }

  async getFeedStates(): Promise<Map<string, FeedState>> {
    const items = await this.queryAll(
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': FEEDS_PK } },
      'read feed states',
    );
    const states = new Map<string, FeedState>();
    for (const item of items) {
      const { pk: _pk, sk: _sk, entity: _e, ...rest } = item;
      const state = { ...rest, consecutiveFailures: Number(rest.consecutiveFailures ?? 0), itemsSeen: Number(rest.itemsSeen ?? 0) } as FeedState;
      states.set(state.feedId, state);
    }
    return states;
  }

  async putFeedState(state: FeedState): Promise<void> {
    await this.send(
      new PutCommand({ TableName: this.table, Item: { ...feedStateKey(state.feedId), entity: 'feed', ...state } }),
      `write state of feed ${state.feedId}`,
    );
  }

  /** BatchGetItem, 100 keys per call, unprocessed keys retried with backoff. */
  async getItemMarkers(itemIds: readonly string[]): Promise<Map<string, ItemMarker>> {
    const unique = [...new Set(itemIds)];
    const found = new Map<string, ItemMarker>();
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_MAX).map((id) => ({ ...itemMarkerKey(id) }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > BATCH_RETRIES) throw new StoreError(`read item markers: ${keys.length} keys still unprocessed after ${BATCH_RETRIES} retries`);
        if (attempt > 0) await this.sleep(backoff(attempt));
        const out = await this.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys, ProjectionExpression: 'itemId, feedId, contentHash, processedAt' } } }),
          'read item markers',
        );
        for (const m of out.Responses?.[this.table] ?? []) found.set(String(m.itemId), m as ItemMarker);
        keys = (out.UnprocessedKeys?.[this.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
      }
    }
    return found;
  }

  /** BatchWriteItem, 25 markers per call, each with `expiresAt` = processedAt + 90 days. */
  async putItemMarkers(markers: readonly ItemMarker[]): Promise<void> {
    const byId = new Map(markers.map((m) => [m.itemId, m]));
    const requests = [...byId.values()].map((m) => ({
      PutRequest: {
        Item: {
          ...itemMarkerKey(m.itemId),
          entity: 'item',
          ...m,
          [TTL_ATTRIBUTE]: Math.floor(Date.parse(m.processedAt) / 1000) + ITEM_MARKER_TTL_DAYS * 86_400,
        },
      },
    }));
    for (let i = 0; i < requests.length; i += BATCH_WRITE_MAX) {
      let batch: unknown[] = requests.slice(i, i + BATCH_WRITE_MAX);
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt > BATCH_RETRIES) throw new StoreError(`write item markers: ${batch.length} still unprocessed after ${BATCH_RETRIES} retries`);
        if (attempt > 0) await this.sleep(backoff(attempt));
        const out = await this.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: batch as never } }),
          'write item markers',
        );
        batch = out.UnprocessedItems?.[this.table] ?? [];
      }
    }
  }

  async recordDetectedEvent(caseId: string, event: DetectedEvent, source: EventSource, alert?: Alert): Promise<RecordDetectedResult> {
    const lock = eventLockKey(caseId, event.accused, event.type, event.country);
    const owner = await this.acquireLease(lock);
    try {
      const existing = await this.findSameEvent(caseId, event);
      if (existing) {
        const sourceAdded = await this.attachSource(caseId, existing, source);
        return { created: false, eventId: existing, sourceAdded };
      }
      const id = buildEventId(event);
      // Source first: if we crash before the event exists, the retry re-creates the event and
      // its source put is simply refused as already there.
      const added = await this.putSource(caseId, id, source);
      const created = await this.createEvent(caseId, id, event, source, alert);
      if (!created) {
        // Same id already stored (seeded, or a writer whose lease had lapsed): attach, no alert.
        return { created: false, eventId: id, sourceAdded: await this.bumpSourceCountIfNew(caseId, id, added) };
      }
      return { created: true, eventId: id };
    } finally {
      await this.releaseLease(lock, owner);
    }
  }

  /** Attaches an article to a stored event (seeded or detected); false if already attached. */
  async attachSourceToEvent(caseId: string, id: string, source: EventSource): Promise<boolean> {
    return this.attachSource(caseId, id, source);
  }

  async listPendingAlerts(caseId: string): Promise<PendingAlert[]> {
    const items = await this.queryAll(
      {
        IndexName: INDEX.byAlertStatus.name,
        KeyConditionExpression: '#st = :pending',
        FilterExpression: 'pk = :pk',
        ExpressionAttributeNames: { '#st': INDEX.byAlertStatus.pk },
        ExpressionAttributeValues: { ':pending': 'pending', ':pk': casePk(caseId) },
      },
      `list pending alerts of ${caseId}`,
    );
    return items.map((item) => ({
      event: toRecordEvent(item, caseId),
      detected: item.detection as DetectedEvent,
      source: item.firstSource as EventSource,
      attempts: Number(item.alertAttempts ?? 0),
      alert: item.alert as Alert | undefined,
    }));
  }

  async claimAlert(caseId: string, id: string): Promise<boolean> {
    const now = this.now().getTime();
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: eventKey(caseId, id),
          UpdateExpression: 'SET alertClaimUntil = :until',
          ConditionExpression: '#st = :pending AND (attribute_not_exists(alertClaimUntil) OR alertClaimUntil < :now)',
          ExpressionAttributeNames: { '#st': INDEX.byAlertStatus.pk },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':until': now + this.alertClaimMs },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw new StoreError(`claim alert of event ${id}: ${oneLine(err)}`, { cause: err });
    }
  }

  async markAlert(caseId: string, id: string, status: AlertStatus, attempts: number, error?: string, messageId?: string): Promise<void> {
    const at = this.now().toISOString();
    const names = { '#st': INDEX.byAlertStatus.pk, '#since': INDEX.byAlertStatus.sk };
    let update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown>; ExpressionAttributeNames?: Record<string, string> };
    if (status === 'sent') {
      // Leaving the sparse index is what "sent" means: alertStatus and alertSince go.
      update = {
        UpdateExpression: 'SET alertSentAt = :at, alertAttempts = :n, messageId = :m REMOVE #st, #since, alertClaimUntil, lastAlertError',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':at': at, ':n': attempts, ':m': messageId ?? 'unknown' },
      };
    } else if (status === 'pending') {
      update = {
        UpdateExpression: 'SET alertAttempts = :n, lastAlertError = :e, lastAlertAttemptAt = :at REMOVE alertClaimUntil',
        ExpressionAttributeValues: { ':n': attempts, ':e': error ?? 'unknown error', ':at': at },
      };
    } else {
      update = {
        UpdateExpression: 'SET #st = :failed, alertAttempts = :n, lastAlertError = :e, alertFailedAt = :at REMOVE alertClaimUntil',
        ExpressionAttributeNames: { '#st': INDEX.byAlertStatus.pk },
        ExpressionAttributeValues: { ':failed': 'failed', ':n': attempts, ':e': error ?? 'unknown error', ':at': at },
      };
    }
    await this.send(
      new UpdateCommand({ TableName: this.table, Key: eventKey(caseId, id), ConditionExpression: 'attribute_exists(pk)', ...update }),
      `mark alert of event ${id} ${status}`,
    );
  }

  async putLastCycle(cycle: LastCycle): Promise<void> {
    await this.send(new PutCommand({ TableName: this.table, Item: { ...lastCycleKey(), entity: 'cycle', ...cycle } }), 'write last cycle');
  }

  /** Takes the lease, waiting with backoff while another writer holds it. Returns the owner token. */
  private async acquireLease(key: TableKey): Promise<string> {
    const owner = randomUUID();
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const now = this.now().getTime();
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: { ...key, entity: 'lock', owner, leaseUntil: now + this.leaseMs },
            ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
            ExpressionAttributeValues: { ':now': now },
          }),
        );
        return owner;
      } catch (err) {
        if (!isConditionFailed(err)) throw new StoreError(`take lease ${key.sk}: ${oneLine(err)}`, { cause: err });
      }
      if (Date.now() - started >= this.leaseWaitMs) throw new LeaseBusyError(key);
      await this.sleep(Math.min(25 * 2 ** attempt, 500) + Math.random() * 25);
    }
  }

  private async releaseLease(key: TableKey, owner: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.table,
          Key: key,
          ConditionExpression: '#o = :owner',
          ExpressionAttributeNames: { '#o': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch {
      // Not ours any more, or the table hiccupped: the lease expires by itself.
    }
  }

  /**
   * The stored event of the same accused, type and country within 30 days, if any. Reads the
   * base table with ConsistentRead (not the byAccused index, which is eventually consistent): a
   * writer that created the event and released the lease a moment ago must be seen.
   */
  private async findSameEvent(caseId: string, event: DetectedEvent): Promise<string | undefined> {
    const day = partialDateToMs(event.date);
    const from = isoDay(day - SAME_EVENT_WINDOW_DAYS * DAY_MS);
    const to = isoDay(day + SAME_EVENT_WINDOW_DAYS * DAY_MS);
    // Start at the year so partial dates ("2019", "2019-11") sort inside the range too.
    const range = eventDateRange(from.slice(0, 4), to);
    const items = await this.queryAll(
      {
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': casePk(caseId), ':from': range.from, ':to': range.to },
        ConsistentRead: true,
      },
      `look for events of ${event.accused}`,
    );
    const country = event.country ?? null;
    const match = items
      .map((i) => toRecordEvent(i, caseId))
      .filter((e) => e.accused === event.accused && e.type === event.type && (e.country ?? null) === country)
      .filter((e) => Math.abs(partialDateToMs(e.date) - day) <= SAME_EVENT_WINDOW_DAYS * DAY_MS)
      .sort((a, b) => Math.abs(partialDateToMs(a.date) - day) - Math.abs(partialDateToMs(b.date) - day));
    return match[0]?.id;
  }

  private async attachSource(caseId: string, id: string, source: EventSource): Promise<boolean> {
    const added = await this.putSource(caseId, id, source);
    return this.bumpSourceCountIfNew(caseId, id, added);
  }

  /** Bumps the event's sourceCount only when this writer's SOURCE put succeeded. */
  private async bumpSourceCountIfNew(caseId: string, id: string, added: boolean): Promise<boolean> {
    if (!added) return false;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: eventKey(caseId, id),
          UpdateExpression: 'ADD sourceCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return true;
    } catch (err) {
      // No such event (an id the caller made up): the stray SOURCE item names it and harms nothing.
      if (isConditionFailed(err)) return false;
      throw new StoreError(`count sources of event ${id}: ${oneLine(err)}`, { cause: err });
    }
  }

  /** One SOURCE item per (event, link); false when that link is already a source. */
  private async putSource(caseId: string, id: string, source: EventSource): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...sourceKey(caseId, id, linkHash(source.link)),
            entity: 'source',
            caseId,
            eventId: id,
            ...source,
            attachedAt: this.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw new StoreError(`attach source to event ${id}: ${oneLine(err)}`, { cause: err });
    }
  }

  private async createEvent(caseId: string, id: string, event: DetectedEvent, source: EventSource, alert?: Alert): Promise<boolean> {
    const now = this.now();
    const parts = { date: event.date, accused: event.accused, type: event.type, country: event.country };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...eventKey(caseId, id),
            ...eventIndexKeys(caseId, parts),
            entity: 'event',
            id,
            caseId,
            accused: event.accused,
            type: event.type,
            country: event.country,
            date: event.date,
            summary: event.evidence.sentence.slice(0, 500),
            // No sourceUrl: that names a seed's source; the articles are the SOURCE items.
            origin: 'detected',
            detectedAt: now.toISOString(),
            sourceCount: 1,
            detection: event,
            firstSource: source,
            alert,
            [INDEX.byAlertStatus.pk]: 'pending',
            [INDEX.byAlertStatus.sk]: now.toISOString(),
            alertAttempts: 0,
            // The creator holds the delivery claim, so an overlapping run's retry pass leaves it alone.
            alertClaimUntil: now.getTime() + this.alertClaimMs,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailed(err)) return false;
      throw new StoreError(`create event ${id}: ${oneLine(err)}`, { cause: err });
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>, what: string): Promise<Record<string, any>[]> {
    const items: Record<string, any>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.send(new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }), what);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** Sends a command; an SDK failure (after its own retries) becomes a one-line StoreError. */
  private async send(command: object, what: string): Promise<any> {
    try {
      return await this.client.send(command as never);
    } catch (err) {
      throw new StoreError(`${what}: ${oneLine(err)}`, { cause: err });
    }
  }
}

/** Short stable hash of an article link: one SOURCE item per (event, link). */
export function linkHash(link: string): string {
  return createHash('sha256').update(link.trim()).digest('hex').slice(0, 16);
}

function toAccused(item: Record<string, any>, sk: string): Accused {
  const { pk: _pk, sk: _sk, entity: _entity, caseId: _caseId, ...fields } = item;
  return {
    ...fields,
    id: String(item.id ?? sk.slice(ACCUSED_PREFIX.length)),
    name: String(item.name ?? ''),
    aliases: asStrings(item.aliases),
    nativeNames: asStrings(item.nativeNames),
    surnames: asStrings(item.surnames),
    role: String(item.role ?? ''),
    roleTerms: asStrings(item.roleTerms),
    status: String(item.status ?? ''),
    nationality: String(item.nationality ?? ''),
    homeCountries: asStrings(item.homeCountries),
    redNotice: Boolean(item.redNotice),
    ...(item.deceased ? { deceased: String(item.deceased) } : {}),
  };
}

function toRecordEvent(item: Record<string, any>, caseId: string): RecordEvent {
  return {
    id: String(item.id ?? String(item.sk).slice(EVENT_PREFIX.length)),
    caseId: String(item.caseId ?? caseId),
    accused: String(item.accused),
    type: item.type,
    country: item.country ?? null,
    date: String(item.date),
    ...(item.datePrecision ? { datePrecision: item.datePrecision } : {}),
    summary: String(item.summary ?? ''),
    ...(item.sourceUrl ? { sourceUrl: String(item.sourceUrl) } : {}),
    origin: item.origin === 'detected' ? 'detected' : 'seed',
    ...(item.detectedAt ? { detectedAt: String(item.detectedAt) } : {}),
  };
}

function asStrings(v: unknown): string[] {
  if (v instanceof Set) return [...v].map(String);
  return Array.isArray(v) ? v.map(String) : [];
}

/** A partial date (YYYY, YYYY-MM, YYYY-MM-DD) as its first day, epoch ms UTC. */
function partialDateToMs(d: string): number {
  const [y, m, day] = d.split('-');
  return Date.UTC(Number(y), Number(m ?? 1) - 1, Number(day ?? 1));
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function backoff(attempt: number): number {
  return Math.min(50 * 2 ** (attempt - 1), 2_000) + Math.random() * 50;
}

function isConditionFailed(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

function oneLine(err: unknown): string {
  const name = (err as { name?: string })?.name;
  const msg = err instanceof Error ? err.message : String(err);
  const line = msg.split('\n')[0]!.slice(0, 300);
  return name && name !== 'Error' && !line.startsWith(name) ? `${name}: ${line}` : line;
}
