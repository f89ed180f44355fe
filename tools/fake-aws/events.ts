// Where AssumeRoot events go, as AWS routes them: CloudTrail records the call in the caller's
// account and in the region of the STS endpoint used; EventBridge sees it there only when a trail
// logs management events for that region; rules on that account's default bus in that region
// deliver matching events to their targets: an SNS topic (whose policy must let the rule publish)
// or another account's default bus (whose policy must let this account put events).
import { randomUUID } from "node:crypto";
import { FakeOrganization, FakeRule } from "./model";
import { FakeAwsError } from "./protocol";
import type { Caller, HandlerContext } from "./context";

/** Emits the CloudTrail event of an AssumeRoot call (also a refused one, with its error code). */
export function routeAssumeRootEvent(org: FakeOrganization, caller: Caller | undefined, region: string, params: URLSearchParams, error?: FakeAwsError): void {
  if (!caller || caller.rootSession) return;
  const logged = org.trails.some((t) => t.account === caller.accountId && t.logging && t.managementEvents && (t.multiRegion || t.homeRegion === region));
  if (!logged) return;
  const event = {
    version: "0",
    id: randomUUID(),
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.sts",
    account: caller.accountId,
    time: new Date().toISOString(),
    region,
    resources: [],
    detail: {
      eventVersion: "1.09",
      userIdentity: { type: caller.roleName ? "AssumedRole" : "IAMUser", arn: caller.arn, accountId: caller.accountId },
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRoot",
      awsRegion: region,
      requestParameters: {
        targetPrincipal: params.get("TargetPrincipal"),
        taskPolicyArn: { arn: params.get("TaskPolicyArn.arn") },
        durationSeconds: Number(params.get("DurationSeconds") ?? 900),
      },
      ...(error ? { errorCode: error.code, errorMessage: error.message } : {}),
      eventType: "AwsApiCall",
      managementEvent: true,
      recipientAccountId: caller.accountId,
    },
  };
  putOnBus(org, caller.accountId, region, event, 0);
}

function putOnBus(org: FakeOrganization, account: string, region: string, event: Record<string, any>, depth: number): void {
  org.busEvents.push({ account, region, event });
  if (depth > 3) return;
  for (const rule of org.eventRules.values()) {
    if (rule.account !== account || rule.region !== region || rule.state !== "ENABLED" || !matches(JSON.parse(rule.eventPattern || "{}"), event)) continue;
    for (const targetArn of rule.targets.values()) deliver(org, rule, targetArn, event, depth);
  }
}

function deliver(org: FakeOrganization, rule: FakeRule, targetArn: string, event: Record<string, any>, depth: number): void {
  const bus = /^arn:aws[\w-]*:events:([a-z0-9-]+):(\d{12}):event-bus\/default$/.exec(targetArn);
  if (bus) {
    const [, busRegion, busAccount] = bus;
    if (busAccount !== rule.account && !busAllows(org.busPolicies.get(`${busAccount}/${busRegion}`), rule.account)) return;
    putOnBus(org, busAccount, busRegion, event, depth + 1);
    return;
  }
  const topic = org.topics.get(targetArn);
  if (!topic || !topicAllows(topic.attributes.get("Policy"), rule.arn)) return;
  org.deliveries.push({ topicArn: targetArn, ruleArn: rule.arn, event });
}

/** A bus policy statement allowing events:PutEvents to this account (by account ID or its root ARN). */
function busAllows(policy: string | undefined, account: string): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement].flat();
  return statements.some((s: any) => {
    const principals = [typeof s.Principal === "string" ? s.Principal : s.Principal?.AWS].flat();
    const actions = [s.Action].flat();
    return (
      s.Effect === "Allow" &&
      actions.some((a: string) => a === "events:PutEvents" || a === "events:*") &&
      principals.some((p: string) => p === account || p === `arn:aws:iam::${account}:root` || p === "*")
    );
  });
}

/** A topic policy statement letting EventBridge publish, for this rule (aws:SourceArn) or any. */
function topicAllows(policy: string | undefined, ruleArn: string): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement].flat();
  return statements.some((s: any) => {
    const services = [s.Principal?.Service].flat();
    const actions = [s.Action].flat().map((a: string) => a.toLowerCase());
    const source = s.Condition?.ArnEquals?.["aws:SourceArn"] ?? s.Condition?.ArnLike?.["aws:SourceArn"];
    return (
      s.Effect === "Allow" &&
      services.includes("events.amazonaws.com") &&
      actions.some((a: string) => a === "sns:publish" || a === "sns:*") &&
      (source === undefined || [source].flat().includes(ruleArn))
    );
  });
}

/** EventBridge pattern matching, the subset our patterns use: arrays of values, nested objects. */
export function matches(pattern: Record<string, unknown>, event: Record<string, any>): boolean {
  return Object.entries(pattern).every(([key, want]) => {
    const value = event?.[key];
    if (Array.isArray(want)) return [value].flat().some((v) => want.includes(v));
    if (want && typeof want === "object") return matches(want as Record<string, unknown>, value ?? {});
    return value === want;
  });
}

/** The caller's trail named by name or ARN, as GetTrailStatus and GetEventSelectors take it. */
function callerTrail(ctx: HandlerContext, nameOrArn: unknown) {
  const name = String(nameOrArn ?? "")
    .split("/")
    .pop();
  const trail = ctx.org.trails.find((t) => t.account === ctx.caller.accountId && t.name === name);
  if (!trail) throw new FakeAwsError("TrailNotFoundException", `Unknown trail: ${String(nameOrArn)} for the user: ${ctx.caller.accountId}`);
  return trail;
}

/** CloudTrail (awsJson1_1) for `check`: the trails that apply to the caller's account in this region. */
export const cloudtrailHandlers: Record<string, (ctx: HandlerContext, input: Record<string, any>) => unknown> = {
  DescribeTrails: (ctx) => ({
    trailList: ctx.org.trails
      .filter((t) => t.account === ctx.caller.accountId && (t.multiRegion || t.homeRegion === ctx.region))
      .map((t) => ({
        Name: t.name,
        TrailARN: `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}`,
        HomeRegion: t.homeRegion,
        IsMultiRegionTrail: t.multiRegion,
        S3BucketName: `${t.name}-logs`,
        IncludeGlobalServiceEvents: true,
        IsOrganizationTrail: false,
        HasCustomEventSelectors: !t.managementEvents,
      })),
  }),
  GetTrailStatus: (ctx, input) => ({ IsLogging: callerTrail(ctx, input.Name).logging }),
  GetEventSelectors: (ctx, input) => {
    const trail = callerTrail(ctx, input.TrailName);
    return {
      TrailARN: `arn:aws:cloudtrail:${trail.homeRegion}:${trail.account}:trail/${trail.name}`,
      EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: trail.managementEvents, DataResources: [] }],
    };
  },
};
