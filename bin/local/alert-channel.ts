/**
 * Where local runs publish alerts: the embedded SNS endpoint (fauxqs) by default, or a real SNS
 * (LocalStack, an AWS account) when the environment names one. Either way each published message
 * is appended to `.casewatch/outbox.jsonl` as its Publish input, one JSON object per line.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { SnsAlertPublisher, buildPublishInput } from '../../lambdas/adapters/sns-alert-publisher.ts';
import type { Alert, AlertPublisher } from '../../lambdas/ports.ts';
import { EMULATOR_CLIENT_CONFIG, clientConfigFromEnv } from './embedded.ts';

export const TOPIC_NAME = 'casewatch-alerts';

/** One line of the outbox: the message as it was published. */
export interface OutboxEntry {
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageStructure?: string;
  readonly MessageAttributes: Record<string, { DataType: string; StringValue: string }>;
  readonly MessageId?: string;
}

export interface AlertChannel {
  readonly publisher: AlertPublisher;
  readonly topicArn: string;
  /** True when alerts go to the in-process SNS endpoint. */
  readonly embedded: boolean;
  /** Messages published since the last call, read back from the subscription and appended to the outbox. */
  collectDelivered(): Promise<OutboxEntry[]>;
  close(): Promise<void>;
}

/** Whether the environment names a real SNS (endpoint variable or an explicit topic). */
export function configuredSns(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_SNS || env.AWS_ENDPOINT_URL || env.CASEWATCH_TOPIC_ARN);
}

/** Opens the alert channel for a local run. */
export async function openAlertChannel(outboxPath: string): Promise<AlertChannel> {
  await mkdir(dirname(outboxPath), { recursive: true });
  return configuredSns() ? openConfiguredSns(outboxPath) : openEmbeddedSns(outboxPath);
}

async function appendOutbox(outboxPath: string, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await appendFile(outboxPath, entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
}

async function openEmbeddedSns(outboxPath: string): Promise<AlertChannel> {
  const server = await startFauxqs({ port: 0, logger: false });
  const config = { ...EMULATOR_CLIENT_CONFIG, endpoint: server.address };
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: TOPIC_NAME }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'casewatch-outbox' }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn! }));

  return {
    publisher: new SnsAlertPublisher(sns, TopicArn!),
    topicArn: TopicArn!,
    embedded: true,
    async collectDelivered() {
      const entries: OutboxEntry[] = [];
      for (;;) {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
        if (Messages.length === 0) break;
        entries.push(...Messages.map((m) => notificationToEntry(JSON.parse(m.Body!))));
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      }
      await appendOutbox(outboxPath, entries);
      return entries;
    },
    async close() {
      sns.destroy();
      sqs.destroy();
      await server.stop();
    },
  };
}

/** SNS wraps each delivery to SQS in a notification envelope; this recovers the Publish input. */
function notificationToEntry(n: {
  TopicArn: string;
  Subject?: string;
  Message: string;
  MessageId?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}): OutboxEntry {
  return {
    TopicArn: n.TopicArn,
    Subject: n.Subject,
    Message: n.Message,
    MessageStructure: isJsonStructure(n.Message) ? 'json' : undefined,
    MessageAttributes: Object.fromEntries(Object.entries(n.MessageAttributes ?? {}).map(([k, v]) => [k, { DataType: v.Type, StringValue: v.Value }])),
    MessageId: n.MessageId,
  };
}

function isJsonStructure(message: string): boolean {
  try {
    const parsed = JSON.parse(message);
    return typeof parsed === 'object' && parsed !== null && typeof parsed.default === 'string';
  } catch {
    return false;
  }
}

async function openConfiguredSns(outboxPath: string): Promise<AlertChannel> {
  const sns = new SNSClient(clientConfigFromEnv());
  const topicArn = process.env.CASEWATCH_TOPIC_ARN || (await sns.send(new CreateTopicCommand({ Name: TOPIC_NAME }))).TopicArn!;
  const inner = new SnsAlertPublisher(sns, topicArn);
  let published: OutboxEntry[] = [];
  // A real topic cannot be read back, so the outbox records what was accepted for publishing.
  const publisher: AlertPublisher = {
    async publish(alert: Alert) {
      const out = await inner.publish(alert);
      const input = buildPublishInput(alert, topicArn);
      published.push({
        TopicArn: topicArn,
        Subject: input.Subject,
        Message: input.Message!,
        MessageStructure: input.MessageStructure,
        MessageAttributes: input.MessageAttributes as OutboxEntry['MessageAttributes'],
        MessageId: out.messageId,
      });
      return out;
    },
  };
  return {
    publisher,
    topicArn,
    embedded: false,
    async collectDelivered() {
      const entries = published;
      published = [];
      await appendOutbox(outboxPath, entries);
      return entries;
    },
    async close() {
      sns.destroy();
    },
  };
}
