/**
 * The one place casewatch's Lambda defaults live: arm64, the newest Node.js runtime this
 * aws-cdk-lib offers, esbuild bundling on the local machine (no Docker), minified ESM with source
 * maps, a log group with retention, X-Ray tracing, and a role that may write only its own logs.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: entries, the lock file and esbuild resolve from here. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Newest Node.js runtime of the installed aws-cdk-lib; a test fails when a newer one appears. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

// ESM output needs `require` for the CommonJS dependencies esbuild inlines (rss-parser, sax, entities).
const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export interface CasewatchFunctionProps {
  /** Handler file, relative to the repository root (`lambdas/poller/handler.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** @default - none */
  readonly environment?: Record<string, string>;
  /** @default - unreserved */
  readonly reservedConcurrentExecutions?: number;
  /** Queue for events of failed asynchronous invocations. @default - none */
  readonly deadLetterQueue?: sqs.IQueue;
  /** Retries of a failed asynchronous invocation. @default 2 (Lambda's default) */
  readonly retryAttempts?: number;
  /** Drop an asynchronous event older than this. @default 6 hours (Lambda's default) */
  readonly maxEventAge?: Duration;
  /** Shell commands run after esbuild, given the bundle's output folder. @default - none */
  readonly afterBundling?: (outputDir: string) => string[];
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Whether the log group survives stack deletion. @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** A NodejsFunction with casewatch's defaults and a least-privilege role of its own. */
export class CasewatchFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CasewatchFunctionProps) {
    super(scope, id);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to this log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const afterBundling = props.afterBundling;
    this.function = new NodejsFunction(this, 'Function', {
      entry: resolve(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      // Stack traces point into the TypeScript sources through the bundled source map.
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueueEnabled: props.deadLetterQueue ? true : undefined,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The SDK ships inside the bundle: the version the tests ran is the version that runs.
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        forceDockerBundling: false,
        commandHooks: afterBundling
          ? {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (_inputDir: string, outputDir: string) => afterBundling(outputDir),
            }
          : undefined,
      },
    });

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions (Resource must be *); no action is a wildcard.',
    });
  }

  /** Sets one environment variable; the grant helpers call this together with their grant. */
  addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }
}

/** Quotes a string for the POSIX shell that runs bundling hooks. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
