/**
 * Ports: the small interfaces the poll cycle talks to. Adapters implement them for AWS
 * (DynamoDB, SNS, HTTP) and for local runs; the domain never sees which.
 */
import type { CaseRecord, DetectedEvent, EventType, NewsItem, RecordEvent } from './domain/types.ts';

/** One configured feed (config/feeds.json). */
export interface FeedConfig {
  readonly id: string;
  readonly url: string;
  /** Language of the feed's items, if known ("en", "es"). */
  readonly lang?: string;
  readonly name?: string;
}

/** What the poller remembers about a feed between runs. */
export interface FeedState {
  readonly feedId: string;
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  readonly lastSuccessAt?: string;
  readonly lastErrorAt?: string;
  readonly lastError?: string;
  readonly consecutiveFailures: number;
  /** Do not fetch before this time (backoff or Retry-After). */
  readonly nextAttemptAt?: string;
  /** When the current run of failures began; absent while the feed works. */
  readonly failingSince?: string;
  readonly itemsSeen: number;
}

export type FetchOutcome =
  | { readonly kind: 'ok'; readonly body: Uint8Array; readonly contentType?: string; readonly etag?: string; readonly lastModified?: string; readonly finalUrl: string }
  | { readonly kind: 'not-modified' }
  | { readonly kind: 'failed'; readonly reason: string; readonly retryAfterSeconds?: number };

/** Fetches a feed body politely (deadline, size cap, conditional GET). */
export interface FeedFetcher {
  fetchFeed(url: string, validators: { etag?: string; lastModified?: string }): Promise<FetchOutcome>;
}

/** Marker of an item already processed, so a later run skips it unless its text changed. */
export interface ItemMarker {
  readonly itemId: string;
  readonly feedId: string;
  readonly contentHash: string;
  readonly processedAt: string;
}

/** An article that reports an event. */
export interface EventSource {
  readonly link: string;
  readonly title: string;
  readonly feedId: string;
  readonly published?: string;
  readonly sentence: string;
}

export type AlertStatus = 'pending' | 'sent' | 'failed';

/** A stored event whose alert is not yet delivered. */
export interface PendingAlert {
  readonly event: RecordEvent;
  readonly detected: DetectedEvent;
  readonly source: EventSource;
  readonly attempts: number;
  /** The alert as first formatted and stored, so a retry republishes the identical message. */
  readonly alert?: Alert;
}

/** The last poll cycle, as stored at CYCLE/LAST for operators ("when did a cycle last finish?"). */
export interface LastCycle {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly counts: Readonly<Record<string, number>>;
  /** Feeds that failed this cycle, with their one-line reason. */
  readonly failedFeeds: readonly { readonly feedId: string; readonly url: string; readonly error: string }[];
}

export type RecordDetectedResult =
  | { readonly created: true; readonly eventId: string }
  | { readonly created: false; readonly eventId: string; readonly sourceAdded: boolean };

/** The case table, as the poller uses it. */
export interface CaseStore {
  loadCaseRecord(caseId: string): Promise<CaseRecord>;
  getFeedStates(): Promise<Map<string, FeedState>>;
  putFeedState(state: FeedState): Promise<void>;
  /** Batched read (BatchGetItem) of item markers; absent ids are not in the map. */
  getItemMarkers(itemIds: readonly string[]): Promise<Map<string, ItemMarker>>;
  putItemMarkers(markers: readonly ItemMarker[]): Promise<void>;
  /**
   * Stores a newly detected event exactly once: creates it (alert `pending`) when no event of the
   * same accused, type and country lies within 30 days, else attaches the source to that event.
   */
  recordDetectedEvent(caseId: string, event: DetectedEvent, source: EventSource, alert?: Alert): Promise<RecordDetectedResult>;
  /**
   * Attaches an article to an event the record already holds (no alert); false when that link
   * is already one of its sources or the event does not exist.
   */
  attachSourceToEvent?(caseId: string, eventId: string, source: EventSource): Promise<boolean>;
  listPendingAlerts(caseId: string): Promise<PendingAlert[]>;
  /**
   * Claims a pending alert for delivery (a short lease), so two overlapping runs never both
   * retry it. False when another run holds it or it is no longer pending. The creator of an
   * event holds the claim from creation.
   */
  claimAlert(caseId: string, eventId: string): Promise<boolean>;
  /** Records a delivery attempt's outcome and frees the claim; `messageId` when sent. */
  markAlert(caseId: string, eventId: string, status: AlertStatus, attempts: number, error?: string, messageId?: string): Promise<void>;
  /** Stores the last cycle's summary (CYCLE/LAST). */
  putLastCycle?(cycle: LastCycle): Promise<void>;
}

/** What subscribers receive for one new event. */
export interface Alert {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  readonly attributes: { readonly caseId: string; readonly accused: string; readonly eventType: EventType; readonly country: string };
}

/** Delivers alerts (SNS in AWS, the embedded SNS endpoint locally). */
export interface AlertPublisher {
  publish(alert: Alert): Promise<{ messageId: string }>;
}

/** A parsed feed: what the detector needs from each item. */
export interface ParsedFeed {
  readonly title?: string;
  readonly lang?: string;
  /** The feed's home page, absolute. */
  readonly link?: string;
  readonly items: readonly NewsItem[];
  /** Things read around rather than refused (an unknown charset label read as UTF-8). */
  readonly notes?: readonly string[];
}
