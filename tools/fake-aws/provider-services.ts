// What the Terraform AWS provider calls for the guardrails: IAM roles and inline policies,
// Organizations policies and attachments, EventBridge rules and targets, SNS topics and
// subscriptions. Kept in the same in-memory model, so the CLI sees what terraform did.
import { FakePolicy, FakeRole } from "./model";
import { FakeAwsError, XmlMap } from "./protocol";
import type { HandlerContext } from "./context";

type QueryHandler = (ctx: HandlerContext, params: URLSearchParams) => Record<string, unknown> | undefined;
type JsonHandler = (ctx: HandlerContext, input: Record<string, any>) => unknown;

const DATE = "2026-01-01T00:00:00Z";
let counter = 0;
const nextId = (prefix: string, length = 16) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(length, "0")}`;

// ---------- IAM roles ----------
function role(ctx: HandlerContext, name: string | null): FakeRole {
  const r = ctx.org.rolesOf(ctx.caller.accountId).get(name ?? "");
  if (!r) throw new FakeAwsError("NoSuchEntity", `The role with name ${name} cannot be found.`, 404);
  return r;
}

function roleXml(r: FakeRole) {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: r.arn,
    CreateDate: DATE,
    AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicy),
    Description: r.description || undefined,
    MaxSessionDuration: r.maxSessionDuration,
    RoleLastUsed: {},
  };
}

export const iamRoleHandlers: Record<string, QueryHandler> = {
  CreateRole: (ctx, p) => {
    const roles = ctx.org.rolesOf(ctx.caller.accountId);
    const name = p.get("RoleName") ?? "";
    if (roles.has(name)) throw new FakeAwsError("EntityAlreadyExists", `Role with name ${name} already exists.`, 409);
    const path = p.get("Path") ?? "/";
    const r: FakeRole = {
      name,
      id: nextId("AROA"),
      arn: `arn:aws:iam::${ctx.caller.accountId}:role${path}${name}`,
      path,
      description: p.get("Description") ?? "",
      maxSessionDuration: Number(p.get("MaxSessionDuration") ?? 3600),
      assumeRolePolicy: p.get("AssumeRolePolicyDocument") ?? "",
      policies: new Map(),
    };
    roles.set(name, r);
    return { Role: roleXml(r) };
  },
  GetRole: (ctx, p) => ({ Role: roleXml(role(ctx, p.get("RoleName"))) }),
  DeleteRole: (ctx, p) => {
    const r = role(ctx, p.get("RoleName"));
    if (r.policies.size > 0) throw new FakeAwsError("DeleteConflict", "Cannot delete entity, must delete policies first.", 409);
    ctx.org.rolesOf(ctx.caller.accountId).delete(r.name);
    return undefined;
  },
  UpdateRole: (ctx, p) => {
    const r = role(ctx, p.get("RoleName"));
    if (p.has("Description")) r.description = p.get("Description") ?? "";
    if (p.has("MaxSessionDuration")) r.maxSessionDuration = Number(p.get("MaxSessionDuration"));
    return {};
  },
  UpdateRoleDescription: (ctx, p) => {
    const r = role(ctx, p.get("RoleName"));
    r.description = p.get("Description") ?? "";
    return { Role: roleXml(r) };
  },
  UpdateAssumeRolePolicy: (ctx, p) => {
    role(ctx, p.get("RoleName")).assumeRolePolicy = p.get("PolicyDocument") ?? "";
    return undefined;
  },
  ListRolePolicies: (ctx, p) => ({ PolicyNames: [...role(ctx, p.get("RoleName")).policies.keys()], IsTruncated: false }),
  ListAttachedRolePolicies: (ctx, p) => (role(ctx, p.get("RoleName")), { AttachedPolicies: [], IsTruncated: false }),
  ListInstanceProfilesForRole: (ctx, p) => (role(ctx, p.get("RoleName")), { InstanceProfiles: [], IsTruncated: false }),
  ListRoleTags: (ctx, p) => (role(ctx, p.get("RoleName")), { Tags: [], IsTruncated: false }),
  TagRole: () => undefined,
  UntagRole: () => undefined,
  PutRolePolicy: (ctx, p) => {
    role(ctx, p.get("RoleName")).policies.set(p.get("PolicyName") ?? "", p.get("PolicyDocument") ?? "");
    return undefined;
  },
  GetRolePolicy: (ctx, p) => {
    const r = role(ctx, p.get("RoleName"));
    const doc = r.policies.get(p.get("PolicyName") ?? "");
    if (doc === undefined) throw new FakeAwsError("NoSuchEntity", `The role policy with name ${p.get("PolicyName")} cannot be found.`, 404);
    return { RoleName: r.name, PolicyName: p.get("PolicyName"), PolicyDocument: encodeURIComponent(doc) };
  },
  DeleteRolePolicy: (ctx, p) => {
    if (!role(ctx, p.get("RoleName")).policies.delete(p.get("PolicyName") ?? ""))
      throw new FakeAwsError("NoSuchEntity", "The role policy cannot be found.", 404);
    return undefined;
  },
};

// ---------- Organizations policies ----------
function policy(ctx: HandlerContext, id: string): FakePolicy {
  const p = ctx.org.policies.get(id);
  if (!p) throw new FakeAwsError("PolicyNotFoundException", `We can't find a policy with the PolicyId ${id}.`);
  return p;
}

function policyJson(ctx: HandlerContext, p: FakePolicy) {
  return {
    Policy: {
      PolicySummary: {
        Id: p.id,
        Arn: `arn:aws:organizations::${ctx.org.managementAccountId}:policy/${ctx.org.id}/${p.type.toLowerCase()}/${p.id}`,
        Name: p.name,
        Description: p.description,
        Type: p.type,
        AwsManaged: false,
      },
      Content: p.content,
    },
  };
}

function targetType(id: string): string {
  return id.startsWith("r-") ? "ROOT" : id.startsWith("ou-") ? "ORGANIZATIONAL_UNIT" : "ACCOUNT";
}

export const organizationsPolicyHandlers: Record<string, JsonHandler> = {
  CreatePolicy: (ctx, i) => {
    const p: FakePolicy = {
      id: `p-${(++counter).toString(36).padStart(8, "0")}`,
      name: i.Name,
      description: i.Description ?? "",
      type: i.Type,
      content: i.Content,
      targets: new Set(),
    };
    ctx.org.policies.set(p.id, p);
    return policyJson(ctx, p);
  },
  DescribePolicy: (ctx, i) => policyJson(ctx, policy(ctx, i.PolicyId)),
  UpdatePolicy: (ctx, i) => {
    const p = policy(ctx, i.PolicyId);
    if (i.Name !== undefined) p.name = i.Name;
    if (i.Description !== undefined) p.description = i.Description;
    if (i.Content !== undefined) p.content = i.Content;
    return policyJson(ctx, p);
  },
  DeletePolicy: (ctx, i) => {
    const p = policy(ctx, i.PolicyId);
    if (p.targets.size > 0) throw new FakeAwsError("PolicyInUseException", "The policy is attached to one or more entities.");
    ctx.org.policies.delete(p.id);
    return {};
  },
  AttachPolicy: (ctx, i) => {
    const p = policy(ctx, i.PolicyId);
    if (!ctx.org.enabledPolicyTypes.has(p.type))
      throw new FakeAwsError("PolicyTypeNotEnabledException", `This operation can be performed only for enabled policy types (${p.type}).`);
    if (p.targets.has(i.TargetId)) throw new FakeAwsError("DuplicatePolicyAttachmentException", "A policy with the same name is already attached.");
    p.targets.add(i.TargetId);
    if (p.awsManaged) ctx.org.fullAccessDetached.delete(i.TargetId);
    return {};
  },
  DetachPolicy: (ctx, i) => {
    const p = policy(ctx, i.PolicyId);
    if (!p.targets.delete(i.TargetId)) throw new FakeAwsError("PolicyNotAttachedException", "The policy isn't attached to the specified target.");
    if (p.awsManaged) ctx.org.fullAccessDetached.add(i.TargetId);
    return {};
  },
  ListTargetsForPolicy: (ctx, i) => ({
    Targets: [...policy(ctx, i.PolicyId).targets].map((t) => ({
      TargetId: t,
      Arn: `arn:aws:organizations::${ctx.org.managementAccountId}:${t}`,
      Name: t,
      Type: targetType(t),
    })),
  }),
  ListPoliciesForTarget: (ctx, i) => ({
    Policies: [...ctx.org.policies.values()]
      .filter((p) => p.targets.has(i.TargetId) && (!i.Filter || p.type === i.Filter))
      .map((p) => policyJson(ctx, p).Policy.PolicySummary),
  }),
  ListTagsForResource: () => ({ Tags: [] }),
  TagResource: () => ({}),
  UntagResource: () => ({}),
  EnablePolicyType: (ctx, i) => {
    if (ctx.org.enabledPolicyTypes.has(i.PolicyType))
      throw new FakeAwsError("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.");
    ctx.org.enabledPolicyTypes.add(i.PolicyType);
    return { Root: { Id: ctx.org.rootId, PolicyTypes: [...ctx.org.enabledPolicyTypes].map((Type) => ({ Type, Status: "ENABLED" })) } };
  },
  DisablePolicyType: (ctx, i) => {
    if (!ctx.org.enabledPolicyTypes.delete(i.PolicyType))
      throw new FakeAwsError("PolicyTypeNotEnabledException", "This operation can be performed only for enabled policy types.");
    for (const p of ctx.org.policies.values()) if (p.type === i.PolicyType) p.targets.clear();
    return { Root: { Id: ctx.org.rootId, PolicyTypes: [...ctx.org.enabledPolicyTypes].map((Type) => ({ Type, Status: "ENABLED" })) } };
  },
};

// ---------- EventBridge ----------
const ruleKey = (ctx: HandlerContext, name: string) => `${ctx.caller.accountId}/${ctx.region}/${name}`;

function rule(ctx: HandlerContext, name: string) {
  const r = ctx.org.eventRules.get(ruleKey(ctx, name));
  if (!r) throw new FakeAwsError("ResourceNotFoundException", `Rule ${name} does not exist on EventBus default.`);
  return r;
}

function busArn(ctx: HandlerContext): string {
  return `arn:aws:events:${ctx.region}:${ctx.caller.accountId}:event-bus/default`;
}

export const eventsHandlers: Record<string, JsonHandler> = {
  PutRule: (ctx, i) => {
    const key = ruleKey(ctx, i.Name);
    const existing = ctx.org.eventRules.get(key);
    const r = existing ?? {
      name: i.Name,
      account: ctx.caller.accountId,
      region: ctx.region,
      arn: `arn:aws:events:${ctx.region}:${ctx.caller.accountId}:rule/${i.Name}`,
      eventPattern: "",
      description: "",
      state: "ENABLED",
      targets: new Map<string, string>(),
    };
    r.eventPattern = i.EventPattern ?? r.eventPattern;
    r.description = i.Description ?? "";
    r.state = i.State ?? "ENABLED";
    ctx.org.eventRules.set(key, r);
    return { RuleArn: r.arn };
  },
  DescribeRule: (ctx, i) => {
    const r = rule(ctx, i.Name);
    return {
      Name: r.name,
      Arn: r.arn,
      EventPattern: r.eventPattern,
      State: r.state,
      Description: r.description || undefined,
      EventBusName: "default",
      CreatedBy: ctx.caller.accountId,
    };
  },
  DeleteRule: (ctx, i) => {
    const r = rule(ctx, i.Name);
    if (r.targets.size > 0) throw new FakeAwsError("ValidationException", "Rule can't be deleted since it has targets.");
    ctx.org.eventRules.delete(ruleKey(ctx, r.name));
    return {};
  },
  PutTargets: (ctx, i) => {
    const r = rule(ctx, i.Rule);
    for (const t of i.Targets ?? []) r.targets.set(t.Id, t.Arn);
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
  ListTargetsByRule: (ctx, i) => ({ Targets: [...rule(ctx, i.Rule).targets].map(([Id, Arn]) => ({ Id, Arn })) }),
  RemoveTargets: (ctx, i) => {
    const r = rule(ctx, i.Rule);
    for (const id of i.Ids ?? []) r.targets.delete(id);
    return { FailedEntryCount: 0, FailedEntries: [] };
  },
  // The default bus's resource policy (aws_cloudwatch_event_bus_policy).
  PutPermission: (ctx, i) => {
    if (typeof i.Policy !== "string") throw new FakeAwsError("ValidationException", "The local AWS fake supports PutPermission with a Policy only.");
    ctx.org.busPolicies.set(`${ctx.caller.accountId}/${ctx.region}`, i.Policy);
    return {};
  },
  RemovePermission: (ctx) => {
    ctx.org.busPolicies.delete(`${ctx.caller.accountId}/${ctx.region}`);
    return {};
  },
  DescribeEventBus: (ctx) => ({ Name: "default", Arn: busArn(ctx), Policy: ctx.org.busPolicies.get(`${ctx.caller.accountId}/${ctx.region}`) }),
  ListTagsForResource: () => ({ Tags: [] }),
  TagResource: () => ({}),
  UntagResource: () => ({}),
};

// ---------- SNS ----------
function topic(ctx: HandlerContext, arn: string | null) {
  const t = ctx.org.topics.get(arn ?? "");
  if (!t) throw new FakeAwsError("NotFound", "Topic does not exist", 404);
  return t;
}

export const snsHandlers: Record<string, QueryHandler> = {
  CreateTopic: (ctx, p) => {
    const arn = `arn:aws:sns:${ctx.region}:${ctx.caller.accountId}:${p.get("Name")}`;
    if (!ctx.org.topics.has(arn)) {
      const defaultPolicy = JSON.stringify({
        Version: "2008-10-17",
        Id: "__default_policy_ID",
        Statement: [
          {
            Sid: "__default_statement_ID",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["SNS:Publish"],
            Resource: arn,
            Condition: { StringEquals: { "AWS:SourceOwner": ctx.caller.accountId } },
          },
        ],
      });
      ctx.org.topics.set(arn, {
        arn,
        attributes: new Map([
          ["Policy", defaultPolicy],
          ["Owner", ctx.caller.accountId],
          ["DisplayName", ""],
        ]),
      });
    }
    return { TopicArn: arn };
  },
  GetTopicAttributes: (ctx, p) => {
    const t = topic(ctx, p.get("TopicArn"));
    const subs = [...ctx.org.subscriptions.values()].filter((s) => s.TopicArn === t.arn).length;
    return {
      Attributes: new XmlMap({
        TopicArn: t.arn,
        SubscriptionsConfirmed: "0",
        SubscriptionsPending: String(subs),
        SubscriptionsDeleted: "0",
        ...Object.fromEntries(t.attributes),
      }),
    };
  },
  SetTopicAttributes: (ctx, p) => {
    topic(ctx, p.get("TopicArn")).attributes.set(p.get("AttributeName") ?? "", p.get("AttributeValue") ?? "");
    return undefined;
  },
  DeleteTopic: (ctx, p) => {
    ctx.org.topics.delete(p.get("TopicArn") ?? "");
    return undefined;
  },
  ListTagsForResource: () => ({ Tags: [] }),
  TagResource: () => ({}),
  UntagResource: () => ({}),
  Subscribe: (ctx, p) => {
    const t = topic(ctx, p.get("TopicArn"));
    const arn = `${t.arn}:${nextId("", 8).toLowerCase()}-fake`;
    ctx.org.subscriptions.set(arn, {
      SubscriptionArn: arn,
      TopicArn: t.arn,
      Protocol: p.get("Protocol") ?? "",
      Endpoint: p.get("Endpoint") ?? "",
      Owner: ctx.caller.accountId,
      PendingConfirmation: "true",
      ConfirmationWasAuthenticated: "false",
      RawMessageDelivery: "false",
    });
    return { SubscriptionArn: arn };
  },
  GetSubscriptionAttributes: (ctx, p) => {
    const s = ctx.org.subscriptions.get(p.get("SubscriptionArn") ?? "");
    if (!s) throw new FakeAwsError("NotFound", "Subscription does not exist", 404);
    return { Attributes: new XmlMap(s) };
  },
  SetSubscriptionAttributes: () => undefined,
  Unsubscribe: (ctx, p) => {
    ctx.org.subscriptions.delete(p.get("SubscriptionArn") ?? "");
    return undefined;
  },
};
