/**
 * Custom resource `Custom::CaseSeed`: on Create and Update it seeds the table from the case files
 * bundled beside this handler, with the same `seedTable` as `casewatch seed`; Delete leaves the
 * data alone. It always answers CloudFormation, so a failed seed fails the deploy instead of
 * leaving it waiting for an hour.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../domain/types.ts';
import { loadCaseFiles } from '../../seed/load-case.ts';
import { seedTable, type SeedReport } from '../../seed/seeder.ts';
import { CustomResourceEventSchema, sendResponse, type CustomResourceResponse } from './cfn-response.ts';

/** What the handler needs from the outside world; tests pass their own. */
export interface SeedHandlerDeps {
  readonly loadCases: () => Promise<CaseRecord[]>;
  readonly seed: (tableName: string, cases: readonly CaseRecord[]) => Promise<SeedReport>;
  readonly send: (url: string, response: CustomResourceResponse) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'error'>;
}

/** The slice of the Lambda context the handler reads. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

// Answer FAILED this long before Lambda would kill the function mid-seed.
const SAFETY_MARGIN_MS = 10_000;

/** Builds the handler around its dependencies. */
export function createSeedHandler(deps: SeedHandlerDeps) {
  return async (rawEvent: unknown, context: DeadlineContext): Promise<void> => {
    const event = CustomResourceEventSchema.parse(rawEvent);
    const tableName = event.ResourceProperties.TableName;
    const base = {
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      // Stable across updates, so CloudFormation never "replaces" (deletes) the seed.
      PhysicalResourceId: event.PhysicalResourceId ?? `casewatch-seed-${String(tableName)}`,
    };
    let response: CustomResourceResponse;
    try {
      if (event.RequestType === 'Delete') {
        response = { ...base, Status: 'SUCCESS' };
      } else {
        if (typeof tableName !== 'string' || tableName === '') throw new Error('ResourceProperties.TableName is missing');
        const report = await withDeadline(
          (async () => deps.seed(tableName, await deps.loadCases()))(),
          context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
        );
        deps.logger.info('seeded', { tableName, ...report });
        response = { ...base, Status: 'SUCCESS', Data: { ...report } };
      }
    } catch (err) {
      deps.logger.error('seed failed', { tableName, error: err as Error });
      response = { ...base, Status: 'FAILED', Reason: `seed failed: ${(err as Error).message}`.slice(0, 1000) };
    }
    await deps.send(event.ResponseURL, response);
  };
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${Math.round(ms / 1000)} s`)), Math.max(ms, 0));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

let documentClient: DynamoDBDocumentClient | undefined;
const client = (): DynamoDBDocumentClient => (documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({})));

/** The case files are copied beside the bundle's entry (see lib/constructs/seed-resource.ts). */
const BUNDLED_CASES = join(dirname(fileURLToPath(import.meta.url)), 'cases');

export const handler = createSeedHandler({
  loadCases: () => loadCaseFiles(BUNDLED_CASES),
  seed: (tableName, cases) => seedTable({ client: client(), tableName, cases }),
  send: sendResponse,
  logger: new Logger({ serviceName: 'casewatch-seeder' }),
});
