import { describe, expect, it } from 'vitest';
import { synth } from './synth.ts';

const deletionPolicies = (template: ReturnType<typeof synth>['template'], type: string) =>
  Object.values(template.findResources(type)).map((r) => r.DeletionPolicy);

describe('retainData', () => {
  it('keeps the table, key and logs, and protects the table, by default', () => {
    const { template } = synth();
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', Properties: { DeletionProtectionEnabled: true } });
    expect(deletionPolicies(template, 'AWS::KMS::Key')).toEqual(['Retain']);
    expect(deletionPolicies(template, 'AWS::Logs::LogGroup')).toEqual(['Retain', 'Retain']);
  });

  it('lets a stack deletion remove everything when retainData=false', () => {
    const { template } = synth({ retainData: 'false' });
    const table = Object.values(template.findResources('AWS::DynamoDB::Table'))[0]!;
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    expect(deletionPolicies(template, 'AWS::KMS::Key')).toEqual(['Delete']);
    expect(deletionPolicies(template, 'AWS::Logs::LogGroup')).toEqual(['Delete', 'Delete']);
  });
});

describe('pollRate', () => {
  it('sets the schedule, the async event age and the cycle alarms period together', () => {
    const { template } = synth({ pollRate: '120' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(2 hours)' });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumEventAgeInSeconds: 7200 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CycleDurationMs', Period: 7200, EvaluationPeriods: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FeedsFailingOverADay', Period: 7200 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Period: 7200 });
  });
});
