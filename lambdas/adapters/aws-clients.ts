/**
 * The one place AWS clients are built. The SDK's own configuration chain applies (region,
 * credentials, retries and `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SNS`),
 * so a local run or a test points them elsewhere through the environment, never through code.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient, type SNSClientConfig } from '@aws-sdk/client-sns';

/** Options shared by both factories; endpoints deliberately absent (use `AWS_ENDPOINT_URL*`). */
export type ClientOptions = Pick<DynamoDBClientConfig & SNSClientConfig, 'region' | 'credentials' | 'maxAttempts'>;

/** A DynamoDB document client: undefined attributes dropped, so optional fields need no care. */
export function createDocumentClient(options: ClientOptions = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ ...options }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** An SNS client. */
export function createSnsClient(options: ClientOptions = {}): SNSClient {
  return new SNSClient({ ...options });
}
