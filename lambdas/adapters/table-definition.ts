/**
 * The `casewatch` table's schema for CreateTable (embedded DynamoDB, LocalStack, tests). The CDK
 * stack declares the same keys and indexes from `keys.ts`; a test pins that the two agree.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { INDEX } from '../domain/keys.ts';

const GSIS = [INDEX.byAccused, INDEX.byType, INDEX.byCountry, INDEX.byAlertStatus];

/** CreateTable input for the table, on-demand billing. */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      ...GSIS.flatMap((g) => [
        { AttributeName: g.pk, AttributeType: 'S' as const },
        { AttributeName: g.sk, AttributeType: 'S' as const },
      ]),
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: GSIS.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.pk, KeyType: 'HASH' as const },
        { AttributeName: g.sk, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
