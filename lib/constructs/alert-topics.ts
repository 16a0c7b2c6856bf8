/**
 * The alert topic (subscribers: email and SMS from context, each with its filter policy) and the
 * ops topic (alarms), both encrypted with one customer-managed key and refusing plain HTTP.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { FilterPolicy } from '../config.ts';
import type { CasewatchFunction } from './casewatch-function.ts';

export interface AlertTopicsProps {
  /** Email addresses that receive alerts. @default - none */
  readonly alertEmails?: readonly string[];
  /** E.164 phone numbers that receive alerts by SMS. @default - none */
  readonly alertPhones?: readonly string[];
  /** Filter policy of the email subscriptions. @default - every alert */
  readonly emailFilter?: FilterPolicy;
  /** Filter policy of the SMS subscriptions. @default - every alert */
  readonly smsFilter?: FilterPolicy;
  /** Email addresses that receive ops alarms. @default - none */
  readonly opsEmails?: readonly string[];
  /** Keep the key when the stack goes away (alerts already sent stay decryptable in logs). @default true */
  readonly retainKey?: boolean;
}

/** Both topics and their key. */
export class AlertTopics extends Construct {
  readonly key: kms.Key;
  readonly alertTopic: sns.Topic;
  readonly opsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlertTopicsProps = {}) {
    super(scope, id);
    const account = Stack.of(this).account;

    // A customer-managed key, because CloudWatch cannot publish to a topic under aws/sns.
    this.key = new kms.Key(this, 'TopicKey', {
      description: 'casewatch: encrypts the alert and ops topics',
      enableKeyRotation: true,
      removalPolicy: props.retainKey === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    this.alertTopic = new sns.Topic(this, 'AlertTopic', {
      displayName: 'casewatch',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'casewatch ops',
      masterKey: this.key,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces the default one: allow our alarms explicitly.
    this.opsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': account } },
      }),
    );

    for (const email of props.alertEmails ?? []) {
      this.alertTopic.addSubscription(new subs.EmailSubscription(email, { filterPolicy: toFilterPolicy(props.emailFilter) }));
    }
    for (const phone of props.alertPhones ?? []) {
      this.alertTopic.addSubscription(new subs.SmsSubscription(phone, { filterPolicy: toFilterPolicy(props.smsFilter) }));
    }
    for (const email of props.opsEmails ?? []) {
      this.opsTopic.addSubscription(new subs.EmailSubscription(email));
    }
  }

  /**
   * Lets a function publish alerts and tells it the topic's ARN. The KMS actions are named, not
   * `kms:GenerateDataKey*` as `grantPublish` would write, so no granted action is a wildcard.
   */
  grantPublishTo(fn: CasewatchFunction, envName = 'TOPIC_ARN'): void {
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [this.alertTopic.topicArn] }),
    );
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.key.keyArn] }),
    );
    fn.addEnvironment(envName, this.alertTopic.topicArn);
  }
}

function toFilterPolicy(policy: FilterPolicy | undefined): Record<string, sns.SubscriptionFilter> | undefined {
  if (!policy) return undefined;
  return Object.fromEntries(Object.entries(policy).map(([attr, conditions]) => [attr, new sns.SubscriptionFilter([...conditions])]));
}
