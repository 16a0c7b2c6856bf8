import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { SeedError, batchPut, seedTable, type Item } from '../../seed/seeder.ts';

const TABLE = 'casewatch';
const ddbMock = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
const items = (n: number): Item[] => Array.from({ length: n }, (_, i) => ({ pk: 'CASE#t', sk: `EVENT#${i}` }));
const put = (item: Item) => ({ PutRequest: { Item: item } });

describe('batchPut', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('writes again the items a BatchWriteItem call left unprocessed, after a backoff', async () => {
    const all = items(3);
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put(all[1]!), put(all[2]!)] } })
      .resolvesOnce({ UnprocessedItems: {} });
    const waits: number[] = [];

    await batchPut(client, TABLE, all, { sleep: async (ms) => void waits.push(ms), random: () => 0.5, retry: { baseDelayMs: 100 } });

    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 2);
    expect(ddbMock).toHaveReceivedNthCommandWith(BatchWriteCommand, 1, { RequestItems: { [TABLE]: all.map(put) } });
    expect(ddbMock).toHaveReceivedNthCommandWith(BatchWriteCommand, 2, { RequestItems: { [TABLE]: [put(all[1]!), put(all[2]!)] } });
    // Full jitter on the first ceiling (100 ms): random 0.5 -> 50 ms.
    expect(waits).toEqual([50]);
  });

  it('doubles the backoff ceiling per attempt up to the maximum', async () => {
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [put(items(1)[0]!)] } });
    const waits: number[] = [];
    await expect(
      batchPut(client, TABLE, items(1), { sleep: async (ms) => void waits.push(ms), random: () => 0.999999, retry: { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1000 } }),
    ).rejects.toBeInstanceOf(SeedError);
    expect(waits).toEqual([99, 199, 399, 799, 999]);
  });

  it('gives up after the bounded number of attempts with an error that says what was written and what to do', async () => {
    const all = items(30);
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({})
      .resolves({ UnprocessedItems: { [TABLE]: [put(all[27]!), put(all[28]!)] } });

    const failure = batchPut(client, TABLE, all, { sleep: async () => undefined, retry: { maxAttempts: 4 } });

    await expect(failure).rejects.toThrow(SeedError);
    await expect(failure).rejects.toThrow(
      "table 'casewatch' left 2 item(s) unprocessed after 4 BatchWriteItem attempts (throttled?); 28 of 30 written, nothing deleted; run 'casewatch seed' again to write the rest",
    );
    // One call for the first 25, then four for the last chunk of 5.
    expect(ddbMock).toHaveReceivedCommandTimes(BatchWriteCommand, 5);
  });

  it('sends at most 25 items per call', async () => {
    ddbMock.on(BatchWriteCommand).resolves({});
    await batchPut(client, TABLE, items(61), { sleep: async () => undefined });
    const sizes = ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems![TABLE]!.length);
    expect(sizes).toEqual([25, 25, 11]);
  });

  it('wraps an error of the table itself in a SeedError that keeps the cause', async () => {
    const cause = new Error('Requested resource not found');
    ddbMock.on(BatchWriteCommand).rejects(cause);
    const err = await batchPut(client, TABLE, items(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SeedError);
    expect((err as SeedError).message).toBe("writing to table 'casewatch' failed after 0 of 2 items: Requested resource not found");
    expect((err as SeedError).cause).toBe(cause);
  });
});

describe('seedTable on a throttled table', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  it('reads the partition with one Query, retries unprocessed items, and writes the case item last', async () => {
    const cases = await loadCaseFiles();
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [put({ pk: 'CASE#amia-1994', sk: 'ACCUSED#velayati' })] } })
      .resolves({});

    const report = await seedTable({ client, tableName: TABLE, cases, sleep: async () => undefined });

    expect(report).toMatchObject({ accusedWritten: 15, eventsWritten: 61, unchanged: 0, casesWritten: 1 });
    expect(ddbMock).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(ddbMock).not.toHaveReceivedCommand(ScanCommand);
    const calls = ddbMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems![TABLE]!);
    // 76 items in 4 chunks, one retry of the first, then META on its own.
    expect(calls.map((c) => c.length)).toEqual([25, 1, 25, 25, 1, 1]);
    expect(calls[1]![0]!.PutRequest!.Item).toEqual({ pk: 'CASE#amia-1994', sk: 'ACCUSED#velayati' });
    expect(calls.at(-1)![0]!.PutRequest!.Item).toMatchObject({ pk: 'CASE#amia-1994', sk: 'META', entity: 'case' });
  });

  it('writes no case item when the events could not all be written, so first-run seeding tries again', async () => {
    const cases = await loadCaseFiles();
    ddbMock.on(QueryCommand).resolves({ Items: [] });
    ddbMock.on(BatchWriteCommand).resolves({ UnprocessedItems: { [TABLE]: [put({ pk: 'CASE#amia-1994', sk: 'EVENT#x' })] } });

    await expect(seedTable({ client, tableName: TABLE, cases, sleep: async () => undefined, retry: { maxAttempts: 2 } })).rejects.toBeInstanceOf(SeedError);

    const written = ddbMock.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems![TABLE]!.map((r) => r.PutRequest!.Item!.sk));
    expect(written).not.toContain('META');
  });
});
