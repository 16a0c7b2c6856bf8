/**
 * The poller's environment, parsed once at cold start with zod. A missing or invalid variable
 * throws a ConfigError that names it, so the Lambda fails at init with a readable message.
 */
import * as z from 'zod/mini';
import { integerBetween, nonEmptyText, positiveInteger, textMatching } from '../config/checks.ts';
import { parseFeedList } from '../config/feeds.ts';
import type { FeedConfig } from '../ports.ts';
import { DEFAULT_MAX_FEEDS_IN_FLIGHT } from './poll-cycle.ts';

/** The environment does not describe a runnable poller; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** A number read from an environment variable (text). */
const fromText = (schema: z.ZodMiniNumber<number>) => z.pipe(z.pipe(z.string(), z.transform(Number)), schema);

const CaseIds = z.pipe(
  z.pipe(z.string(), z.transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))),
  z.array(textMatching(/^[a-z0-9][a-z0-9-]*$/, 'case ids are lower-case letters, digits and "-"')).check(z.minLength(1, 'at least one case id')),
);

const EnvSchema = z.object({
  TABLE_NAME: nonEmptyText(),
  TOPIC_ARN: nonEmptyText().check(z.regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/, 'not an SNS topic ARN')),
  CASE_IDS: z._default(CaseIds, ['amia-1994']),
  FEEDS_JSON: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
  FEEDS_FILE: z.optional(nonEmptyText()),
  POWERTOOLS_SERVICE_NAME: z._default(nonEmptyText(), 'casewatch-poller'),
  POWERTOOLS_METRICS_NAMESPACE: z._default(nonEmptyText(), 'casewatch'),
  FEED_TIMEOUT_MS: z._default(fromText(positiveInteger()), 20_000),
  FEED_MAX_BYTES: z._default(fromText(positiveInteger()), 10 * 1024 * 1024),
  MAX_FEEDS_IN_FLIGHT: z._default(fromText(integerBetween(1, 64)), DEFAULT_MAX_FEEDS_IN_FLIGHT),
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

/**
 * Parses the poller's environment; throws ConfigError naming the first bad variable. The feed
 * list comes from FEEDS_JSON, or, when the deployment's list is too long for the environment,
 * from the file FEEDS_FILE names (read with `readFeedsFile`, relative to the handler's folder).
 */
export function loadPollerConfig(
  env: Readonly<Record<string, string | undefined>>,
  readFeedsFile: (name: string) => string = () => {
    throw new Error('no file reader given');
  },
): PollerConfig {
  // An empty variable is treated as unset, so defaults apply and required ones report "missing".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.safeParse(EnvSchema, present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const missing = present[name] === undefined;
    throw new ConfigError(missing ? `environment variable ${name} is required` : `environment variable ${name}: ${issue.message}`);
  }
  const e = result.data;
  if (e.FEEDS_JSON === undefined && e.FEEDS_FILE === undefined) throw new ConfigError('environment variable FEEDS_JSON (or FEEDS_FILE) is required');
  if (e.FEEDS_JSON !== undefined && e.FEEDS_FILE !== undefined) throw new ConfigError('environment variables FEEDS_JSON and FEEDS_FILE: set one, not both');
  let feeds: FeedConfig[];
  if (e.FEEDS_JSON !== undefined) {
    try {
      feeds = parseFeedList(e.FEEDS_JSON, 'FEEDS_JSON');
    } catch (err) {
      throw new ConfigError(`environment variable ${(err as Error).message}`, { cause: err });
    }
  } else {
    let text: string;
    try {
      text = readFeedsFile(e.FEEDS_FILE!);
    } catch (err) {
      throw new ConfigError(`environment variable FEEDS_FILE: cannot read ${e.FEEDS_FILE} (${(err as Error).message})`, { cause: err });
    }
    try {
      feeds = parseFeedList(text, e.FEEDS_FILE!);
    } catch (err) {
      throw new ConfigError(`environment variable FEEDS_FILE: ${(err as Error).message}`, { cause: err });
    }
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
