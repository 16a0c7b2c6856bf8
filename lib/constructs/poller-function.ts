/**
 * The poller: one poll cycle per scheduled invocation, never two at once, with a dead-letter
 * queue for invocations that still fail after Lambda's retries.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { StackConfigError } from '../config.ts';
import type { FeedConfig } from '../../lambdas/ports.ts';
import { CasewatchFunction, shellQuote } from './casewatch-function.ts';

/**
 * Sized by the benchmark (README, "Benchmark"): memory about twice a cycle's peak RSS, which also
 * buys the CPU share that keeps a 200-feed cycle near 7 s; the timeout covers three such cycles
 * plus one feed's 20 s deadline, and is no longer than the shortest poll interval (1 minute).
 */
export const POLLER_MEMORY_MB = 1024;
/** Sized by the benchmark (see POLLER_MEMORY_MB); at most the shortest poll interval. */
export const POLLER_TIMEOUT = Duration.seconds(60);

/** The poller's Powertools service name: the `service` dimension of its metrics. */
export const POLLER_SERVICE_NAME = 'casewatch-poller';
/** CloudWatch namespace of the poller's EMF metrics. */
export const METRICS_NAMESPACE = 'casewatch';

/** Lambda refuses a function whose environment variables total more than 4 KB. */
export const LAMBDA_ENV_LIMIT_BYTES = 4096;
// TABLE_NAME and TOPIC_ARN are tokens at synth; count them at their longest plausible length.
const TOKEN_ALLOWANCE = { TABLE_NAME: 255, TOPIC_ARN: 320 } as const;

export interface PollerFunctionProps {
  readonly feeds: readonly FeedConfig[];
  readonly caseIds: readonly string[];
  /** Minutes between cycles: the poller's timeout must be shorter. */
  readonly pollRate: number;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The poller function and its dead-letter queue. */
export class PollerFunction extends Construct {
  readonly fn: CasewatchFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: PollerFunctionProps) {
    super(scope, id);

    const feedsJson = JSON.stringify(props.feeds.map(({ id, url, lang, name }) => ({ id, url, lang, name })));
    const base: Record<string, string> = {
      CASE_IDS: props.caseIds.join(','),
      POWERTOOLS_SERVICE_NAME: POLLER_SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    // A short feed list rides in the environment, where the console shows it; a list too long for
    // Lambda's 4 KB of variables is written into the bundle beside the handler instead.
    const inEnvironment = environmentFits({ ...base, FEEDS_JSON: feedsJson });
    const environment = inEnvironment ? { ...base, FEEDS_JSON: feedsJson } : { ...base, FEEDS_FILE: BUNDLED_FEEDS_FILE };
    assertEnvironmentFits(environment);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the poller function; a DLQ of a DLQ would only move the problem.',
    });

    this.fn = new CasewatchFunction(this, 'Poller', {
      entry: 'lambdas/poller/handler.ts',
      description: 'casewatch poller: reads the feeds, stores new events, publishes alerts',
      memorySize: POLLER_MEMORY_MB,
      timeout: POLLER_TIMEOUT,
      environment,
      // One cycle at a time: two concurrent cycles would race on feed state and alerts.
      reservedConcurrentExecutions: 1,
      deadLetterQueue: this.deadLetterQueue,
      // A cycle older than one interval is superseded by the next scheduled one.
      maxEventAge: Duration.minutes(Math.min(Math.max(props.pollRate, 1), 360)),
      logRemovalPolicy: props.logRemovalPolicy,
      afterBundling: inEnvironment ? undefined : (outputDir) => [`printf '%s' ${shellQuote(feedsJson)} > ${shellQuote(`${outputDir}/${BUNDLED_FEEDS_FILE}`)}`],
    });
  }
}

/** Name of the feed list written beside the poller's handler when it does not fit the environment. */
export const BUNDLED_FEEDS_FILE = 'feeds.json';

/** Whether these variables, with the table name and topic ARN filled in, fit Lambda's 4 KB. */
export function environmentFits(environment: Record<string, string>): boolean {
  return environmentBytes(environment) <= LAMBDA_ENV_LIMIT_BYTES;
}

function environmentBytes(environment: Record<string, string>): number {
  const full = { ...environment, NODE_OPTIONS: '--enable-source-maps', ...placeholders() };
  return Object.entries(full).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/**
 * Throws when the poller's environment would exceed Lambda's 4 KB limit once the table name and
 * topic ARN are filled in; the feed list is what grows, so the message names `feeds`.
 */
export function assertEnvironmentFits(environment: Record<string, string>): void {
  const bytes = environmentBytes(environment);
  if (bytes > LAMBDA_ENV_LIMIT_BYTES) {
    const feedsBytes = Buffer.byteLength(environment.FEEDS_JSON ?? '');
    throw new StackConfigError(
      `context "feeds": the poller's environment would be about ${bytes} bytes, over Lambda's ${LAMBDA_ENV_LIMIT_BYTES}-byte limit (FEEDS_JSON alone is ${feedsBytes} bytes); list fewer feeds or shorten their names and URLs`,
    );
  }
}

function placeholders(): Record<string, string> {
  return Object.fromEntries(Object.entries(TOKEN_ALLOWANCE).map(([k, n]) => [k, 'x'.repeat(n)]));
}
