/**
 * Writes case records into the table, idempotently: used by `casewatch seed`, by first-run
 * seeding of the embedded database and by the CDK custom resource.
 *
 * One Query reads what the case partition holds; only missing or changed items are written, with
 * BatchWriteItem (25 per call) and retries of unprocessed items. Events the poller detected and
 * the sources attached to events are never overwritten or deleted. The case's META item is
 * written last, so its presence means the seed completed.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { INDEX, accusedKey, caseMetaKey, casePk, eventIndexKeys, eventKey } from '../lambdas/domain/keys.ts';
import type { Accused, CaseRecord, RecordEvent } from '../lambdas/domain/types.ts';
import { recordAsOf } from './load-case.ts';

/** A table item as the document client reads and writes it. */
export type Item = Record<string, unknown>;

export interface RetryPolicy {
  /** BatchWriteItem calls per chunk before giving up (default 8). */
  readonly maxAttempts?: number;
  /** First backoff ceiling in ms, doubled per attempt (default 50). */
  readonly baseDelayMs?: number;
  /** Largest backoff ceiling in ms (default 5000). */
  readonly maxDelayMs?: number;
}

export interface SeedOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly cases: readonly CaseRecord[];
  /** Seed only events dated before this day (YYYY-MM-DD). */
  readonly asOf?: string;
  /** Receives one line per case with what was written. */
  readonly log?: (line: string) => void;
  readonly retry?: RetryPolicy;
  /** Waits between retries; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
}

export interface SeedReport {
  readonly accusedWritten: number;
  readonly eventsWritten: number;
  /** Items (case, accused, events) already stored exactly as the seed has them. */
  readonly unchanged: number;
  /** Case META items written. */
  readonly casesWritten: number;
  /** Seed events whose key already holds an event the poller detected; left as they are. */
  readonly keptDetected: number;
  /** Seed events left out because they are dated on or after `asOf`. */
  readonly skippedByAsOf: number;
}

/** The table refused or did not finish a write; nothing already stored was deleted. */
export class SeedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SeedError';
  }
}

/** Attributes the seed owns on an event item; anything else there (added by the poller) is kept. */
const SEED_EVENT_ATTRIBUTES = new Set<string>([
  'pk',
  'sk',
  ...[INDEX.byAccused, INDEX.byType, INDEX.byCountry].flatMap((i) => [i.pk, i.sk]),
  ...['id', 'caseId', 'accused', 'type', 'country', 'date', 'datePrecision', 'summary', 'sourceUrl', 'origin', 'entity'],
]);

/** Drops undefined values, so an item compares equal to what DynamoDB gives back. */
function defined(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

/** The case's own item: title, context terms, namesakes and any other top-level field of the file. */
export function caseMetaItem(record: CaseRecord): Item {
  const { accused: _accused, events: _events, ...meta } = record;
  return defined({ ...caseMetaKey(record.caseId), ...meta, entity: 'case' });
}

/** One accused, with every field of the case file. */
export function accusedItem(caseId: string, accused: Accused): Item {
  return defined({ ...accusedKey(caseId, accused.id), ...accused, caseId, entity: 'accused' });
}

/** A seeded event, with the attributes the byAccused, byType and byCountry indexes need. */
export function seedEventItem(event: RecordEvent): Item {
  return defined({
    ...eventKey(event.caseId, event.id),
    ...eventIndexKeys(event.caseId, event),
    id: event.id,
    caseId: event.caseId,
    accused: event.accused,
    type: event.type,
    country: event.country,
    date: event.date,
    datePrecision: event.datePrecision,
    summary: event.summary,
    sourceUrl: event.sourceUrl,
    origin: 'seed',
    entity: 'event',
  });
}

/** Order-independent JSON, so two items with the same content compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Item)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function pick(item: Item, keys: Set<string>): Item {
  return Object.fromEntries(Object.entries(item).filter(([k]) => keys.has(k)));
}

function omit(item: Item, keys: Set<string>): Item {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !keys.has(k)));
}

type Plan = { kind: 'write'; item: Item } | { kind: 'unchanged' } | { kind: 'detected' };

/** What to do with one seed event, given what its key holds now. */
function planEvent(desired: Item, stored: Item | undefined): Plan {
  if (!stored) return { kind: 'write', item: desired };
  if (stored.origin === 'detected') return { kind: 'detected' };
  if (canonical(pick(stored, SEED_EVENT_ATTRIBUTES)) === canonical(desired)) return { kind: 'unchanged' };
  // Keep what others added to a seeded event (a source count, say); replace what the seed owns.
  return { kind: 'write', item: { ...omit(stored, SEED_EVENT_ATTRIBUTES), ...desired } };
}

function planWhole(desired: Item, stored: Item | undefined): Plan {
  return stored && canonical(stored) === canonical(desired) ? { kind: 'unchanged' } : { kind: 'write', item: desired };
}

/** Everything stored in a case's partition, by sort key (one paginated Query). */
async function readPartition(client: DynamoDBDocumentClient, tableName: string, caseId: string): Promise<Map<string, Item>> {
  const items = new Map<string, Item>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': casePk(caseId) },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) items.set(String(item.sk), item);
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const BATCH_SIZE = 25;

/**
 * Writes items with BatchWriteItem, 25 per call. Unprocessed items are retried with exponential
 * backoff and full jitter; after `maxAttempts` calls for one chunk it gives up with a SeedError.
 */
export async function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
  options: Pick<SeedOptions, 'retry' | 'sleep' | 'random'> = {},
): Promise<void> {
  const maxAttempts = options.retry?.maxAttempts ?? 8;
  const baseDelayMs = options.retry?.baseDelayMs ?? 50;
  const maxDelayMs = options.retry?.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const random = options.random ?? Math.random;
  let written = 0;
  for (let i = 0; i < items.length; i += BATCH_SIZE) {
    let requests = items.slice(i, i + BATCH_SIZE).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; ; attempt++) {
      let out;
      try {
        out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      } catch (err) {
        throw new SeedError(`writing to table '${tableName}' failed after ${written} of ${items.length} items: ${(err as Error).message}`, { cause: err });
      }
      const left = out.UnprocessedItems?.[tableName] ?? [];
      written += requests.length - left.length;
      if (left.length === 0) break;
      if (attempt >= maxAttempts) {
        throw new SeedError(
          `table '${tableName}' left ${left.length} item(s) unprocessed after ${maxAttempts} BatchWriteItem attempts (throttled?); ` +
            `${written} of ${items.length} written, nothing deleted; run 'casewatch seed' again to write the rest`,
        );
      }
      requests = left as typeof requests;
      await sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
    }
  }
}

/** Seeds the table; a second run with the same data writes nothing. */
export async function seedTable(options: SeedOptions): Promise<SeedReport> {
  const { client, tableName } = options;
  const report = { accusedWritten: 0, eventsWritten: 0, unchanged: 0, casesWritten: 0, keptDetected: 0, skippedByAsOf: 0 };
  for (const full of options.cases) {
    const record = options.asOf ? recordAsOf(full, options.asOf) : full;
    const skipped = full.events.length - record.events.length;
    const stored = await readPartition(client, tableName, record.caseId);
    const caseReport = { accused: 0, events: 0, unchanged: 0, detected: 0, meta: 0 };
    const writes: Item[] = [];

    for (const a of record.accused) {
      const desired = accusedItem(record.caseId, a);
      const plan = planWhole(desired, stored.get(String(desired.sk)));
      if (plan.kind === 'write') {
        writes.push(plan.item);
        caseReport.accused++;
      } else caseReport.unchanged++;
    }
    for (const e of record.events) {
      const desired = seedEventItem(e);
      const plan = planEvent(desired, stored.get(String(desired.sk)));
      if (plan.kind === 'write') {
        writes.push(plan.item);
        caseReport.events++;
      } else if (plan.kind === 'detected') caseReport.detected++;
      else caseReport.unchanged++;
    }
    await batchPut(client, tableName, writes, options);

    // Written last: its presence tells first-run seeding that this case is complete.
    const meta = caseMetaItem(record);
    if (planWhole(meta, stored.get(String(meta.sk))).kind === 'write') {
      await batchPut(client, tableName, [meta], options);
      caseReport.meta++;
    } else caseReport.unchanged++;

    options.log?.(
      `${record.caseId}: ${caseReport.accused} accused, ${caseReport.events} events written, ${caseReport.unchanged} unchanged` +
        (caseReport.detected ? `, ${caseReport.detected} detected event(s) kept` : '') +
        (skipped ? `, ${skipped} event(s) on or after ${options.asOf} left out` : ''),
    );
    report.accusedWritten += caseReport.accused;
    report.eventsWritten += caseReport.events;
    report.unchanged += caseReport.unchanged;
    report.casesWritten += caseReport.meta;
    report.keptDetected += caseReport.detected;
    report.skippedByAsOf += skipped;
  }
  return report;
}
