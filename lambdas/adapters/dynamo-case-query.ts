/**
 * The read side of the case table for people and scripts (`casewatch query`): accused, events and
 * the articles attached to an event. Every read is a Query on the table or on the index that
 * serves it; nothing here scans the table.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  ACCUSED_PREFIX,
  INDEX,
  byAccusedPk,
  byCountryPk,
  byTypePk,
  casePk,
  eventDateRange,
  eventKey,
  sourcesOfEventPrefix,
} from '../domain/keys.ts';
import type { EventType } from '../domain/types.ts';

/** A stored item as the document client returns it. */
export type StoredItem = Record<string, unknown>;

/** An event as stored: seeded or detected (then with detection and alert attributes). */
export interface StoredEvent {
  readonly id: string;
  readonly caseId: string;
  readonly accused: string;
  readonly type: EventType;
  readonly country: string | null;
  readonly date: string;
  readonly datePrecision?: 'day' | 'month';
  readonly summary: string;
  readonly sourceUrl?: string;
  readonly origin: 'seed' | 'detected';
  readonly detectedAt?: string;
  readonly sourceCount?: number;
  readonly alertStatus?: string;
  /** Every other stored attribute, for `--json` readers who want them. */
  readonly [attribute: string]: unknown;
}

/** An article attached to an event by the poller. */
export interface StoredSource {
  readonly link: string;
  readonly title?: string;
  readonly feedId?: string;
  readonly published?: string;
  readonly sentence?: string;
  /** When the poller attached it. */
  readonly attachedAt?: string;
}

/** When an article was attached (its publication time if the item lacks one). */
export function attachedAtOf(s: StoredSource): string {
  return String(s.attachedAt ?? s.published ?? '');
}

/** Filters of `casewatch query events`; all optional, all combined with AND. */
export interface EventFilter {
  readonly accused?: string;
  readonly type?: EventType;
  /** ISO alpha-2 code, upper case. */
  readonly country?: string;
  /** Inclusive lower bound on the event date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`). */
  readonly since?: string;
  /** Inclusive upper bound on the event date. */
  readonly until?: string;
  readonly detectedOnly?: boolean;
}

/** Which Query answers a filter: the index (if any) and its partition key. */
export interface EventQueryPlan {
  readonly indexName?: string;
  readonly pkAttribute: string;
  readonly pkValue: string;
  readonly skAttribute: string;
}

/**
 * The most selective index the filter allows: an accused has fewest events, then a country, then
 * a type; with none of them, the case partition itself (its sort keys start with the date too).
 */
export function planEventQuery(caseId: string, filter: EventFilter): EventQueryPlan {
  if (filter.accused) return { indexName: INDEX.byAccused.name, pkAttribute: INDEX.byAccused.pk, pkValue: byAccusedPk(caseId, filter.accused), skAttribute: INDEX.byAccused.sk };
  if (filter.country) return { indexName: INDEX.byCountry.name, pkAttribute: INDEX.byCountry.pk, pkValue: byCountryPk(caseId, filter.country), skAttribute: INDEX.byCountry.sk };
  if (filter.type) return { indexName: INDEX.byType.name, pkAttribute: INDEX.byType.pk, pkValue: byTypePk(caseId, filter.type), skAttribute: INDEX.byType.sk };
  return { pkAttribute: 'pk', pkValue: casePk(caseId), skAttribute: 'sk' };
}

/** Whether an event passes the filters the key condition could not apply. */
export function matchesEventFilter(e: StoredEvent, filter: EventFilter): boolean {
  if (filter.accused && e.accused !== filter.accused) return false;
  if (filter.type && e.type !== filter.type) return false;
  if (filter.country && e.country !== filter.country) return false;
  if (filter.detectedOnly && e.origin !== 'detected') return false;
  return true;
}

/** Read-only queries on the case table. */
export class DynamoCaseQuery {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private async queryAll(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<StoredItem[]> {
    const out: StoredItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start }));
      out.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Every accused of a case, in id order. */
  async listAccused(caseId: string): Promise<StoredItem[]> {
    return this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': ACCUSED_PREFIX },
    });
  }

  /** Events matching the filter, newest first. */
  async listEvents(caseId: string, filter: EventFilter = {}): Promise<StoredEvent[]> {
    const plan = planEventQuery(caseId, filter);
    const range = eventDateRange(filter.since, filter.until);
    const items = await this.queryAll({
      IndexName: plan.indexName,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': plan.pkAttribute, '#sk': plan.skAttribute },
      ExpressionAttributeValues: { ':pk': plan.pkValue, ':from': range.from, ':to': range.to },
      ScanIndexForward: false,
    });
    return (items as StoredEvent[]).filter((e) => matchesEventFilter(e, filter));
  }

  /** The newest event of one accused, if any (one item read from the byAccused index). */
  async lastEventOf(caseId: string, accusedId: string): Promise<StoredEvent | undefined> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byAccused.name,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': INDEX.byAccused.pk },
        ExpressionAttributeValues: { ':pk': byAccusedPk(caseId, accusedId) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    return page.Items?.[0] as StoredEvent | undefined;
  }

  /** One event by id (`2019-11-08#velayati#arrest_request#AZ`). */
  async getEvent(caseId: string, eventId: string): Promise<StoredEvent | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: eventKey(caseId, eventId) }));
    return out.Item as StoredEvent | undefined;
  }

  /** Every article attached to an event, oldest attachment first. */
  async listSources(caseId: string, eventId: string): Promise<StoredSource[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': sourcesOfEventPrefix(eventId) },
    });
    return (items as unknown as StoredSource[]).sort((a, b) => attachedAtOf(a).localeCompare(attachedAtOf(b)));
  }
}
