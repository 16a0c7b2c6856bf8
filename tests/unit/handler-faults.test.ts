/**
 * The handler under AWS faults, with the real DynamoCaseStore and SnsAlertPublisher on mocked
 * clients. A mocked client skips the SDK's own retry middleware, so each rejection here stands
 * for a throttle that outlasted the SDK's retries.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Context } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws-clients.ts';
import { DynamoCaseStore } from '../../lambdas/adapters/dynamo-case-store.ts';
import { SnsAlertPublisher } from '../../lambdas/adapters/sns-alert-publisher.ts';
import { loadPollerConfig } from '../../lambdas/poller/config.ts';
import { createPollHandler } from '../../lambdas/poller/create-handler.ts';
import { CASE_ID, FakeFetcher, MemoryLogger, MemoryMetrics, fakeDetect, fakeFormat, feedBody } from './poll-cycle-fakes.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts';
const FEED_URL = 'https://news.example/rss';
const ddbMock = mockClient(DynamoDBDocumentClient);
const snsMock = mockClient(SNSClient);

const config = loadPollerConfig({
  TABLE_NAME: 'casewatch',
  TOPIC_ARN: TOPIC,
  CASE_IDS: CASE_ID,
  FEEDS_JSON: JSON.stringify([{ id: 'news', url: FEED_URL }]),
});

const context = (remainingMs = 60_000) =>
  ({ getRemainingTimeInMillis: () => remainingMs, functionName: 'poller', awsRequestId: 'req-1' }) as unknown as Context;

/** Just enough table behaviour for one cycle: the case exists, nothing else yet. */
function tableWith(options: { throttleEventPut?: () => boolean } = {}) {
  const pending: Record<string, unknown>[] = [];
  ddbMock.on(QueryCommand).callsFake((input) => {
    if (input.IndexName) return { Items: pending };
    if (input.ExpressionAttributeValues[':pk'] === `CASE#${CASE_ID}` && !input.KeyConditionExpression.includes('BETWEEN')) {
      return { Items: [{ pk: `CASE#${CASE_ID}`, sk: 'META', title: 'Test case' }] };
    }
    return { Items: [] };
  });
  ddbMock.on(BatchGetCommand).resolves({ Responses: { casewatch: [] } });
  ddbMock.on(BatchWriteCommand).resolves({});
  ddbMock.on(DeleteCommand).resolves({});
  ddbMock.on(UpdateCommand).resolves({});
  ddbMock.on(PutCommand).callsFake((input) => {
    if (input.Item.entity === 'event') {
      if (options.throttleEventPut?.()) {
        throw new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded.', $metadata: {} });
      }
      pending.push(input.Item);
    }
    return {};
  });
}

function handlerWith(remainingMs?: number) {
  const logger = new MemoryLogger();
  const metrics = Object.assign(new MemoryMetrics(), { flushed: 0, publishStoredMetrics() { this.flushed++; } });
  const fetcher = new FakeFetcher({
    [FEED_URL]: { kind: 'ok', body: feedBody([{ link: 'https://news.example/velayati-baku', text: '[[velayati|travel|AZ|2026-11-20]]' }]), etag: '"e1"', finalUrl: FEED_URL },
  });
  const handler = createPollHandler({
    config,
    logger,
    metrics,
    store: new DynamoCaseStore(createDocumentClient({ region: 'us-east-1' }), config.tableName, { sleep: async () => undefined }),
    fetcher,
    publisher: new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC),
    now: () => new Date('2026-11-27T12:00:00Z'),
    detect: fakeDetect,
    formatAlert: fakeFormat,
  });
  return { invoke: () => handler({ source: 'aws.scheduler' }, context(remainingMs)), logger, metrics, fetcher };
}

const feedStatePuts = () => ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).filter((i) => i.pk === 'FEEDS');

describe('poller handler under AWS faults', () => {
  beforeEach(() => {
    ddbMock.reset();
    snsMock.reset();
  });

  it('surfaces a throttled event write, publishes nothing, keeps the item unmarked and delivers on the next run', async () => {
    let throttled = true;
    tableWith({ throttleEventPut: () => throttled });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const first = handlerWith();
    const out = await first.invoke();
    expect(out).toMatchObject({ feedsOk: 1, eventsFound: 1, itemErrors: 1, alertsSent: 0 });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 0);
    expect(feedStatePuts().at(-1)).not.toHaveProperty('etag');
    const line = first.logger.lines.find((l) => l.message === 'item not processed, will retry next run');
    expect(line?.extra).toMatchObject({ feedId: 'news', url: FEED_URL, link: 'https://news.example/velayati-baku', error: expect.stringContaining('ProvisionedThroughputExceededException') });

    throttled = false;
    const second = await handlerWith().invoke();
    expect(second).toMatchObject({ itemErrors: 0, alertsSent: 1 });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
    expect(feedStatePuts().at(-1)).toMatchObject({ etag: '"e1"' });
  });

  it('keeps the alert pending with its attempt and error when SNS rejects the publish', async () => {
    tableWith();
    snsMock.on(PublishCommand).rejects(new Error('Service Unavailable'));
    const { invoke, metrics } = handlerWith();
    const out = await invoke();
    expect(out).toMatchObject({ eventsFound: 1, alertsSent: 0, alertsPending: 1 });
    expect(ddbMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `CASE#${CASE_ID}`, sk: 'EVENT#2026-11-20#velayati#travel#AZ' },
      ExpressionAttributeValues: expect.objectContaining({ ':n': 1, ':e': expect.stringMatching(/^publish to arn:aws:sns:.* failed: Service Unavailable/) }),
    });
    // The event is stored, so the item is marked: the retry comes from the pending alert, not the feed.
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 1);
    expect(metrics.values.get('AlertsPending')).toBe(1);
    expect(metrics.flushed).toBe(1);
  });

  it('rethrows a failure outside any feed so Lambda retries, after logging it and flushing metrics', async () => {
    ddbMock.on(QueryCommand).rejects(new Error('User is not authorized to perform: dynamodb:Query'));
    const { invoke, logger, metrics } = handlerWith();
    await expect(invoke()).rejects.toThrow(/load case test-case: User is not authorized/);
    expect(logger.lines.find((l) => l.message === 'poll cycle failed')?.extra?.error).toMatch(/not authorized/);
    expect(metrics.flushed).toBe(1);
  });

  it('starts no feed when the Lambda has less time left than a feed deadline plus 5 seconds', async () => {
    tableWith();
    const { invoke, fetcher } = handlerWith(config.feedTimeoutMs + 4_000);
    const out = await invoke();
    expect(out).toMatchObject({ feedsSkipped: 1, feedsOk: 0 });
    expect(fetcher.calls).toHaveLength(0);
  });
});
