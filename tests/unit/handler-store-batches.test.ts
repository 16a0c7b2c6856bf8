/**
 * DynamoCaseStore's batched reads and writes when DynamoDB answers only part of a batch, which
 * dynalite never does: UnprocessedKeys / UnprocessedItems are retried until done, or give up.
 */
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../lambdas/adapters/aws-clients.ts';
import { DynamoCaseStore, StoreError } from '../../lambdas/adapters/dynamo-case-store.ts';
import { itemMarkerKey } from '../../lambdas/domain/keys.ts';

const ddbMock = mockClient(DynamoDBDocumentClient);
const sleeps: number[] = [];
const store = () => new DynamoCaseStore(createDocumentClient({ region: 'us-east-1' }), 'casewatch', { sleep: async (ms) => void sleeps.push(ms) });
const marker = (id: string) => ({ itemId: id, feedId: 'f', contentHash: `h-${id}`, processedAt: '2026-11-27T12:00:00.000Z' });

describe('DynamoCaseStore batches', () => {
  beforeEach(() => {
    ddbMock.reset();
    sleeps.length = 0;
  });

  it('reads 250 markers in three BatchGetItem calls of at most 100 keys, retrying unprocessed keys after a pause', async () => {
    let call = 0;
    ddbMock.on(BatchGetCommand).callsFake((input) => {
      call++;
      const keys = input.RequestItems.casewatch.Keys as { pk: string }[];
      // The first call answers half and leaves the rest unprocessed, as a throttled table does.
      const [answered, left] = call === 1 ? [keys.slice(0, 50), keys.slice(50)] : [keys, []];
      return {
        Responses: { casewatch: answered.map((k) => marker(k.pk.slice('ITEM#'.length))) },
        ...(left.length ? { UnprocessedKeys: { casewatch: { Keys: left } } } : {}),
      };
    });
    const ids = Array.from({ length: 250 }, (_, i) => `i${i}`);
    const found = await store().getItemMarkers(ids);
    expect(found.size).toBe(250);
    const sizes = ddbMock.commandCalls(BatchGetCommand).map((c) => c.args[0].input.RequestItems!.casewatch!.Keys!.length);
    expect(sizes).toEqual([100, 50, 100, 50]);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up with a StoreError when keys stay unprocessed, rather than looping forever', async () => {
    ddbMock.on(BatchGetCommand).callsFake((input) => ({ Responses: { casewatch: [] }, UnprocessedKeys: { casewatch: { Keys: input.RequestItems.casewatch.Keys } } }));
    await expect(store().getItemMarkers(['a', 'b'])).rejects.toThrow(StoreError);
    expect(ddbMock.commandCalls(BatchGetCommand).length).toBe(9);
  });

  it('writes markers 25 per BatchWriteItem with a 90-day expiresAt, retrying unprocessed items', async () => {
    let call = 0;
    ddbMock.on(BatchWriteCommand).callsFake((input) => {
      call++;
      const requests = input.RequestItems.casewatch as unknown[];
      return call === 1 ? { UnprocessedItems: { casewatch: requests.slice(20) } } : {};
    });
    await store().putItemMarkers(Array.from({ length: 30 }, (_, i) => marker(`m${i}`)));
    const sizes = ddbMock.commandCalls(BatchWriteCommand).map((c) => (c.args[0].input.RequestItems!.casewatch as unknown[]).length);
    expect(sizes).toEqual([25, 5, 5]);
    const first = (ddbMock.commandCalls(BatchWriteCommand)[0]!.args[0].input.RequestItems!.casewatch as { PutRequest: { Item: Record<string, unknown> } }[])[0]!.PutRequest.Item;
    expect(first).toMatchObject({ ...itemMarkerKey('m0'), contentHash: 'h-m0', expiresAt: Date.parse('2026-11-27T12:00:00Z') / 1000 + 90 * 86_400 });
  });
});
