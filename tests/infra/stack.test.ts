import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../lambdas/adapters/table-definition.ts';
import { TTL_ATTRIBUTE } from '../../lambdas/domain/keys.ts';
import { caseFilesDigest, readCaseFiles } from '../../lib/config.ts';
import { repoRoot, synth, TEST_FEEDS } from './synth.ts';

type Resources = Record<string, { Type: string; Properties?: any; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

const CONTEXT = {
  alertEmails: 'ops@example.org,lawyer@example.org',
  alertPhones: '+15555550100',
  opsEmails: 'oncall@example.org',
  alertFilter: '{"sms": {"eventType": ["arrest_request", "detention"]}, "email": {"country": [{"anything-but": ["IR"]}]}}',
  pollRate: '10',
};

let template: Template;
let resources: Resources;

/** Logical id of the only resource of a type whose properties match. */
function logicalId(type: string, props: object = {}): string {
  const found = Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found, `${type} matching ${JSON.stringify(props)}`).toHaveLength(1);
  return found[0]!;
}

const pollerId = () => logicalId('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1 });
const seederId = () => logicalId('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('seeder') });
const tableId = () => logicalId('AWS::DynamoDB::Table');
const alertTopicId = () => logicalId('AWS::SNS::Topic', { DisplayName: 'casewatch' });
const opsTopicId = () => logicalId('AWS::SNS::Topic', { DisplayName: 'casewatch ops' });
const keyId = () => logicalId('AWS::KMS::Key');
const queueId = () => logicalId('AWS::SQS::Queue');

/** Statements of the policy attached to the role a function runs as. */
function policyOfFunction(fnId: string): any[] {
  const roleId = resources[fnId]!.Properties.Role['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: any[]): string[] => statements.flatMap((s) => [s.Action].flat()).sort();

/** Every statement of every policy document anywhere in the template (IAM, key, topic, queue). */
function allStatements(node: unknown, out: any[] = []): any[] {
  if (Array.isArray(node)) node.forEach((n) => allStatements(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.Statement)) out.push(...o.Statement);
    Object.values(o).forEach((v) => allStatements(v, out));
  }
  return out;
}

beforeAll(() => {
  template = synth(CONTEXT).template;
  resources = template.toJSON().Resources;
});

describe('the poller function', () => {
  it('runs on arm64 with the newest Node.js runtime this aws-cdk-lib offers', () => {
    const newest = Object.values(lambda.Runtime)
      .filter((r): r is lambda.Runtime => r instanceof lambda.Runtime && /^nodejs\d+\.x$/.test(r.name))
      .map((r) => r.name)
      .sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]))
      .at(-1);
    template.allResourcesProperties('AWS::Lambda::Function', { Runtime: newest, Architectures: ['arm64'] });
    template.resourceCountIs('AWS::Lambda::Function', 2);
  });

  it('has reserved concurrency 1, the benchmark-sized memory and timeout, and active tracing', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 1,
      MemorySize: 1024,
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
    });
  });

  it('sends failed asynchronous invocations to an encrypted, TLS-only dead-letter queue', () => {
    expect(resources[pollerId()]!.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('gets the table, topic, cases, feeds and Powertools settings through its environment', () => {
    const env = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 1, Environment: { Variables: env } });
    const vars = env.asObject();
    expect(Object.keys(vars).sort()).toEqual(
      ['CASE_IDS', 'FEEDS_JSON', 'NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_SERVICE_NAME', 'TABLE_NAME', 'TOPIC_ARN'].sort(),
    );
    expect(vars.TABLE_NAME).toEqual({ Ref: tableId() });
    expect(vars.TOPIC_ARN).toEqual({ Ref: alertTopicId() });
    expect(JSON.parse(vars.FEEDS_JSON)).toEqual(TEST_FEEDS);
    const caseIds = readCaseFiles(join(repoRoot, 'seed')).map((f) => f.record.caseId);
    expect(vars.CASE_IDS.split(',')).toEqual(caseIds);
    expect(vars).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'casewatch-poller', POWERTOOLS_METRICS_NAMESPACE: 'casewatch', NODE_OPTIONS: '--enable-source-maps' });
  });

  it('keeps its logs in a log group with a retention', () => {
    expect(resources[pollerId()]!.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/^PollerLogs/) });
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('the schedule', () => {
  it('invokes the poller at rate(<pollRate> minutes) through a role of its own', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: { 'Fn::GetAtt': [pollerId(), 'Arn'] }, RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulerRole'), 'Arn'] } },
    });
  });

  it('starts only after the table is seeded, so the first cycle finds the case record', () => {
    const scheduleId = logicalId('AWS::Scheduler::Schedule');
    expect(template.toJSON().Resources[scheduleId].DependsOn).toContain(logicalId('Custom::CaseSeed'));
  });

  it('lets its role invoke the poller and do nothing else', () => {
    const schedule = Object.values(resources).find((r) => r.Type === 'AWS::Scheduler::Schedule')!;
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    expect(resources[roleId]!.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    expect(actionsOf(statements)).toEqual(['lambda:InvokeFunction']);
    expect(JSON.stringify(statements)).not.toContain(seederId());
  });
});

describe('permissions', () => {
  it('let the poller read and write the table and its indexes, publish alerts and use the topic key', () => {
    const statements = policyOfFunction(pollerId());
    const dynamo = statements.find((s) => [s.Action].flat().includes('dynamodb:PutItem'));
    expect(dynamo.Resource).toEqual([
      { 'Fn::GetAtt': [tableId(), 'Arn'] },
      ...['byAccused', 'byAlertStatus', 'byCountry', 'byType'].map((name) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId(), 'Arn'] }, `/index/${name}`]] })),
    ]);
    expect([dynamo.Action].flat()).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchGetItem']));
    expect(statements).toContainEqual({ Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: alertTopicId() } });
    expect(statements).toContainEqual({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId(), 'Arn'] } });
  });

  it('give the poller nothing beyond its table, topic, key, logs, traces and dead-letter queue', () => {
    const services = new Set(actionsOf(policyOfFunction(pollerId())).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'logs', 'sns', 'sqs', 'xray']);
    expect(actionsOf(policyOfFunction(pollerId())).filter((a) => a.startsWith('sqs:'))).toEqual(['sqs:SendMessage']);
  });

  it('give the seeder the table only: no publish, no key', () => {
    const services = new Set(actionsOf(policyOfFunction(seederId())).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'xray']);
  });

  it('allow no wildcard action anywhere, except the account root administering the KMS key', () => {
    const allows = allStatements(resources).filter((s) => s.Effect === 'Allow');
    const wildcard = allows.filter((s) => [s.Action].flat().some((a: string) => a.includes('*')));
    expect(wildcard).toEqual([
      {
        Action: 'kms:*',
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } },
        Resource: '*',
      },
    ]);
    expect(allows.length).toBeGreaterThan(10);
  });

  it('attach no AWS managed policy to any role', () => {
    for (const r of Object.values(resources).filter((x) => x.Type === 'AWS::IAM::Role')) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });
});

describe('the alert and ops topics', () => {
  it('are encrypted with a rotating customer-managed key and refuse plain HTTP', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId(), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    for (const topic of [alertTopicId(), opsTopicId()]) {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('let CloudWatch alarms of this account publish to the encrypted ops topic', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })]) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: opsTopicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } } }),
        ]),
      },
    });
  });

  it('subscribe each alert email and phone from context with its kind filter policy', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 4);
    for (const email of ['ops@example.org', 'lawyer@example.org']) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: alertTopicId() },
        FilterPolicy: { country: [{ 'anything-but': ['IR'] }] },
      });
    }
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+15555550100',
      TopicArn: { Ref: alertTopicId() },
      FilterPolicy: { eventType: ['arrest_request', 'detention'] },
    });
  });

  it('subscribe the ops emails to the ops topic only, without a filter', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org', TopicArn: { Ref: opsTopicId() }, FilterPolicy: Match.absent() });
  });
});

describe('the case table', () => {
  it('is on-demand, with point-in-time recovery, encryption and TTL on expiresAt', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('declares the same keys and indexes as the local table definition', () => {
    const cdk = resources[tableId()]!.Properties;
    const local = tableDefinition('casewatch');
    const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) => a.AttributeName!.localeCompare(b.AttributeName!);
    expect([...cdk.AttributeDefinitions].sort(byName)).toEqual([...local.AttributeDefinitions!].sort(byName));
    expect(cdk.KeySchema).toEqual(local.KeySchema);
    const gsis = (list: any[]) => list.map((g) => ({ IndexName: g.IndexName, KeySchema: g.KeySchema, Projection: g.Projection })).sort((a, b) => a.IndexName.localeCompare(b.IndexName));
    expect(gsis(cdk.GlobalSecondaryIndexes)).toEqual(gsis(local.GlobalSecondaryIndexes!));
    expect(cdk.GlobalSecondaryIndexes).toHaveLength(4);
  });

  it('is protected from deletion and retained by default', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
  });
});

describe('seeding on deploy', () => {
  it('runs the seeder as a custom resource whose properties change with the case files', () => {
    const files = readCaseFiles(join(repoRoot, 'seed'));
    template.resourceCountIs('Custom::CaseSeed', 1);
    template.hasResourceProperties('Custom::CaseSeed', {
      ServiceToken: { 'Fn::GetAtt': [seederId(), 'Arn'] },
      TableName: { Ref: tableId() },
      CaseIds: files.map((f) => f.record.caseId).join(','),
      CaseDigest: caseFilesDigest(files),
    });
  });

  it('computes a different digest when one byte of a case file changes', () => {
    const [file] = readCaseFiles(join(repoRoot, 'seed'));
    const changed = { ...file!, text: file!.text.replace('"title"', '"title" ') };
    expect(caseFilesDigest([changed])).not.toBe(caseFilesDigest([file!]));
    expect(caseFilesDigest([{ ...file! }])).toBe(caseFilesDigest([file!]));
  });

  it('gives the seeder the table name through the grant', () => {
    expect(resources[seederId()]!.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: tableId() });
  });
});

describe('alarms', () => {
  const alarm = (metricName: string) => {
    const found = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }));
    expect(found, metricName).toHaveLength(1);
    return found[0]!.Properties;
  };

  it('are five, each notifying the ops topic on alarm and on recovery', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: opsTopicId() }], OKActions: [{ Ref: opsTopicId() }] });
  });

  it('fire on any poller error within a poll interval', () => {
    expect(alarm('Errors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: pollerId() } }],
      Statistic: 'Sum',
      Period: 600,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it('fire as soon as a message waits in the dead-letter queue', () => {
    expect(alarm('ApproximateNumberOfMessagesVisible')).toMatchObject({
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(), 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  const pollerDims = [{ Name: 'service', Value: 'casewatch-poller' }];

  it('fire when a feed has been failing for more than a day', () => {
    expect(alarm('FeedsFailingOverADay')).toMatchObject({ Namespace: 'casewatch', Dimensions: pollerDims, Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Period: 3600 });
  });

  it('fire when an alert ends a cycle in failed', () => {
    expect(alarm('AlertsFailed')).toMatchObject({ Namespace: 'casewatch', Dimensions: pollerDims, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('fire when no cycle completed for 3 intervals, counting silence as failure', () => {
    expect(alarm('CycleDurationMs')).toMatchObject({
      Namespace: 'casewatch',
      Dimensions: pollerDims,
      Statistic: 'SampleCount',
      Period: 600,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('outputs', () => {
  it('name the table, both topics and the poller function', () => {
    const outputs = template.toJSON().Outputs;
    expect(outputs.TableName.Value).toEqual({ Ref: tableId() });
    expect(outputs.AlertTopicArn.Value).toEqual({ Ref: alertTopicId() });
    expect(outputs.OpsTopicArn.Value).toEqual({ Ref: opsTopicId() });
    expect(outputs.PollerFunctionName.Value).toEqual({ Ref: pollerId() });
  });
});

describe('cdk.json', () => {
  it('runs the app without npx and with notices and telemetry off', () => {
    const cdkJson = JSON.parse(readFileSync(join(repoRoot, 'cdk.json'), 'utf8'));
    expect(cdkJson.app).toBe('node --import tsx bin/app.ts');
    expect(cdkJson.notices).toBe(false);
    expect(cdkJson.context['cli-telemetry']).toBe(false);
  });
});
