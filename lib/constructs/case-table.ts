/**
 * The single `casewatch` table: keys and indexes come from `lambdas/domain/keys.ts`, the same
 * module `lambdas/adapters/table-definition.ts` builds the local table from.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { INDEX, TTL_ATTRIBUTE } from '../../lambdas/domain/keys.ts';
import type { CasewatchFunction } from './casewatch-function.ts';

/** Every index of the data model, in the order `table-definition.ts` lists them. */
export const TABLE_INDEXES = [INDEX.byAccused, INDEX.byType, INDEX.byCountry, INDEX.byAlertStatus] as const;

/** Item reads and writes (TransactWriteItems is authorised by PutItem/UpdateItem/ConditionCheckItem). */
export const TABLE_DATA_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
  'dynamodb:BatchWriteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
];

export interface CaseTableProps {
  /**
   * Keep the table (deletion protection, RETAIN) when the stack or resource goes away.
   * @default true
   */
  readonly retainData?: boolean;
}

/** On-demand, point-in-time recovery, encrypted with the AWS-managed key, TTL on `expiresAt`. */
export class CaseTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: CaseTableProps = {}) {
    super(scope, id);
    const retain = props.retainData ?? true;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Lets a function read and write items in the table and its indexes, and tells it the table's
   * name. Like `grantReadWriteData` minus the stream actions, and each index named instead of
   * `index/*`, so neither actions nor resources hold a wildcard.
   */
  grantReadWriteTo(fn: CasewatchFunction, envName = 'TABLE_NAME'): void {
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: TABLE_DATA_ACTIONS,
        resources: [this.table.tableArn, ...TABLE_INDEXES.map((i) => `${this.table.tableArn}/index/${i.name}`)],
      }),
    );
    fn.addEnvironment(envName, this.table.tableName);
  }
}
