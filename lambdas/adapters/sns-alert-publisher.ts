/**
 * Publishes alerts to an SNS topic. Emulators accept messages that real SNS rejects (a long or
 * non-ASCII Subject, a JSON message without `default`), so SNS's own rules are checked here,
 * before the call, and a breach is an error rather than a silent difference between local and AWS.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, AlertPublisher } from '../ports.ts';

/** A message that SNS would reject; `problems` lists every rule it breaks. */
export class SnsMessageRuleError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`SNS would reject this message: ${problems.join('; ')}`);
    this.name = 'SnsMessageRuleError';
  }
}

/** Publishing failed at SNS (throttled, denied, unreachable); keeps the SDK error as `cause`. */
export class AlertPublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlertPublishError';
  }
}

/** SNS's limit on a whole message (body plus attributes), in bytes. */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_ATTRIBUTES = 10;

/** The exact Publish input for an alert: JSON message structure with default, email and sms. */
export function buildPublishInput(alert: Alert, topicArn: string): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    Message: JSON.stringify({ default: alert.email, email: alert.email, sms: alert.sms }),
    MessageStructure: 'json',
    MessageAttributes: Object.fromEntries(
      Object.entries(alert.attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
    ),
  };
}

/** Every SNS rule the input breaks (empty when SNS would accept it). */
export function checkSnsRules(input: PublishCommandInput): string[] {
  const problems: string[] = [];
  const subject = input.Subject;
  if (subject !== undefined) {
    if (subject.length === 0) problems.push('Subject is empty');
    if (subject.length >= 100) problems.push(`Subject has ${subject.length} characters (SNS allows at most 99)`);
    if (/[\r\n]/.test(subject)) problems.push('Subject holds a line break');
    else if (/[^\x20-\x7e]/.test(subject)) problems.push('Subject holds a character that is not printable ASCII');
    if (/^\s/.test(subject)) problems.push('Subject starts with white space');
  }
  const message = input.Message ?? '';
  if (message.length === 0) problems.push('Message is empty');
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== 'json') problems.push(`MessageStructure must be 'json', not '${input.MessageStructure}'`);
    else problems.push(...checkJsonStructure(message));
  }
  const attributes = Object.entries(input.MessageAttributes ?? {});
  if (attributes.length > MAX_ATTRIBUTES) problems.push(`${attributes.length} message attributes (SNS allows ${MAX_ATTRIBUTES})`);
  let attributeBytes = 0;
  for (const [name, value] of attributes) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || /^(aws\.|amazon\.)/i.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
      problems.push(`message attribute name '${name}' is not allowed`);
    }
    if (!value.DataType) problems.push(`message attribute '${name}' has no DataType`);
    if (value.DataType === 'String' && !value.StringValue) problems.push(`message attribute '${name}' has an empty value`);
    attributeBytes += byteLength(name) + byteLength(value.DataType ?? '') + byteLength(value.StringValue ?? '');
  }
  const total = byteLength(message) + attributeBytes;
  if (total > MAX_MESSAGE_BYTES) problems.push(`message is ${total} bytes (SNS allows ${MAX_MESSAGE_BYTES})`);
  return problems;
}

function checkJsonStructure(message: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return ["MessageStructure is 'json' but Message is not valid JSON"];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ["MessageStructure is 'json' but Message is not a JSON object"];
  const problems: string[] = [];
  const record = parsed as Record<string, unknown>;
  if (typeof record.default !== 'string' || record.default.length === 0) problems.push("MessageStructure is 'json' but Message has no 'default' text");
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string') problems.push(`Message key '${key}' is not a string`);
  }
  return problems;
}

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** AlertPublisher on SNS: one Publish per alert, with filterable message attributes. */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly sns: SNSClient,
    private readonly topicArn: string,
  ) {}

  async publish(alert: Alert): Promise<{ messageId: string }> {
    const input = buildPublishInput(alert, this.topicArn);
    const problems = checkSnsRules(input);
    if (problems.length > 0) throw new SnsMessageRuleError(problems);
    try {
      const out = await this.sns.send(new PublishCommand(input));
      return { messageId: out.MessageId ?? '' };
    } catch (err) {
      throw new AlertPublishError(`publish to ${this.topicArn} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
