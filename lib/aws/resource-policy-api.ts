// Bucket and queue policies, read and changed inside S3UnlockBucketPolicy / SQSUnlockQueuePolicy sessions.
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { call, callOrAbsent } from "./aws-error";

/** The bucket's policy, or undefined when it has none. */
export async function getBucketPolicy(s3: S3Client, bucket: string): Promise<string | undefined> {
  const out = await callOrAbsent("s3:GetBucketPolicy", ["NoSuchBucketPolicy"], undefined, () => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })));
  return out?.Policy;
}

export async function deleteBucketPolicy(s3: S3Client, bucket: string): Promise<void> {
  await call("s3:DeleteBucketPolicy", () => s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })));
}

export async function putBucketPolicy(s3: S3Client, bucket: string, policy: string): Promise<void> {
  await call("s3:PutBucketPolicy", () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })));
}

/** The queue's policy, or undefined when it has none. */
export async function getQueuePolicy(sqs: SQSClient, queueUrl: string): Promise<string | undefined> {
  const out = await call("sqs:GetQueueAttributes", () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["Policy"] })));
  return out.Attributes?.Policy || undefined;
}

/** Sets the queue's policy; an empty string removes it. */
export async function setQueuePolicy(sqs: SQSClient, queueUrl: string, policy: string): Promise<void> {
  await call("sqs:SetQueueAttributes", () => sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: policy } })));
}

/** The region in an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), if any. */
export function queueUrlRegion(queueUrl: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(queueUrl)?.[1];
}
