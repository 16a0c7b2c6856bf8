/**
 * The deployed entry point, lambdas/poller/handler.ts: its environment is read at import (cold
 * start), and the module wires the real adapters. AWS clients are mocked; the one feed points at
 * the metadata address, which the fetcher refuses without touching the network.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const ddbMock = mockClient(DynamoDBDocumentClient);
const snsMock = mockClient(SNSClient);
const FEED_URL = 'http://169.254.169.254/latest/meta-data/';
const ENV = {
  TABLE_NAME: 'casewatch',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts',
  FEEDS_JSON: JSON.stringify([{ id: 'metadata', url: FEED_URL }]),
  AWS_REGION: 'us-east-1',
};

describe('poller Lambda entry point', () => {
  beforeEach(() => {
    ddbMock.reset();
    snsMock.reset();
    vi.resetModules();
    for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);
    // Powertools writes its JSON lines to stdout/stderr; keep the test output readable.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it.each(['TABLE_NAME', 'TOPIC_ARN', 'FEEDS_JSON'])('fails at cold start naming %s when it is missing', async (name) => {
    vi.stubEnv(name, undefined);
    await expect(import('../../lambdas/poller/handler.ts')).rejects.toThrow(new RegExp(`environment variable ${name}( \\(or FEEDS_FILE\\))? is required`));
  });

  it('runs a cycle with the wired adapters and records a refused feed in its state', async () => {
    ddbMock.on(QueryCommand).callsFake((input) =>
      input.ExpressionAttributeValues[':pk'] === 'CASE#amia-1994' && !input.IndexName ? { Items: [{ pk: 'CASE#amia-1994', sk: 'META', title: 'AMIA' }] } : { Items: [] },
    );
    ddbMock.on(PutCommand).resolves({});
    const { handler } = await import('../../lambdas/poller/handler.ts');
    const context = { getRemainingTimeInMillis: () => 300_000, functionName: 'poller', awsRequestId: 'r-1' } as unknown as Context;
    const out = await handler({ source: 'aws.scheduler' }, context);
    expect(out).toMatchObject({ feedsFailed: 1, failedFeeds: ['metadata'], alertsSent: 0 });
    const state = ddbMock.commandCalls(PutCommand).map((c) => c.args[0].input.Item!).find((i) => i.pk === 'FEEDS');
    expect(state).toMatchObject({ feedId: 'metadata', url: FEED_URL, consecutiveFailures: 1, lastError: expect.stringMatching(/^refused: /) });
    expect(ddbMock).toHaveReceivedCommandWith(PutCommand, { TableName: 'casewatch', Item: expect.objectContaining({ pk: 'CYCLE', sk: 'LAST' }) });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
