// AWS STS (awsQuery) operations of the fake, including AssumeRoot's rules.
import { randomBytes } from "node:crypto";
import { FEATURES, MAX_ROOT_SESSION_SECONDS, TASK_POLICIES, TaskPolicy } from "../../lib/aws-constants";
import { FakeAwsError, FakeResponse, queryResponse } from "./protocol";
import type { HandlerContext } from "./context";

export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
let sessionCounter = 0;

const handlers: Record<string, (ctx: HandlerContext, params: URLSearchParams) => Record<string, unknown> | undefined> = {
  GetCallerIdentity: ({ caller }) => ({ UserId: caller.accessKeyId, Account: caller.accountId, Arn: caller.arn }),
  AssumeRole: (ctx, params) => {
    const roleArn = params.get("RoleArn") ?? "";
    const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    if (!match) throw new FakeAwsError("ValidationError", `${roleArn} is not a role ARN`);
    if (!ctx.org.accounts.has(match[1])) throw new FakeAwsError("AccessDenied", `Not authorized to perform sts:AssumeRole on ${roleArn}`, 403);
    sessionCounter += 1;
    const accessKeyId = `ASIAFAKEROLE${sessionCounter.toString().padStart(8, "0")}`;
    const sessionName = params.get("RoleSessionName") ?? "session";
    const arn = `arn:aws:sts::${match[1]}:assumed-role/${match[2].split("/").pop()}/${sessionName}`;
    ctx.org.roleSessions.set(accessKeyId, { accountId: match[1], arn, roleName: match[2].split("/").pop() ?? "" });
    const expiresAt = Date.now() + Number(params.get("DurationSeconds") ?? 3600) * 1000;
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(20).toString("base64"),
        SessionToken: `FakeRoleSessionToken${randomBytes(24).toString("base64")}`,
        Expiration: new Date(expiresAt).toISOString(),
      },
      AssumedRoleUser: { AssumedRoleId: `AROAFAKE:${sessionName}`, Arn: arn },
    };
  },
  AssumeRoot: (ctx, params) => {
    const { org, caller } = ctx;
    const target = params.get("TargetPrincipal") ?? "";
    const taskPolicyArn = params.get("TaskPolicyArn.arn") ?? "";
    const duration = Number(params.get("DurationSeconds") ?? MAX_ROOT_SESSION_SECONDS);
    org.assumeRootCalls.push({ target, taskPolicyArn, durationSeconds: duration, caller: caller.accountId, region: ctx.region });
    if (caller.rootSession) throw new FakeAwsError("AccessDenied", "Root users cannot call AssumeRoot.", 403);
    if (caller.accountId !== org.managementAccountId && !org.isDelegatedAdministrator(caller.accountId, "iam.amazonaws.com")) {
      throw new FakeAwsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot`, 403);
    }
    if (!org.iamFeatures.has(FEATURES[1]))
      throw new FakeAwsError("AccessDenied", "Centralized root sessions (RootSessions) are not enabled for this organization.", 403);
    if (duration > MAX_ROOT_SESSION_SECONDS || duration < 1) {
      throw new FakeAwsError(
        "ValidationError",
        `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 900`,
      );
    }
    const policy = /^arn:aws:iam::aws:policy\/root-task\/(.+)$/.exec(taskPolicyArn)?.[1];
    if (!policy || !(TASK_POLICIES as readonly string[]).includes(policy))
      throw new FakeAwsError("ValidationError", `The task policy ARN ${taskPolicyArn} is not valid.`);
    const accountId = /^\d{12}$/.test(target) ? target : /^arn:aws:iam::(\d{12}):root$/.exec(target)?.[1];
    const account = accountId ? org.accounts.get(accountId) : undefined;
    if (!account) throw new FakeAwsError("AccessDenied", `The target principal ${target} is not a member account of this organization.`, 403);
    if (account.id === org.managementAccountId) throw new FakeAwsError("AccessDenied", "The management account cannot be the target of AssumeRoot.", 403);
    if (account.state !== "ACTIVE") throw new FakeAwsError("AccessDenied", `The target account ${account.id} is ${account.state}.`, 403);
    sessionCounter += 1;
    const accessKeyId = `ASIAFAKEROOT${sessionCounter.toString().padStart(8, "0")}`;
    const expiresAt = Date.now() + (ctx.options.rootSessionLifetimeMs ?? duration * 1000);
    org.rootSessions.set(accessKeyId, { accountId: account.id, taskPolicy: policy as TaskPolicy, expiresAt });
    return {
      Credentials: {
        AccessKeyId: accessKeyId,
        SecretAccessKey: randomBytes(20).toString("base64"),
        SessionToken: `FakeRootSessionToken${randomBytes(24).toString("base64")}`,
        Expiration: new Date(expiresAt).toISOString(),
      },
      SourceIdentity: undefined,
    };
  },
};

export function handleSts(ctx: HandlerContext, action: string, params: URLSearchParams): FakeResponse {
  const handler = handlers[action];
  if (!handler) throw new FakeAwsError("InvalidAction", `The local AWS fake does not implement sts:${action}`);
  return queryResponse(action, STS_NAMESPACE, handler(ctx, params));
}
