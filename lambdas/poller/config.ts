/**
 * The poller's environment, parsed once at cold start with zod. A missing or invalid variable
 * throws a ConfigError that names it, so the Lambda fails at init with a readable message.
 */
import { z } from 'zod';
import { parseFeedList } from '../config/feeds.ts';
import type { FeedConfig } from '../ports.ts';

/** The environment does not describe a runnable poller; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

const positiveInt = z.coerce.number().int().positive();

const EnvSchema = z.object({
  TABLE_NAME: z.string().trim().min(1),
  TOPIC_ARN: z.string().trim().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'not an SNS topic ARN'),
  CASE_IDS: z
    .string()
    .default('amia-1994')
    .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'case ids are lower-case letters, digits and "-"')).min(1, 'at least one case id')),
  FEEDS_JSON: z.string().min(1),
  POWERTOOLS_SERVICE_NAME: z.string().trim().min(1).default('casewatch-poller'),
  POWERTOOLS_METRICS_NAMESPACE: z.string().trim().min(1).default('casewatch'),
  FEED_TIMEOUT_MS: positiveInt.default(20_000),
  FEED_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  MAX_FEEDS_IN_FLIGHT: positiveInt.max(64).default(4),
});

export interface PollerConfig {
  readonly tableName: string;
  readonly topicArn: string;
  readonly caseIds: readonly string[];
  readonly feeds: readonly FeedConfig[];
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly feedTimeoutMs: number;
  readonly feedMaxBytes: number;
  readonly maxFeedsInFlight: number;
}

/** Parses the poller's environment; throws ConfigError naming the first bad variable. */
export function loadPollerConfig(env: Readonly<Record<string, string | undefined>>): PollerConfig {
  // An empty variable is treated as unset, so defaults apply and required ones report "missing".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const missing = present[name] === undefined;
    throw new ConfigError(missing ? `environment variable ${name} is required` : `environment variable ${name}: ${issue.message}`);
  }
  const e = result.data;
  let feeds: FeedConfig[];
  try {
    feeds = parseFeedList(e.FEEDS_JSON, 'FEEDS_JSON');
  } catch (err) {
    throw new ConfigError(`environment variable ${(err as Error).message}`, { cause: err });
  }
  return {
    tableName: e.TABLE_NAME,
    topicArn: e.TOPIC_ARN,
    caseIds: e.CASE_IDS,
    feeds,
    serviceName: e.POWERTOOLS_SERVICE_NAME,
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE,
    feedTimeoutMs: e.FEED_TIMEOUT_MS,
    feedMaxBytes: e.FEED_MAX_BYTES,
    maxFeedsInFlight: e.MAX_FEEDS_IN_FLIGHT,
  };
}
