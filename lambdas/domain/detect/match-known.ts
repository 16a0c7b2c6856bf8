/**
 * Is it new? An event is known when the record (as of the as-of date) holds the same accused,
 * type and country within 30 days of the event's date; partial dates count as whole periods, so
 * "in 2016" is within 30 days of 2016-07-20. An event recounted without a date of its own
 * matches the record's past event whatever its date.
 */
import type { CaseRecord, CountryCode, EventType, PartialDate, RecordEvent } from '../types.ts';

const DAY = 86_400_000;

/** First and last day (epoch ms) a partial date covers. */
export function dateRange(d: PartialDate): [number, number] {
  const [y, m, day] = d.split('-').map(Number);
  if (m === undefined) return [Date.UTC(y!, 0, 1), Date.UTC(y!, 11, 31)];
  if (day === undefined) return [Date.UTC(y!, m - 1, 1), Date.UTC(y!, m, 0)];
  const t = Date.UTC(y!, m - 1, day);
  return [t, t];
}

/** A partial date as its first day ("2017-05" -> "2017-05-01"), for comparing with a day. */
export function firstDay(d: PartialDate): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}

/** Days between two partial dates; 0 when their periods overlap. */
export function daysApart(a: PartialDate, b: PartialDate): number {
  const [a0, a1] = dateRange(a);
  const [b0, b1] = dateRange(b);
  if (a1 < b0) return Math.round((b0 - a1) / DAY);
  if (b1 < a0) return Math.round((a0 - b1) / DAY);
  return 0;
}

/** The facts of a detected event that matching needs. */
export interface EventToMatch {
  readonly accused: string;
  readonly type: EventType;
  readonly country: CountryCode | null;
  readonly date: PartialDate;
  /** The text recounts it as past without dating it: any earlier record event matches. */
  readonly undatedPast?: boolean;
}

/** Window, in days, within which a record event is the same happening. */
export const KNOWN_WINDOW_DAYS = 30;

/**
 * Returns the record event the detected event repeats, if any. Only record events dated before
 * `asOf` count, whatever the record passed in holds.
 */
export function matchKnownEvent(ev: EventToMatch, record: CaseRecord, asOf: string): RecordEvent | undefined {
  const same = (indexOf(record).get(keyOf(ev.accused, ev.type, ev.country)) ?? []).filter((e) => firstDay(e.date) < asOf);
  if (same.length === 0) return undefined;
  let best: RecordEvent | undefined;
  let bestDays = Infinity;
  for (const e of same) {
    const d = daysApart(ev.date, e.date);
    if (d < bestDays) {
      best = e;
      bestDays = d;
    }
  }
  if (bestDays <= KNOWN_WINDOW_DAYS) return best;
  if (ev.undatedPast) return [...same].sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  return undefined;
}

const keyOf = (accused: string, type: EventType, country: CountryCode | null): string => `${accused}|${type}|${country ?? '-'}`;

// Record events grouped by (accused, type, country), built once per record object.
const indexes = new WeakMap<CaseRecord, Map<string, RecordEvent[]>>();
function indexOf(record: CaseRecord): Map<string, RecordEvent[]> {
  let idx = indexes.get(record);
  if (!idx) {
    idx = new Map();
    for (const e of record.events) {
      const k = keyOf(e.accused, e.type, e.country ?? null);
      idx.set(k, [...(idx.get(k) ?? []), e]);
    }
    indexes.set(record, idx);
  }
  return idx;
}
