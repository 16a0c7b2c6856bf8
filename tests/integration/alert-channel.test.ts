import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAlertChannel } from '../../bin/local/alert-channel.ts';
import { SnsMessageRuleError } from '../../lambdas/adapters/sns-alert-publisher.ts';
import type { Alert } from '../../lambdas/ports.ts';

const alert: Alert = {
  subject: '[AMIA] Ali Akbar Velayati: travel to Azerbaijan (AZ)',
  email: 'Alí Akbar Velayati: travel to Azerbaijan (AZ)\n\nfull text',
  sms: 'AMIA: Velayati travel to Azerbaijan (AZ), 2019-11-14. https://news.example/a',
  attributes: { caseId: 'amia-1994', accused: 'velayati', eventType: 'travel', country: 'AZ' },
};

describe('the embedded SNS alert channel', () => {
  it('publishes through the SNS protocol and appends each delivered message to the outbox as its Publish input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-outbox-'));
    const outbox = join(dir, 'outbox.jsonl');
    const channel = await openAlertChannel(outbox);
    try {
      expect(channel.embedded).toBe(true);
      await channel.publisher.publish(alert);
      await channel.publisher.publish({ ...alert, attributes: { ...alert.attributes, eventType: 'arrest_request' } });
      const delivered = await channel.collectDelivered();
      expect(delivered).toHaveLength(2);
      expect(await channel.collectDelivered()).toEqual([]);

      const lines = (await readFile(outbox, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({
        TopicArn: channel.topicArn,
        Subject: alert.subject,
        MessageStructure: 'json',
        MessageAttributes: {
          caseId: { DataType: 'String', StringValue: 'amia-1994' },
          accused: { DataType: 'String', StringValue: 'velayati' },
          eventType: { DataType: 'String', StringValue: 'travel' },
          country: { DataType: 'String', StringValue: 'AZ' },
        },
      });
      expect(JSON.parse(lines[0].Message)).toEqual({ default: alert.email, email: alert.email, sms: alert.sms });
      expect(lines[1].MessageAttributes.eventType.StringValue).toBe('arrest_request');
    } finally {
      await channel.close();
    }
  });

  it('refuses a subject the emulator would accept but SNS would not', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'casewatch-outbox-'));
    const channel = await openAlertChannel(join(dir, 'outbox.jsonl'));
    try {
      await expect(channel.publisher.publish({ ...alert, subject: 'Velayati llega a Bakú' })).rejects.toBeInstanceOf(SnsMessageRuleError);
      expect(await channel.collectDelivered()).toEqual([]);
    } finally {
      await channel.close();
    }
  });
});
