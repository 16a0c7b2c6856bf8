/**
 * CloudFormation custom-resource protocol: the request event, and the response PUT to the
 * pre-signed S3 URL CloudFormation waits on.
 */
import { z } from 'zod';

export const CustomResourceEventSchema = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResponseURL: z.url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
  ResourceProperties: z.record(z.string(), z.unknown()),
});
export type CustomResourceEvent = z.infer<typeof CustomResourceEventSchema>;

export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string | number>;
}

/** The response could not be delivered: CloudFormation will wait until its own timeout. */
export class CfnResponseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CfnResponseError';
  }
}

/** PUTs the response to CloudFormation's pre-signed URL. */
export async function sendResponse(url: string, response: CustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  let res: Response;
  try {
    // The URL is signed without a content type: sending one would break the signature.
    res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': '' }, signal: AbortSignal.timeout(20_000) });
  } catch (err) {
    throw new CfnResponseError(`cannot send the custom resource response: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok) throw new CfnResponseError(`custom resource response rejected: HTTP ${res.status}`);
}
