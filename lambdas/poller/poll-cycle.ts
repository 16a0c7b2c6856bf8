/**
 * One poll cycle: fetch every due feed, detect events in new items, store each new event
 * exactly once and publish its alert. Talks only to ports; the handler and the CLI wire adapters.
 */
import type { Alert, AlertPublisher, CaseStore, FeedConfig, FeedFetcher } from '../ports.ts';
import type { DetectedEvent } from '../domain/types.ts';

/** The logging surface the cycle needs (Powertools Logger satisfies it). */
export interface CycleLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface PollDeps {
  readonly store: CaseStore;
  readonly fetcher: FeedFetcher;
  readonly publisher: AlertPublisher;
  readonly logger: CycleLogger;
  /** Injected so tests control time. */
  readonly now: () => Date;
}

export interface PollOptions {
  readonly caseIds: readonly string[];
  readonly feeds: readonly FeedConfig[];
  /** Milliseconds left before the platform cuts the run off (Lambda's getRemainingTimeInMillis). */
  readonly remainingTimeMs?: () => number;
  /** Called once per feed as it finishes, for progress lines. */
  readonly onFeedResult?: (result: FeedResult) => void;
  /** Called once per alert actually published. */
  readonly onAlertSent?: (alert: Alert, event: DetectedEvent) => void;
}

export type FeedStatus = 'ok' | 'not-modified' | 'failed' | 'skipped';

export interface FeedResult {
  readonly feedId: string;
  readonly url: string;
  readonly status: FeedStatus;
  readonly itemsRead: number;
  readonly newItems: number;
  readonly eventsFound: number;
  readonly error?: string;
}

export interface CycleSummary {
  readonly feedsOk: number;
  readonly feedsNotModified: number;
  readonly feedsFailed: number;
  readonly feedsSkipped: number;
  readonly itemsRead: number;
  readonly eventsFound: number;
  readonly alertsSent: number;
  readonly alertsPending: number;
  readonly alertsFailed: number;
  readonly durationMs: number;
  readonly feeds: readonly FeedResult[];
}

/** Runs one cycle. Per-feed failures are results; anything else throws so the platform retries. */
export async function runPollCycle(_deps: PollDeps, _options: PollOptions): Promise<CycleSummary> {
  throw new Error('runPollCycle: not implemented yet');
}
