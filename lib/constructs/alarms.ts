/**
 * Alarms to the ops topic: the poller fails, its dead-letter queue fills, a feed has failed for
 * more than a day, an alert could not be delivered, or no cycle has completed for 3 intervals.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CasewatchFunction } from './casewatch-function.ts';
import { METRICS_NAMESPACE, POLLER_SERVICE_NAME } from './poller-function.ts';

/**
 * Metric names the poller emits (EMF, namespace `casewatch`, dimension `service`). The alarms
 * read `CycleDurationMs` (once per completed cycle), `AlertsFailed` (alerts that ended a cycle in
 * `failed`) and `FeedsFailingOverADay` (feeds whose failures began more than 24 h ago).
 */
export const POLLER_METRICS = {
  cycleDuration: 'CycleDurationMs',
  alertsFailed: 'AlertsFailed',
  feedsFailingOverADay: 'FeedsFailingOverADay',
} as const;

export interface PollerAlarmsProps {
  readonly poller: CasewatchFunction;
  readonly deadLetterQueue: sqs.IQueue;
  readonly opsTopic: sns.ITopic;
  /** Minutes between cycles: the period of the cycle alarms. */
  readonly pollRate: number;
}

/** One alarm per failure the ops team must hear about, each notifying the ops topic. */
export class PollerAlarms extends Construct {
  readonly pollerErrors: cloudwatch.Alarm;
  readonly deadLetters: cloudwatch.Alarm;
  readonly feedsFailing: cloudwatch.Alarm;
  readonly alertsFailed: cloudwatch.Alarm;
  readonly noSuccessfulCycle: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: PollerAlarmsProps) {
    super(scope, id);
    const interval = Duration.minutes(props.pollRate);
    const pollerMetric = (metricName: string, statistic: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: POLLER_SERVICE_NAME },
        statistic,
        period,
      });

    this.pollerErrors = new cloudwatch.Alarm(this, 'PollerErrors', {
      alarmDescription: 'casewatch: the poller function failed (Lambda Errors >= 1); see its log group.',
      metric: props.poller.function.metricErrors({ period: interval, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.deadLetters = new cloudwatch.Alarm(this, 'DeadLetters', {
      alarmDescription: 'casewatch: a poll cycle failed after all retries and its event is in the dead-letter queue.',
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.feedsFailing = new cloudwatch.Alarm(this, 'FeedsFailingOverADay', {
      alarmDescription: 'casewatch: at least one feed has failed every fetch for more than a day (casewatch status lists which).',
      metric: pollerMetric(POLLER_METRICS.feedsFailingOverADay, 'Maximum', Duration.minutes(Math.max(props.pollRate, 60))),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // Missing data means no cycle ran; the no-successful-cycle alarm reports that.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.alertsFailed = new cloudwatch.Alarm(this, 'AlertsFailed', {
      alarmDescription: 'casewatch: an alert could not be published and is in status failed.',
      metric: pollerMetric(POLLER_METRICS.alertsFailed, 'Maximum', interval),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.noSuccessfulCycle = new cloudwatch.Alarm(this, 'NoSuccessfulCycle', {
      alarmDescription: 'casewatch: no poll cycle has completed for 3 intervals (schedule, function or permissions broken).',
      metric: pollerMetric(POLLER_METRICS.cycleDuration, 'SampleCount', interval),
      threshold: 1,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      // No data at all is exactly the failure this alarm exists for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    const notify = new actions.SnsAction(props.opsTopic);
    for (const alarm of [this.pollerErrors, this.deadLetters, this.feedsFailing, this.alertsFailed, this.noSuccessfulCycle]) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }
}
