/**
 * casewatch on AWS: the case table (seeded on deploy), the alert and ops topics, the poller on
 * an EventBridge Scheduler schedule, and the alarms. Everything is configured by `CasewatchConfig`.
 */
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CasewatchConfig } from './config.ts';
import { PollerAlarms } from './constructs/alarms.ts';
import { AlertTopics } from './constructs/alert-topics.ts';
import { CaseTable } from './constructs/case-table.ts';
import { PollerFunction } from './constructs/poller-function.ts';
import { PollerSchedule } from './constructs/poller-schedule.ts';
import { SeedResource } from './constructs/seed-resource.ts';

export interface CasewatchStackProps extends StackProps {
  readonly config: CasewatchConfig;
}

export class CasewatchStack extends Stack {
  readonly table: CaseTable;
  readonly topics: AlertTopics;
  readonly poller: PollerFunction;

  constructor(scope: Construct, id: string, props: CasewatchStackProps) {
    super(scope, id, props);
    const { config } = props;
    const logRemovalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new CaseTable(this, 'Cases', { retainData: config.retainData });

    this.topics = new AlertTopics(this, 'Topics', {
      alertEmails: config.alertEmails,
      alertPhones: config.alertPhones,
      emailFilter: config.alertFilter.email,
      smsFilter: config.alertFilter.sms,
      opsEmails: config.opsEmails,
      retainKey: config.retainData,
    });

    const seed = new SeedResource(this, 'Seed', { table: this.table, caseFiles: config.caseFiles, logRemovalPolicy });

    this.poller = new PollerFunction(this, 'Poller', {
      feeds: config.feeds,
      caseIds: config.caseFiles.map((f) => f.record.caseId),
      pollRate: config.pollRate,
      logRemovalPolicy,
    });
    this.table.grantReadWriteTo(this.poller.fn);
    this.topics.grantPublishTo(this.poller.fn);

    const schedule = new PollerSchedule(this, 'Schedule', { poller: this.poller.fn, pollRate: config.pollRate });
    // The first cycle must find the case record in the table, so the schedule starts after seeding.
    schedule.node.addDependency(seed);

    new PollerAlarms(this, 'Alarms', {
      poller: this.poller.fn,
      deadLetterQueue: this.poller.deadLetterQueue,
      opsTopic: this.topics.opsTopic,
      pollRate: config.pollRate,
    });

    new CfnOutput(this, 'TableName', { value: this.table.table.tableName, description: 'The case table (casewatch query, aws dynamodb)' });
    new CfnOutput(this, 'AlertTopicArn', { value: this.topics.alertTopic.topicArn, description: 'Alerts: subscribe more people here' });
    new CfnOutput(this, 'OpsTopicArn', { value: this.topics.opsTopic.topicArn, description: 'Alarms: subscribe the operators here' });
    new CfnOutput(this, 'PollerFunctionName', { value: this.poller.fn.function.functionName, description: 'The poller (aws lambda invoke to run a cycle now)' });
  }
}
