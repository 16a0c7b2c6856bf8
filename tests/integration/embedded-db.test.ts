import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedDatabaseError, clientConfigFromEnv, regionFromEnv, startEmbeddedDynamo } from '../../bin/local/embedded.ts';

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

  it('honours AWS_DEFAULT_REGION as the AWS CLI does', () => {
    expect(regionFromEnv({ AWS_DEFAULT_REGION: 'sa-east-1' })).toBe('sa-east-1');
  });
});

describe('clientConfigFromEnv', () => {
  it('gives a local endpoint with no credentials configured the dummy credentials emulators accept', () => {
    expect(clientConfigFromEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000' }).credentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
    expect(clientConfigFromEnv({ AWS_ENDPOINT_URL: 'http://localhost:4566' }).credentials).toBeDefined();
  });

  it('leaves credentials to the SDK for remote endpoints and when the user configured some', () => {
    expect(clientConfigFromEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'https://dynamodb.eu-west-1.amazonaws.com' }).credentials).toBeUndefined();
    expect(clientConfigFromEnv({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', AWS_PROFILE: 'dev' }).credentials).toBeUndefined();
    expect(clientConfigFromEnv({}).credentials).toBeUndefined();
  });
});
