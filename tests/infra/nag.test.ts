import { Validations } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { build } from './synth.ts';

const CONTEXT = { alertEmails: 'ops@example.org', alertPhones: '+15555550100', pollRate: '10' };

/** Every acknowledgement in the tree: construct path, rule id and reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason: String(reason) }))),
  );
}

describe('cdk-nag (AwsSolutions pack)', () => {
  it('finds nothing unacknowledged in the stack', () => {
    const { app, stack } = build(CONTEXT, { nag: false });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    expect(report.success).toBe(true);
    expect(app.node.findAll().length).toBeGreaterThan(20);
  });

  it('runs inside synth, so the app synthesizes cleanly with it registered', () => {
    const { app } = build(CONTEXT);
    expect(() => app.synth()).not.toThrow();
  });

  it('fails synth on a finding nobody acknowledged', () => {
    const { app, stack } = build(CONTEXT);
    new sns.Topic(stack, 'UnencryptedTopic');
    expect(() => app.synth()).toThrow(/Casewatch\/UnencryptedTopic[\s\S]*AwsSolutions-SNS3/);
  });

  it('is acknowledged only for the reviewed findings, each with a reason', () => {
    const { app } = build(CONTEXT);
    const acks = acknowledgements(app);
    const listed = acks.map((a) => `${a.path} ${a.id}`).sort();
    expect(listed).toHaveLength(4);
    expect(listed.filter((l) => !l.includes('SchedulerRoleForTarget'))).toEqual([
      'Casewatch/Poller/DeadLetterQueue AwsSolutions-SQS3',
      'Casewatch/Poller/Poller/Role AwsSolutions-IAM5[Resource::*]',
      'Casewatch/Seed/Seeder/Role AwsSolutions-IAM5[Resource::*]',
    ]);
    expect(listed.find((l) => l.includes('SchedulerRoleForTarget'))).toMatch(
      /^Casewatch\/SchedulerRoleForTarget-\w+ AwsSolutions-IAM5\[Resource::<PollerFunction\w+\.Arn>:\*\]$/,
    );
    for (const a of acks) expect(a.reason.length, a.id).toBeGreaterThan(60);
  });
});
