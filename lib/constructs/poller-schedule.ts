/** EventBridge Scheduler invokes the poller every `pollRate` minutes, with a role of its own. */
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { CasewatchFunction } from './casewatch-function.ts';

export interface PollerScheduleProps {
  readonly poller: CasewatchFunction;
  /** Minutes between invocations, 1..1440. */
  readonly pollRate: number;
}

/** The schedule. Its role (made by the Lambda target) may invoke this one function only. */
export class PollerSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: PollerScheduleProps) {
    super(scope, id);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `casewatch: one poll cycle every ${props.pollRate} minute(s)`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(props.pollRate)),
      target: new targets.LambdaInvoke(props.poller.function, {
        // A delivery that fails for a whole interval is superseded by the next one.
        maxEventAge: Duration.minutes(Math.min(Math.max(props.pollRate, 1), 1440)),
        retryAttempts: 3,
      }),
    });

    // The target's role is a child of the stack, named after the function's ARN.
    const stack = Stack.of(this);
    const fnLogicalId = stack.getLogicalId(props.poller.function.node.defaultChild as CfnElement);
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('SchedulerRoleForTarget-')) continue;
      Validations.of(child).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
        reason:
          'Written by grantInvoke of the scheduler Lambda target: lambda:InvokeFunction on this one function and its versions/aliases (ARN:*); no other function, no wildcard action.',
      });
    }
  }
}
