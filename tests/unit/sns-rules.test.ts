import { describe, expect, it } from 'vitest';
import { buildPublishInput, checkSnsRules } from '../../lambdas/adapters/sns-alert-publisher.ts';
import type { Alert } from '../../lambdas/ports.ts';

const alert: Alert = {
  subject: '[AMIA] Ali Akbar Velayati: travel to Azerbaijan (AZ)',
  email: 'full text',
  sms: 'short line',
  attributes: { caseId: 'amia-1994', accused: 'velayati', eventType: 'travel', country: 'AZ' },
};
const valid = buildPublishInput(alert, 'arn:aws:sns:us-east-1:123456789012:casewatch-alerts');

describe('checkSnsRules', () => {
  it('accepts the input built for a well-formed alert', () => {
    expect(checkSnsRules(valid)).toEqual([]);
  });

  it.each([
    ['a subject of 100 characters', { Subject: 'x'.repeat(100) }, 'Subject has 100 characters (SNS allows at most 99)'],
    ['a subject with a line break', { Subject: 'one\ntwo' }, 'Subject holds a line break'],
    ['a subject with a non-ASCII letter', { Subject: 'Velayati en Bakú' }, 'Subject holds a character that is not printable ASCII'],
    ['an empty subject', { Subject: '' }, 'Subject is empty'],
    ['JSON structure without default', { Message: JSON.stringify({ email: 'e', sms: 's' }) }, "MessageStructure is 'json' but Message has no 'default' text"],
    ['JSON structure with invalid JSON', { Message: '{not json' }, "MessageStructure is 'json' but Message is not valid JSON"],
    ['JSON structure with a non-string value', { Message: JSON.stringify({ default: 'd', sms: 3 }) }, "Message key 'sms' is not a string"],
    ['an empty attribute value', { MessageAttributes: { country: { DataType: 'String', StringValue: '' } } }, "message attribute 'country' has an empty value"],
    ['an attribute name reserved by AWS', { MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } }, "message attribute name 'AWS.x' is not allowed"],
    ['a message over 256 KB', { Message: JSON.stringify({ default: 'x'.repeat(262_144) }) }, 'bytes (SNS allows 262144)'],
  ])('refuses %s', (_name, change, problem) => {
    const problems = checkSnsRules({ ...valid, ...change });
    expect(problems.join('; ')).toContain(problem);
  });

  it('refuses more than ten message attributes', () => {
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]));
    expect(checkSnsRules({ ...valid, MessageAttributes: many })).toContain('11 message attributes (SNS allows 10)');
  });
});
