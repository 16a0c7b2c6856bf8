/**
 * The poller's Lambda handler, built from its dependencies: `handler.ts` wires the real ones at
 * module scope, tests pass mocked clients. Logs the outcome and flushes metrics every invocation.
 */
import type { Context } from 'aws-lambda';
import type { PollerConfig } from './config.ts';
import { type CycleLogger, type CycleMetrics, type CycleSummary, type PollDeps, runPollCycle } from './poll-cycle.ts';

/** Metrics that can be flushed (Powertools Metrics: one EMF document per invocation). */
export interface FlushableMetrics extends CycleMetrics {
  publishStoredMetrics(): void;
}

/** A logger that can take the Lambda context (request id, cold start) into every line. */
export interface ContextLogger extends CycleLogger {
  addContext?(context: Context): void;
}

/** The Powertools Logger surface used here (structured JSON, extras merged into the line). */
export interface PowertoolsLikeLogger {
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
  addContext(context: Context): void;
}

/** Adapts a Powertools Logger to the cycle's logger: data goes into the extras, never the message. */
export function toCycleLogger(logger: PowertoolsLikeLogger): ContextLogger {
  return {
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
    addContext: (context) => logger.addContext(context),
  };
}

export interface HandlerDeps extends Omit<PollDeps, 'logger' | 'metrics'> {
  readonly config: PollerConfig;
  readonly logger: ContextLogger;
  readonly metrics: FlushableMetrics;
}

/** What the handler returns (visible in a test invoke): the summary without per-feed rows. */
export type HandlerResult = Omit<CycleSummary, 'feeds'> & { readonly failedFeeds: readonly string[] };

/** Seconds kept in hand after the last feed starts: its fetch deadline plus time to store results. */
const STORE_MARGIN_MS = 5_000;

/** Builds the scheduled handler: one poll cycle per invocation (EventBridge Scheduler). */
export function createPollHandler(deps: HandlerDeps): (event: unknown, context: Context) => Promise<HandlerResult> {
  const { config, logger, metrics } = deps;
  return async (_event, context) => {
    logger.addContext?.(context);
    try {
      const summary = await runPollCycle(deps, {
        caseIds: config.caseIds,
        feeds: config.feeds,
        remainingTimeMs: () => context.getRemainingTimeInMillis(),
        timeMarginMs: config.feedTimeoutMs + STORE_MARGIN_MS,
        maxFeedsInFlight: config.maxFeedsInFlight,
        maxFeedBytes: config.feedMaxBytes,
      });
      const { feeds, ...counts } = summary;
      return { ...counts, failedFeeds: feeds.filter((f) => f.status === 'failed').map((f) => f.feedId) };
    } catch (err) {
      // Not a feed's fault (the table is unreachable, the case is not seeded): let Lambda retry.
      logger.error('poll cycle failed', { error: err instanceof Error ? err.message : String(err), errorName: (err as Error)?.name });
      throw err;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}
