/**
 * In-memory stand-ins for the poll cycle's ports, so the cycle's own behaviour (due feeds,
 * dedup, delivery, state) is tested without AWS. The fake store keeps the port's contract:
 * one event per (accused, type, country) within 30 days, one source per link.
 */
import type {
  Alert,
  AlertPublisher,
  AlertStatus,
  CaseStore,
  EventSource,
  FeedFetcher,
  FeedState,
  FetchOutcome,
  ItemMarker,
  LastCycle,
  PendingAlert,
  RecordDetectedResult,
} from '../../lambdas/ports.ts';
import type { CaseRecord, DetectedEvent, EventType, NewsItem } from '../../lambdas/domain/types.ts';
import type { CycleLogger, CycleMetrics } from '../../lambdas/poller/poll-cycle.ts';

export const CASE_ID = 'test-case';

export function emptyRecord(caseId = CASE_ID): CaseRecord {
  return { caseId, title: 'Test case', contextTerms: [], namesakes: [], notNames: [], accused: [], events: [] };
}

/**
 * Detector stand-in: an item reports an event for each `[[accused|type|country|date]]` in its
 * text; known when the record holds the same id.
 */
export function fakeDetect(item: NewsItem, record: CaseRecord): DetectedEvent[] {
  return [...item.text.matchAll(/\[\[(\w+)\|(\w+)\|(\w+|-)\|([\d-]+)\]\]/g)].map((m) => {
    const country = m[3] === '-' ? null : m[3]!;
    const id = `${m[4]}#${m[1]}#${m[2]}#${m[3]}`;
    const known = record.events.some((e) => e.id === id);
    return {
      accused: m[1]!,
      type: m[2] as EventType,
      country,
      date: m[4]!,
      known,
      ...(known ? { knownEventId: id } : {}),
      evidence: { alias: m[1]!, sentence: m[0], cues: [m[2]!], dateAnchor: `explicit ${m[4]}` },
    };
  });
}

export function fakeFormat(event: DetectedEvent, source: EventSource): Alert {
  return {
    subject: `${event.accused} ${event.type} ${event.country ?? '-'} ${event.date}`,
    email: `${event.accused}: ${event.type} (${source.link})`,
    sms: `${event.accused} ${event.type}`,
    attributes: { caseId: CASE_ID, accused: event.accused, eventType: event.type, country: event.country ?? '-' },
  };
}

/** An RSS 2.0 body with these items (text as the description; guid only when given). */
export function feedBody(items: Partial<NewsItem>[]): Uint8Array {
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const xml = items
    .map((i) =>
      [
        '<item>',
        `<title>${esc(i.title ?? 't')}</title>`,
        i.link ? `<link>${esc(i.link)}</link>` : '',
        i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : '',
        `<description>${esc(i.text ?? '')}</description>`,
        i.published ? `<pubDate>${new Date(i.published).toUTCString()}</pubDate>` : '',
        '</item>',
      ].join(''),
    )
    .join('');
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>test</title><link>http://feeds.test/</link><description>d</description>${xml}</channel></rss>`);
}

/** Fetcher that answers per URL from a table of outcomes (or throws), and records its calls. */
export class FakeFetcher implements FeedFetcher {
  readonly calls: { url: string; validators: { etag?: string; lastModified?: string } }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  constructor(public outcomes: Record<string, FetchOutcome | Error>, private readonly delayMs = 0) {}
  async fetchFeed(url: string, validators: { etag?: string; lastModified?: string }): Promise<FetchOutcome> {
    this.calls.push({ url, validators });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      const o = this.outcomes[url];
      if (!o) throw new Error(`no outcome for ${url}`);
      if (o instanceof Error) throw o;
      return o;
    } finally {
      this.inFlight--;
    }
  }
}

/** Publisher that fails its first `failures` calls. */
export class FakePublisher implements AlertPublisher {
  readonly published: Alert[] = [];
  attempts = 0;
  constructor(public failures = 0) {}
  async publish(alert: Alert): Promise<{ messageId: string }> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('SNS unavailable');
    }
    this.published.push(alert);
    return { messageId: `m-${this.published.length}` };
  }
}

interface StoredEvent {
  id: string;
  detected: DetectedEvent;
  source: EventSource;
  alert?: Alert;
  status?: AlertStatus;
  attempts: number;
  claimed: boolean;
  sources: Set<string>;
  messageId?: string;
  lastError?: string;
}

/** In-memory CaseStore. `failRecord` makes recordDetectedEvent throw for links it matches. */
export class FakeStore implements CaseStore {
  readonly feedStates = new Map<string, FeedState>();
  readonly markers = new Map<string, ItemMarker>();
  readonly events = new Map<string, StoredEvent>();
  readonly markerReads: string[][] = [];
  readonly log: string[] = [];
  lastCycle?: LastCycle;
  failRecord?: RegExp;
  constructor(public record: CaseRecord = emptyRecord()) {}

  async loadCaseRecord(): Promise<CaseRecord> {
    return this.record;
  }
  async getFeedStates(): Promise<Map<string, FeedState>> {
    return new Map(this.feedStates);
  }
  async putFeedState(state: FeedState): Promise<void> {
    this.feedStates.set(state.feedId, state);
  }
  async getItemMarkers(ids: readonly string[]): Promise<Map<string, ItemMarker>> {
    this.markerReads.push([...ids]);
    return new Map(ids.filter((id) => this.markers.has(id)).map((id) => [id, this.markers.get(id)!]));
  }
  async putItemMarkers(markers: readonly ItemMarker[]): Promise<void> {
    for (const m of markers) {
      this.markers.set(m.itemId, m);
      this.log.push(`marker ${m.itemId}`);
    }
  }
  async recordDetectedEvent(_caseId: string, event: DetectedEvent, source: EventSource, alert?: Alert): Promise<RecordDetectedResult> {
    if (this.failRecord?.test(source.link)) throw new Error('ProvisionedThroughputExceededException: throttled');
    const day = (d: string) => Date.parse(d.length === 10 ? d : `${d}-01`);
    const same = [...this.events.values()].find(
      (e) => e.detected.accused === event.accused && e.detected.type === event.type && e.detected.country === event.country && Math.abs(day(e.detected.date) - day(event.date)) <= 30 * 86_400_000,
    );
    if (same) {
      const added = !same.sources.has(source.link);
      same.sources.add(source.link);
      this.log.push(`source ${same.id}`);
      return { created: false, eventId: same.id, sourceAdded: added };
    }
    const id = `${event.date}#${event.accused}#${event.type}#${event.country ?? '-'}`;
    this.events.set(id, { id, detected: event, source, alert, status: 'pending', attempts: 0, claimed: true, sources: new Set([source.link]) });
    this.log.push(`event ${id}`);
    return { created: true, eventId: id };
  }
  readonly attached: string[] = [];
  async attachSourceToEvent(_caseId: string, eventId: string, source: EventSource): Promise<boolean> {
    const key = `${eventId} ${source.link}`;
    if (this.attached.includes(key)) return false;
    this.attached.push(key);
    return true;
  }
  async listPendingAlerts(caseId: string): Promise<PendingAlert[]> {
    return [...this.events.values()]
      .filter((e) => e.status === 'pending')
      .map((e) => ({
        event: { id: e.id, caseId, accused: e.detected.accused, type: e.detected.type, country: e.detected.country, date: e.detected.date, summary: '', origin: 'detected' as const },
        detected: e.detected,
        source: e.source,
        attempts: e.attempts,
        alert: e.alert,
      }));
  }
  async claimAlert(_caseId: string, id: string): Promise<boolean> {
    const e = this.events.get(id);
    if (!e || e.status !== 'pending' || e.claimed) return false;
    e.claimed = true;
    return true;
  }
  async markAlert(_caseId: string, id: string, status: AlertStatus, attempts: number, error?: string, messageId?: string): Promise<void> {
    const e = this.events.get(id)!;
    Object.assign(e, { status, attempts, claimed: false, lastError: error, messageId });
    this.log.push(`alert ${status} ${id}`);
  }
  async putLastCycle(cycle: LastCycle): Promise<void> {
    this.lastCycle = cycle;
  }
}

/** Logger that keeps its lines for assertions. */
export class MemoryLogger implements CycleLogger {
  readonly lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  info(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', message, extra });
  }
}

export class MemoryMetrics implements CycleMetrics {
  readonly values = new Map<string, number>();
  addMetric(name: string, _unit: 'Count' | 'Milliseconds', value: number): void {
    this.values.set(name, value);
  }
}

/** A clock the test moves by hand. */
export class Clock {
  constructor(private t: number) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}
