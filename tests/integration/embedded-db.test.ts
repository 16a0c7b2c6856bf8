import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedDatabaseError, regionFromEnv, startEmbeddedDynamo } from '../../bin/local/embedded.ts';

describe('the embedded DynamoDB', () => {
  it('refuses a second opener of the same data folder with a message that says what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-db-'));
    const first = await startEmbeddedDynamo(dir);
    try {
      const second = startEmbeddedDynamo(dir);
      await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseError);
      await expect(second).rejects.toThrow(/in use by another casewatch process.*AWS_ENDPOINT_URL_DYNAMODB/);
    } finally {
      await first.close();
    }
  });

  it('serves on 127.0.0.1 and can be reopened after it is closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-db-'));
    const first = await startEmbeddedDynamo(dir);
    expect(first.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await first.close();
    const again = await startEmbeddedDynamo(dir);
    await again.close();
  });
});

describe('regionFromEnv', () => {
  it('leaves the region to the SDK unless an emulator endpoint is set without a region', () => {
    expect(regionFromEnv({})).toBeUndefined();
    expect(regionFromEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' })).toBe('us-east-1');
    expect(regionFromEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', AWS_REGION: 'eu-west-1' })).toBeUndefined();
  });
});
