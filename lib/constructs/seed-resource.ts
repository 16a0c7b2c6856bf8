/**
 * Seeds the table on deploy: a custom resource runs the same `seedTable` as `casewatch seed`.
 * The case files travel inside the function's bundle; their digest is a property of the
 * resource, so changed seed data updates the resource and the (idempotent) seeder runs again.
 */
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { caseFilesDigest, type CaseFile } from '../config.ts';
import { CasewatchFunction, shellQuote } from './casewatch-function.ts';
import type { CaseTable } from './case-table.ts';

/** Folder of the case files inside the seed function's bundle (the handler reads it). */
export const BUNDLED_CASES_DIR = 'cases';

export interface SeedResourceProps {
  readonly table: CaseTable;
  readonly caseFiles: readonly CaseFile[];
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** The seed function and the `Custom::CaseSeed` resource that invokes it. */
export class SeedResource extends Construct {
  readonly fn: CasewatchFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: SeedResourceProps) {
    super(scope, id);
    const files = props.caseFiles;

    this.fn = new CasewatchFunction(this, 'Seeder', {
      entry: 'lambdas/seed-resource/handler.ts',
      description: 'casewatch seeder: writes the case files into the table on deploy',
      memorySize: 256,
      timeout: Duration.minutes(5),
      logRemovalPolicy: props.logRemovalPolicy,
      afterBundling: (outputDir) => [
        `mkdir -p ${shellQuote(`${outputDir}/${BUNDLED_CASES_DIR}`)}`,
        ...files.map((f) => `cp ${shellQuote(f.path)} ${shellQuote(`${outputDir}/${BUNDLED_CASES_DIR}/${f.name}`)}`),
      ],
    });
    props.table.grantReadWriteTo(this.fn);

    this.resource = new CustomResource(this, 'Seed', {
      serviceToken: this.fn.function.functionArn,
      resourceType: 'Custom::CaseSeed',
      properties: {
        TableName: props.table.table.tableName,
        CaseIds: files.map((f) => f.record.caseId).join(','),
        CaseDigest: caseFilesDigest(files),
      },
    });
  }
}

