import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AlertPublishError, SnsAlertPublisher, SnsMessageRuleError } from '../../lambdas/adapters/sns-alert-publisher.ts';
import type { Alert } from '../../lambdas/ports.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts';
const snsMock = mockClient(SNSClient);
const alert: Alert = {
  subject: '[AMIA] Ali Akbar Velayati: arrest requested from Azerbaijan (AZ)',
  email: 'Ali Akbar Velayati: arrest requested from Azerbaijan (AZ)\n...',
  sms: 'AMIA: Velayati arrest requested from Azerbaijan (AZ), 2019-11-08. https://news.example/a',
  attributes: { caseId: 'amia-1994', accused: 'velayati', eventType: 'arrest_request', country: 'AZ' },
};

describe('SnsAlertPublisher', () => {
  beforeEach(() => {
    snsMock.reset();
  });

  it('publishes one JSON-structured message with default, email and sms texts and four String attributes', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const out = await new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC).publish(alert);
    expect(out).toEqual({ messageId: 'm-1' });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC,
      Subject: alert.subject,
      Message: JSON.stringify({ default: alert.email, email: alert.email, sms: alert.sms }),
      MessageStructure: 'json',
      MessageAttributes: {
        caseId: { DataType: 'String', StringValue: 'amia-1994' },
        accused: { DataType: 'String', StringValue: 'velayati' },
        eventType: { DataType: 'String', StringValue: 'arrest_request' },
        country: { DataType: 'String', StringValue: 'AZ' },
      },
    });
  });

  it('refuses a message SNS would reject without calling SNS', async () => {
    const publisher = new SnsAlertPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC);
    await expect(publisher.publish({ ...alert, subject: 'Velayati en Bakú' })).rejects.toBeInstanceOf(SnsMessageRuleError);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('turns a failed publish into an AlertPublishError that keeps the SDK error', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
    snsMock.on(PublishCommand).rejects(throttled);
    const publisher = new SnsAlertPublisher(new SNSClient({ region: 'us-east-1', maxAttempts: 1 }), TOPIC);
    const err = await publisher.publish(alert).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlertPublishError);
    expect((err as AlertPublishError).message).toContain('Rate exceeded');
    expect((err as AlertPublishError).cause).toBe(throttled);
  });
});
