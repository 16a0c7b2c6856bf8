/**
 * Every DynamoDB key shape of the single `casewatch` table, in one place. Nothing else in the
 * code concatenates key strings. See docs/data-model.md for the access patterns.
 *
 * Table: pk (S), sk (S); TTL attribute `expiresAt` (epoch seconds).
 * Indexes (all project ALL):
 *  - `byAccused`: gsi1pk = CASE#<case>#ACCUSED#<id>, gsi1sk = EVENT#<date>#<type>#<country>
 *  - `byType`:    gsi2pk = CASE#<case>#TYPE#<type>,   gsi2sk = EVENT#<date>#<accused>#<country>
 *  - `byCountry`: gsi3pk = CASE#<case>#COUNTRY#<cc>,  gsi3sk = EVENT#<date>#<accused>#<type>
 *  - `byAlertStatus` (sparse, only events whose alert is pending or failed):
 *                 alertStatus = pending | failed,      alertSince = ISO timestamp
 */
import type { EventType, PartialDate } from './types.ts';

export const TABLE_NAME_DEFAULT = 'casewatch';
export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEX = {
  byAccused: { name: 'byAccused', pk: 'gsi1pk', sk: 'gsi1sk' },
  byType: { name: 'byType', pk: 'gsi2pk', sk: 'gsi2sk' },
  byCountry: { name: 'byCountry', pk: 'gsi3pk', sk: 'gsi3sk' },
  byAlertStatus: { name: 'byAlertStatus', pk: 'alertStatus', sk: 'alertSince' },
} as const;

/** Placeholder for "no country" (red notices) inside keys and ids. */
export const NO_COUNTRY = '-';

export interface EventKeyParts {
  readonly date: PartialDate;
  readonly accused: string;
  readonly type: EventType;
  readonly country: string | null;
}

export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

const country = (c: string | null): string => c ?? NO_COUNTRY;

/** Partition of everything that belongs to one case. */
export const casePk = (caseId: string): string => `CASE#${caseId}`;

/** The case's own item (title, context terms, namesakes). */
export const caseMetaKey = (caseId: string): TableKey => ({ pk: casePk(caseId), sk: 'META' });

export const ACCUSED_PREFIX = 'ACCUSED#';
export const accusedKey = (caseId: string, accusedId: string): TableKey => ({
  pk: casePk(caseId),
  sk: `${ACCUSED_PREFIX}${accusedId}`,
});

/** Human-facing event id, also the suffix of its sort key: `2019-11-08#velayati#arrest_request#AZ`. */
export const eventId = (e: EventKeyParts): string => `${e.date}#${e.accused}#${e.type}#${country(e.country)}`;

export const EVENT_PREFIX = 'EVENT#';
export const eventKey = (caseId: string, id: string): TableKey => ({ pk: casePk(caseId), sk: `${EVENT_PREFIX}${id}` });

/** Sort-key bounds for events dated within [since, until] (inclusive, partial dates allowed). */
export const eventDateRange = (since?: string, until?: string): { from: string; to: string } => ({
  from: `${EVENT_PREFIX}${since ?? '0000'}`,
  // '~' sorts after every character used in ids, so "until 2019" includes "2019-12-31#...".
  to: `${EVENT_PREFIX}${until ?? '9999'}~`,
});

/** Index attributes every event item carries, so the three event indexes serve it. */
export const eventIndexKeys = (caseId: string, e: EventKeyParts): Record<string, string> => ({
  [INDEX.byAccused.pk]: `${casePk(caseId)}#ACCUSED#${e.accused}`,
  [INDEX.byAccused.sk]: `${EVENT_PREFIX}${e.date}#${e.type}#${country(e.country)}`,
  [INDEX.byType.pk]: `${casePk(caseId)}#TYPE#${e.type}`,
  [INDEX.byType.sk]: `${EVENT_PREFIX}${e.date}#${e.accused}#${country(e.country)}`,
  [INDEX.byCountry.pk]: `${casePk(caseId)}#COUNTRY#${country(e.country)}`,
  [INDEX.byCountry.sk]: `${EVENT_PREFIX}${e.date}#${e.accused}#${e.type}`,
});

export const byAccusedPk = (caseId: string, accusedId: string): string => `${casePk(caseId)}#ACCUSED#${accusedId}`;
export const byTypePk = (caseId: string, type: EventType): string => `${casePk(caseId)}#TYPE#${type}`;
export const byCountryPk = (caseId: string, cc: string): string => `${casePk(caseId)}#COUNTRY#${cc}`;

/**
 * An article attached to an event: one item per (event, link), so attaching the same article
 * twice is a conditional put that fails, never a duplicate.
 */
export const SOURCE_PREFIX = 'SOURCE#';
export const sourceKey = (caseId: string, evId: string, linkHash: string): TableKey => ({
  pk: casePk(caseId),
  sk: `${SOURCE_PREFIX}${evId}#${linkHash}`,
});
export const sourcesOfEventPrefix = (evId: string): string => `${SOURCE_PREFIX}${evId}#`;

/**
 * Mutual exclusion for "same accused, type and country within 30 days": whoever holds this
 * lease may look for a matching event and create one. Leases expire so a crashed run frees it.
 */
export const eventLockKey = (caseId: string, accused: string, type: EventType, cc: string | null): TableKey => ({
  pk: casePk(caseId),
  sk: `LOCK#${accused}#${type}#${country(cc)}`,
});

/** Per-feed state (validators, backoff, counters). All feeds share one partition: one query lists them. */
export const FEEDS_PK = 'FEEDS';
export const feedStateKey = (feedId: string): TableKey => ({ pk: FEEDS_PK, sk: `FEED#${feedId}` });

/** Marker that an item was processed; expires via TTL after 90 days. */
export const itemMarkerKey = (itemId: string): TableKey => ({ pk: `ITEM#${itemId}`, sk: 'ITEM' });

/** The last poll cycle's summary (for "no successful cycle" checks and `casewatch status`). */
export const lastCycleKey = (): TableKey => ({ pk: 'CYCLE', sk: 'LAST' });
