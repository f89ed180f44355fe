// A local AWS fake on 127.0.0.1 speaking the real wire protocols, so the real SDK (and the Terraform
// AWS provider) sign, retry and parse as they would against AWS. Latency, throttling and failures
// are injected per operation or per account.
import { createServer, IncomingMessage, Server } from "node:http";
import { AddressInfo } from "node:net";
import type { Caller, FakeAwsOptions, FailureRule, HandlerContext } from "./context";
import { FakeOrganization } from "./model";
import { FakeAwsError, FakeResponse, jsonError, jsonResponse, queryError, queryResponse, restXmlError } from "./protocol";
import { authorize } from "./authorizer";
import { cloudtrailHandlers, routeAssumeRootEvent } from "./events";
import { eventsHandlers, snsHandlers } from "./provider-services";
import { handleIam, IAM_NAMESPACE } from "./iam";
import { handleOrganizations } from "./organizations";
import { enforceOnRootSession, enforceRcpsOnAssumeRoot } from "./organization-policies";
import { handleS3, handleSqs } from "./resource-policies";
import { handleSts, STS_NAMESPACE } from "./sts";

const SNS_NAMESPACE = "http://sns.amazonaws.com/doc/2010-03-31/";

// The types the handlers share live in context.ts (handlers import them from there, never from
// this file, which imports the handlers); re-exported for existing imports.
export type { Caller, FailureRule, FakeAwsOptions, HandlerContext, UnansweredRule } from "./context";

/** Thrown by gate() for a request left unanswered; the server then writes nothing back. */
class LeaveUnanswered extends Error {}

/** A token bucket per operation: capacity one second of traffic, refilled continuously. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limits: Record<string, number>) {}

  allow(operation: string): boolean {
    const rate = this.limits[operation];
    if (!rate) return true;
    const now = performance.now();
    const bucket = this.buckets.get(operation) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(operation, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

const THROTTLE: Record<string, { code: string; status: number; message: string }> = {
  organizations: {
    code: "TooManyRequestsException",
    status: 400,
    message: "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
  },
  s3: { code: "SlowDown", status: 503, message: "Please reduce your request rate." },
  sqs: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  default: { code: "Throttling", status: 400, message: "Rate exceeded" },
};

export class FakeAws {
  private server?: Server;
  private readonly limiter: RateLimiter;
  private readonly failureCounts = new Map<FailureRule, number>();
  /** Calls per operation ("sts:AssumeRoot"), including throttled and failed ones. */
  readonly calls = new Map<string, number>();
  /** Calls answered with throttling, per operation. */
  readonly throttled = new Map<string, number>();
  /** Requests left unanswered (options.unanswered), as "service:Action account". */
  readonly unansweredRequests: string[] = [];
  private unansweredMatches = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** TCP connections accepted (clients that share a keep-alive pool open few). */
  connections = 0;
  url = "";

  constructor(
    readonly org: FakeOrganization,
    readonly options: FakeAwsOptions = {},
  ) {
    this.limiter = new RateLimiter(options.rateLimits ?? {});
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req).then(
        (out) => {
          res.writeHead(out.status, { ...out.headers, "content-length": Buffer.byteLength(out.body) });
          res.end(out.body);
        },
        (err) => {
          // Read, never answered: the connection stays open until the client gives up (or stop()).
          if (err instanceof LeaveUnanswered) return;
          res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(err?.stack ?? err));
        },
      );
    });
    this.server.on("connection", () => void (this.connections += 1));
    this.server.keepAliveTimeout = 60_000;
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** Environment for a process (the CLI, terraform) to reach this fake with dummy credentials. */
  env(accessKeyId = "AKIDFAKEMANAGEMENT"): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_ENDPOINT_URL_STS: this.url,
      AWS_ENDPOINT_URL_IAM: this.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: this.url,
      AWS_ENDPOINT_URL_S3: this.url,
      AWS_ENDPOINT_URL_SQS: this.url,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: "fake-secret",
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
  }

  callCount(operation: string): number {
    return this.calls.get(operation) ?? 0;
  }

  private async handle(req: IncomingMessage): Promise<FakeResponse> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      return this.route(req, body);
    } finally {
      this.inFlight -= 1;
    }
  }

  private async route(req: IncomingMessage, body: string): Promise<FakeResponse> {
    const auth = String(req.headers.authorization ?? "");
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(auth);
    const target = String(req.headers["x-amz-target"] ?? "");
    const service =
      scope?.[3] ??
      (target.startsWith("AWSOrganizations")
        ? "organizations"
        : target.startsWith("AWSEvents")
          ? "events"
          : target.includes("CloudTrail")
            ? "cloudtrail"
            : "unknown");
    const accessKeyId = scope?.[1] ?? "anonymous";
    const region = scope?.[2] ?? "us-east-1";
    const context = (caller: Caller): HandlerContext => ({ org: this.org, caller, options: this.options, region });

    if (service === "iam" || service === "sts" || service === "sns") {
      const params = new URLSearchParams(body);
      const action = params.get("Action") ?? "";
      const namespace = service === "iam" ? IAM_NAMESPACE : service === "sts" ? STS_NAMESPACE : SNS_NAMESPACE;
      try {
        const caller = this.caller(accessKeyId);
        this.gate(
          service,
          action,
          service === "sts" && action === "AssumeRoot" ? (params.get("TargetPrincipal") ?? undefined) : (caller.rootSession?.accountId ?? caller.accountId),
        );
        await this.authorize(caller, service, action, (key) => params.get(key) ?? undefined);
        const ctx = context(caller);
        if (service === "sns") {
          const handler = snsHandlers[action];
          if (!handler) throw new FakeAwsError("InvalidAction", `The local AWS fake does not implement sns:${action}`);
          return queryResponse(action, SNS_NAMESPACE, handler(ctx, params));
        }
        const response = service === "iam" ? handleIam(ctx, action, params) : handleSts(ctx, action, params);
        if (service === "sts" && action === "AssumeRoot") routeAssumeRootEvent(this.org, caller, region, params);
        return response;
      } catch (err) {
        if (service === "sts" && action === "AssumeRoot" && err instanceof FakeAwsError)
          routeAssumeRootEvent(this.org, this.callerOrUndefined(accessKeyId), region, params, err);
        return queryError(asFakeError(err), namespace);
      }
    }
    if (service === "organizations" || service === "events" || service === "cloudtrail") {
      const action = target.split(".").pop() ?? "";
      const contentType = "application/x-amz-json-1.1";
      try {
        const caller = this.caller(accessKeyId);
        this.gate(service, action, caller.accountId);
        const input = body ? JSON.parse(body) : {};
        await this.authorize(caller, service, action, (key) => input[key]);
        if (service === "organizations") return handleOrganizations(context(caller), action, input);
        const handler = (service === "events" ? eventsHandlers : cloudtrailHandlers)[action];
        if (!handler) throw new FakeAwsError("UnknownOperationException", `The local AWS fake does not implement ${service}:${action}`);
        return jsonResponse(handler(context(caller), input), contentType);
      } catch (err) {
        return jsonError(asFakeError(err), contentType);
      }
    }
    if (service === "s3") {
      const url = new URL(req.url ?? "/", "http://fake");
      try {
        const caller = this.caller(accessKeyId);
        const action = { GET: "GetBucketPolicy", PUT: "PutBucketPolicy", DELETE: "DeleteBucketPolicy" }[req.method ?? ""] ?? req.method ?? "";
        this.gate(service, action, caller.rootSession?.accountId ?? caller.accountId);
        const bucket = decodeURIComponent(url.pathname.split("/")[1] ?? "");
        await enforceOnRootSession(this.org, caller, { action: `s3:${action}`, resource: `arn:aws:s3:::${bucket}` }, region);
        return handleS3(context(caller), req.method ?? "GET", url, body);
      } catch (err) {
        const e = asFakeError(err);
        return { ...restXmlError(e), headers: { ...restXmlError(e).headers, ...(e.headers ?? {}) } };
      }
    }
    if (service === "sqs") {
      const action = target.split(".")[1] ?? "";
      try {
        const caller = this.caller(accessKeyId);
        this.gate(service, action, caller.rootSession?.accountId ?? caller.accountId);
        const input = body ? JSON.parse(body) : {};
        const [, queueAccount, queueName] = /\/(\d{12})\/([^/?]+)/.exec(String(input.QueueUrl ?? "")) ?? [];
        await enforceOnRootSession(this.org, caller, { action: `sqs:${action}`, resource: `arn:aws:sqs:${region}:${queueAccount}:${queueName}` }, region);
        return handleSqs(context(caller), action, input);
      } catch (err) {
        return jsonError(asFakeError(err), "application/x-amz-json-1.0");
      }
    }
    const err = new FakeAwsError(
      "UnknownOperationException",
      `The local AWS fake does not serve ${service} (${req.method} ${req.url}${target ? ` ${target}` : ""})`,
    );
    return service === "s3" ? restXmlError(err) : jsonError(err, "application/x-amz-json-1.1");
  }

  /**
   * What AWS checks before the operation: the caller's identity policies when it is an assumed role
   * of the fake, a role's trust policy on sts:AssumeRole. Root sessions are limited by their task
   * policy in the handlers; GetCallerIdentity needs no permission.
   */
  private async authorize(caller: Caller, service: string, action: string, get: (key: string) => string | undefined): Promise<void> {
    if (caller.rootSession && service === "iam") {
      // The account's SCPs judge every call of a root session (AWS's wording when they refuse).
      const account = caller.rootSession.accountId;
      const resource = action === "DeleteVirtualMFADevice" ? (get("SerialNumber") ?? `arn:aws:iam::${account}:mfa/`) : `arn:aws:iam::${account}:user/root`;
      return enforceOnRootSession(this.org, caller, { action: `iam:${action}`, resource }, "us-east-1");
    }
    if (caller.rootSession || (service === "sts" && action === "GetCallerIdentity")) return;
    const org = this.org;
    const base = { action: `${service}:${action}`, resource: "*", resourceAccount: caller.accountId };
    if (service === "sts" && action === "AssumeRoot") {
      const account = /\d{12}/.exec(get("TargetPrincipal") ?? "")?.[0] ?? "";
      await enforceRcpsOnAssumeRoot(org, caller, account, "us-east-1");
      return authorize(org, caller, { ...base, resource: `arn:aws:iam::${account}:root`, context: { "sts:TaskPolicyArn": get("TaskPolicyArn.arn") ?? "" } });
    }
    if (service === "sts" && action === "AssumeRole") {
      const roleArn = get("RoleArn") ?? "";
      const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
      const role = match ? org.rolesOf(match[1]).get(match[2]) : undefined;
      const mfa = get("SerialNumber") && get("TokenCode") ? "true" : "false";
      // A role the fake does not hold (e.g. the one terraform assumes) is trusted as before.
      return authorize(org, caller, {
        ...base,
        resource: roleArn,
        resourceAccount: match?.[1] ?? caller.accountId,
        resourcePolicy: role?.assumeRolePolicy,
        context: { "aws:MultiFactorAuthPresent": mfa },
      });
    }
    if (service === "organizations" && action === "DescribeAccount") {
      return authorize(org, caller, { ...base, resource: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${get("AccountId")}` });
    }
    return authorize(org, caller, base);
  }

  private callerOrUndefined(accessKeyId: string): Caller | undefined {
    try {
      return this.caller(accessKeyId);
    } catch {
      return undefined;
    }
  }

  /** Who signed the request: a root session, an explicit account (AKID<12 digits>...), else the management account. */
  private caller(accessKeyId: string): Caller {
    const session = this.org.rootSessions.get(accessKeyId);
    if (session) {
      if (session.expiresAt < Date.now()) throw new FakeAwsError("ExpiredToken", "The security token included in the request is expired", 403);
      return { accessKeyId, accountId: session.accountId, arn: `arn:aws:iam::${session.accountId}:root`, rootSession: session };
    }
    const role = this.org.roleSessions.get(accessKeyId);
    if (role) return { accessKeyId, accountId: role.accountId, arn: role.arn, roleName: role.roleName };
    if (accessKeyId.startsWith("ASIAFAKEROOT")) throw new FakeAwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
    const explicit = /^AKID(\d{12})/.exec(accessKeyId);
    const accountId = explicit?.[1] ?? this.org.managementAccountId;
    return { accessKeyId, accountId, arn: `arn:aws:iam::${accountId}:user/fake-operator` };
  }

  /** Counts the call, then throttles or fails it as configured. */
  private gate(service: string, action: string, accountId: string | undefined): void {
    const operation = `${service}:${action}`;
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    const stall = this.options.unanswered;
    if (stall && (!stall.operations || stall.operations.includes(operation)) && (!stall.accountIds || (accountId && stall.accountIds.includes(accountId)))) {
      const n = ++this.unansweredMatches;
      const fraction = stall.fraction ?? 1;
      if (Math.floor(n * fraction) > Math.floor((n - 1) * fraction)) {
        this.unansweredRequests.push(`${operation} ${accountId ?? "-"}`);
        throw new LeaveUnanswered();
      }
    }
    if (!this.limiter.allow(operation)) {
      this.throttled.set(operation, (this.throttled.get(operation) ?? 0) + 1);
      const t = THROTTLE[service] ?? THROTTLE.default;
      throw new FakeAwsError(t.code, t.message, t.status);
    }
    for (const rule of this.options.failures ?? []) {
      if (rule.operation !== "*" && rule.operation !== operation) continue;
      if (rule.accountId && rule.accountId !== accountId) continue;
      const n = (this.failureCounts.get(rule) ?? 0) + 1;
      this.failureCounts.set(rule, n);
      if (rule.times !== undefined && n > rule.times) continue;
      if (rule.every !== undefined && n % rule.every !== 0) continue;
      throw new FakeAwsError(rule.code, rule.message ?? `Injected failure for ${operation}`, rule.status ?? 400);
    }
  }
}

function asFakeError(err: unknown): FakeAwsError {
  if (err instanceof FakeAwsError) return err;
  if (err instanceof LeaveUnanswered) throw err;
  return new FakeAwsError("InternalFailure", `The local AWS fake failed: ${(err as Error)?.message ?? err}`, 500);
}
