// S3 bucket policies (REST-XML) and SQS queue attributes (awsJson1_0) in root sessions, limited
// to what the S3UnlockBucketPolicy / SQSUnlockQueuePolicy task policies allow.
import { FakeAccount } from "./model";
import { FakeAwsError, FakeResponse, jsonResponse } from "./protocol";
import type { HandlerContext } from "./context";

const S3_ACTIONS = ["ListAllMyBuckets", "GetBucketPolicy", "DeleteBucketPolicy", "PutBucketPolicy"];
const SQS_ACTIONS = ["ListQueues", "GetQueueUrl", "GetQueueAttributes", "SetQueueAttributes"];

function sessionAccount(ctx: HandlerContext, service: "s3" | "sqs", action: string): FakeAccount {
  const session = ctx.caller.rootSession;
  const allowed =
    service === "s3"
      ? session?.taskPolicy === "S3UnlockBucketPolicy" && S3_ACTIONS.includes(action)
      : session?.taskPolicy === "SQSUnlockQueuePolicy" && SQS_ACTIONS.includes(action);
  if (!allowed) {
    throw new FakeAwsError(
      service === "s3" ? "AccessDenied" : "AccessDeniedException",
      `User: ${ctx.caller.arn} is not authorized to perform: ${service}:${action} because no session policy allows the ${service}:${action} action`,
      403,
    );
  }
  return ctx.org.accounts.get(session!.accountId) as FakeAccount;
}

/** GET/PUT/DELETE /<bucket>?policy (path-style). */
export function handleS3(ctx: HandlerContext, method: string, url: URL, body: string): FakeResponse {
  const bucket = decodeURIComponent(url.pathname.split("/")[1] ?? "");
  if (!url.searchParams.has("policy"))
    throw new FakeAwsError("NotImplemented", `The local AWS fake serves only bucket policies (${method} ${url.pathname}${url.search})`, 501);
  const action = { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" }[method];
  if (!action) throw new FakeAwsError("MethodNotAllowed", `${method} is not allowed on a bucket policy`, 405);
  const account = sessionAccount(ctx, "s3", action);
  if (!account.buckets.has(bucket)) throw new FakeAwsError("NoSuchBucket", "The specified bucket does not exist", 404);
  const bucketRegion = account.bucketRegions.get(bucket) ?? "us-east-1";
  if (bucketRegion !== ctx.region) {
    // As S3 does: the bucket is in another region; the header says which.
    throw new FakeAwsError("PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", 301, "Sender", {
      "x-amz-bucket-region": bucketRegion,
    });
  }
  const policy = account.buckets.get(bucket);
  if (action === "GetBucketPolicy") {
    if (policy === undefined) throw new FakeAwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
    return { status: 200, headers: { "content-type": "application/json" }, body: policy };
  }
  if (action === "PutBucketPolicy") {
    try {
      JSON.parse(body);
    } catch {
      throw new FakeAwsError("MalformedPolicy", "Policies must be valid JSON", 400);
    }
    account.buckets.set(bucket, body);
    return { status: 204, headers: {}, body: "" };
  }
  account.buckets.set(bucket, undefined);
  return { status: 204, headers: {}, body: "" };
}

/** AmazonSQS.GetQueueAttributes / SetQueueAttributes. */
export function handleSqs(ctx: HandlerContext, action: string, input: Record<string, any>): FakeResponse {
  const contentType = "application/x-amz-json-1.0";
  if (action !== "GetQueueAttributes" && action !== "SetQueueAttributes")
    throw new FakeAwsError("UnsupportedOperation", `The local AWS fake does not implement sqs:${action}`);
  const account = sessionAccount(ctx, "sqs", action);
  const queueUrl = String(input.QueueUrl ?? "");
  if (!account.queues.has(queueUrl)) throw new FakeAwsError("QueueDoesNotExist", "The specified queue does not exist.");
  if (action === "GetQueueAttributes") {
    const stale = account.staleQueuePolicies?.get(queueUrl);
    const policy = stale && stale.until > Date.now() ? stale.value : account.queues.get(queueUrl);
    return jsonResponse({ Attributes: policy === undefined ? {} : { Policy: policy } }, contentType);
  }
  const policy = input.Attributes?.Policy;
  if (typeof policy !== "string") throw new FakeAwsError("InvalidAttributeName", "Only the Policy attribute is supported by the fake.");
  if (ctx.options.sqsPropagationMs) {
    account.staleQueuePolicies ??= new Map();
    account.staleQueuePolicies.set(queueUrl, { value: account.queues.get(queueUrl), until: Date.now() + ctx.options.sqsPropagationMs });
  }
  account.queues.set(queueUrl, policy === "" ? undefined : policy);
  return jsonResponse({}, contentType);
}
