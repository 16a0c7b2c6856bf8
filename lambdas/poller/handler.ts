/**
 * Scheduled poller (EventBridge Scheduler -> Lambda): one poll cycle per invocation. The
 * environment is parsed and the clients are created once per container, at cold start; a bad
 * variable fails the init with a message naming it.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDocumentClient, createSnsClient } from '../adapters/aws-clients.ts';
import { DynamoCaseStore } from '../adapters/dynamo-case-store.ts';
import { HttpFeedFetcher } from '../adapters/http-feed-fetcher.ts';
import { SnsAlertPublisher } from '../adapters/sns-alert-publisher.ts';
import { loadPollerConfig } from './config.ts';
import { createPollHandler, toCycleLogger } from './create-handler.ts';

// A bundled feed list (FEEDS_FILE) lies beside this handler in the deployment package.
const besideHandler = (name: string): string => readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), name), 'utf8');
const config = loadPollerConfig(process.env, besideHandler);
const logger = new Logger({ serviceName: config.serviceName });
const metrics = new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });

export const handler = createPollHandler({
  config,
  logger: toCycleLogger(logger),
  metrics,
  store: new DynamoCaseStore(createDocumentClient(), config.tableName),
  fetcher: new HttpFeedFetcher({ timeoutMs: config.feedTimeoutMs, maxBytes: config.feedMaxBytes }),
  publisher: new SnsAlertPublisher(createSnsClient(), config.topicArn),
  now: () => new Date(),
});
