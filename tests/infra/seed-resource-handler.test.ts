import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendResponse } from '../../lambdas/seed-resource/cfn-response.ts';
import { createSeedHandler, type SeedHandlerDeps } from '../../lambdas/seed-resource/handler.ts';
import type { CaseRecord } from '../../lambdas/domain/types.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';

// CloudFormation's pre-signed response URL, played by a local server that records each PUT.
let server: Server;
let responseUrl: string;
let received: { method: string; contentType: string | undefined; body: any }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, contentType: req.headers['content-type'], body: JSON.parse(body) });
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  received = [];
});

const event = (over: Record<string, unknown> = {}) => ({
  RequestType: 'Create',
  ResponseURL: responseUrl,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Casewatch/1',
  RequestId: 'req-1',
  LogicalResourceId: 'SeedSeed',
  ResourceProperties: { ServiceToken: 'arn', TableName: 'casewatch-table', CaseIds: 'amia-1994', CaseDigest: 'abc' },
  ...over,
});
const context = { getRemainingTimeInMillis: () => 60_000 };
const quietLogger = { info: () => undefined, error: () => undefined };

function deps(over: Partial<SeedHandlerDeps> = {}): SeedHandlerDeps & { calls: { tableName: string; cases: readonly CaseRecord[] }[] } {
  const calls: { tableName: string; cases: readonly CaseRecord[] }[] = [];
  return {
    calls,
    loadCases: () => loadCaseFiles(),
    seed: async (tableName, cases) => {
      calls.push({ tableName, cases });
      return { accusedWritten: 3, eventsWritten: 5, unchanged: 0, casesWritten: 1, keptDetected: 0, skippedByAsOf: 0 };
    },
    send: sendResponse,
    logger: quietLogger,
    ...over,
  };
}

describe('the seed custom resource handler', () => {
  it('seeds the named table with the case files on Create and reports SUCCESS with the counts', async () => {
    const d = deps();
    await createSeedHandler(d)(event(), context);
    expect(d.calls).toHaveLength(1);
    expect(d.calls[0]!.tableName).toBe('casewatch-table');
    expect(d.calls[0]!.cases.map((c) => c.caseId)).toEqual(['amia-1994']);
    expect(received).toEqual([
      {
        method: 'PUT',
        // An empty content type, as the URL was signed without one.
        contentType: '',
        body: {
          Status: 'SUCCESS',
          PhysicalResourceId: 'casewatch-seed-casewatch-table',
          StackId: event().StackId,
          RequestId: 'req-1',
          LogicalResourceId: 'SeedSeed',
          Data: { accusedWritten: 3, eventsWritten: 5, unchanged: 0, casesWritten: 1, keptDetected: 0, skippedByAsOf: 0 },
        },
      },
    ]);
  });

  it('seeds again on Update and keeps the physical id, so CloudFormation deletes nothing', async () => {
    const d = deps();
    await createSeedHandler(d)(event({ RequestType: 'Update', PhysicalResourceId: 'casewatch-seed-old' }), context);
    expect(d.calls).toHaveLength(1);
    expect(received[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'casewatch-seed-old' });
  });

  it('leaves the data alone on Delete and still answers SUCCESS', async () => {
    const d = deps();
    await createSeedHandler(d)(event({ RequestType: 'Delete', PhysicalResourceId: 'casewatch-seed-casewatch-table' }), context);
    expect(d.calls).toHaveLength(0);
    expect(received[0]!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'casewatch-seed-casewatch-table' });
  });

  it('answers FAILED with the reason when the seeder throws, so the deploy fails instead of hanging', async () => {
    const d = deps({ seed: async () => Promise.reject(new Error('ProvisionedThroughputExceededException: slow down')) });
    await createSeedHandler(d)(event(), context);
    expect(received[0]!.body).toMatchObject({ Status: 'FAILED', Reason: 'seed failed: ProvisionedThroughputExceededException: slow down' });
  });

  it('answers FAILED when the case files cannot be read', async () => {
    const d = deps({ loadCases: () => loadCaseFiles('/nonexistent/cases') });
    await createSeedHandler(d)(event(), context);
    expect(received[0]!.body.Status).toBe('FAILED');
    expect(received[0]!.body.Reason).toMatch(/^seed failed: .*ENOENT/);
  });

  it('answers FAILED when the resource names no table', async () => {
    const d = deps();
    await createSeedHandler(d)(event({ ResourceProperties: { ServiceToken: 'arn' } }), context);
    expect(d.calls).toHaveLength(0);
    expect(received[0]!.body).toMatchObject({ Status: 'FAILED', Reason: 'seed failed: ResourceProperties.TableName is missing' });
  });

  it('answers FAILED before Lambda would time out when seeding does not finish', async () => {
    const d = deps({ seed: () => new Promise(() => undefined) });
    await createSeedHandler(d)(event(), { getRemainingTimeInMillis: () => 10_050 });
    expect(received[0]!.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringMatching(/^seed failed: did not finish within/) });
  });

  it('rejects an event that is not a CloudFormation custom resource request', async () => {
    await expect(createSeedHandler(deps())({ RequestType: 'Create' }, context)).rejects.toThrow(/ResponseURL/);
    expect(received).toEqual([]);
  });
});
