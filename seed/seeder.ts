/**
 * Writes case records into the table, idempotently: used by `casewatch seed`, by first-run
 * seeding of the embedded database and by the CDK custom resource.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseRecord } from '../lambdas/domain/types.ts';

export interface SeedOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly cases: readonly CaseRecord[];
  /** Seed only events dated before this day (YYYY-MM-DD). */
  readonly asOf?: string;
}

export interface SeedReport {
  readonly accusedWritten: number;
  readonly eventsWritten: number;
  readonly unchanged: number;
}

/** Seeds the table; a second run with the same data writes nothing. */
export async function seedTable(_options: SeedOptions): Promise<SeedReport> {
  throw new Error('seedTable: not implemented yet');
}
