// The organization's policies as AWS applies them to root sessions: the OU tree, the AWS-managed
// FullAWSAccess / RCPFullAWSAccess attached to every entity, the reads (ListPolicies, ListTargetsForPolicy,
// ListPoliciesForTarget, ListChildren, ListParents), and the enforcement of SCPs and RCPs on every call
// a root session makes, judged by @cloud-copilot/iam-simulate (not by the product's own evaluator).
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { FakeOrganization, FakePolicy } from "./model";
import { FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from "./policy-corpus";
import { FakeAwsError, paginate } from "./protocol";
import type { Caller, HandlerContext } from "./context";

export const SCP = "SERVICE_CONTROL_POLICY";
export const RCP = "RESOURCE_CONTROL_POLICY";
/** The AWS-managed full-access policies, by type. */
export const FULL_ACCESS: Record<string, { id: string; name: string; content: object; description: string }> = {
  [SCP]: { id: "p-FullAWSAccess", name: "FullAWSAccess", content: FULL_AWS_ACCESS, description: "Allows access to every operation" },
  [RCP]: { id: "p-RCPFullAWSAccess", name: "RCPFullAWSAccess", content: RCP_FULL_AWS_ACCESS, description: "Allows access to every resource" },
};

/** Every root, OU and account ID of the organization. */
function entities(org: FakeOrganization): string[] {
  return [org.rootId, ...org.organizationalUnits.keys(), ...org.accounts.keys()];
}

/**
 * Keeps the AWS-managed full-access policy of each enabled type attached to every entity (new OUs
 * and accounts get it, as in AWS), except where FullAWSAccess was detached; RCPFullAWSAccess cannot be.
 */
export function syncManagedPolicies(org: FakeOrganization): void {
  // Every root-session call asks: walk the entities only when they (or the detachments) changed,
  // not 10,000 accounts per call.
  const shape = `${[...org.enabledPolicyTypes].sort().join(",")}/${org.accounts.size}/${org.organizationalUnits.size}/${org.fullAccessDetached.size}/${org.policies.size}`;
  if (synced.get(org) === shape) return;
  for (const type of [SCP, RCP]) {
    const managed = FULL_ACCESS[type];
    if (!org.enabledPolicyTypes.has(type)) {
      org.policies.delete(managed.id);
      continue;
    }
    let p = org.policies.get(managed.id);
    if (!p) {
      p = {
        id: managed.id,
        name: managed.name,
        description: managed.description,
        type,
        content: JSON.stringify(managed.content),
        targets: new Set(),
        awsManaged: true,
      };
      org.policies.set(p.id, p);
    }
    for (const id of entities(org)) if (!org.fullAccessDetached.has(id) || type === RCP) p.targets.add(id);
  }
  synced.set(
    org,
    `${[...org.enabledPolicyTypes].sort().join(",")}/${org.accounts.size}/${org.organizationalUnits.size}/${org.fullAccessDetached.size}/${org.policies.size}`,
  );
}

/** The organization shape each organization's managed policies were last synced for. */
const synced = new WeakMap<FakeOrganization, string>();

/** Root first, then each OU down to the entity's parent. */
export function parentsOf(org: FakeOrganization, id: string): string[] {
  const path: string[] = [];
  let parent = org.accounts.get(id)?.parentId ?? org.organizationalUnits.get(id)?.parentId;
  while (parent) {
    path.unshift(parent);
    parent = parent === org.rootId ? undefined : org.organizationalUnits.get(parent)?.parentId;
  }
  return path;
}

function requirePolicyReader(ctx: HandlerContext): void {
  const { org, caller } = ctx;
  if (caller.rootSession) throw new FakeAwsError("AccessDeniedException", "Root sessions cannot call AWS Organizations.");
  // SCPs and RCPs are readable by the management account, and by members the delegation policy names.
  if (caller.accountId === org.managementAccountId || org.policyReaders.has(caller.accountId)) return;
  throw new FakeAwsError("AccessDeniedException", "You don't have permissions to access this resource.");
}

function summary(org: FakeOrganization, p: FakePolicy) {
  return {
    Id: p.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/${p.type.toLowerCase()}/${p.id}`,
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: p.awsManaged === true,
  };
}

function targetType(org: FakeOrganization, id: string): string {
  return id === org.rootId ? "ROOT" : org.organizationalUnits.has(id) ? "ORGANIZATIONAL_UNIT" : "ACCOUNT";
}

function targetName(org: FakeOrganization, id: string): string {
  return id === org.rootId ? "Root" : (org.organizationalUnits.get(id)?.name ?? org.accounts.get(id)?.name ?? id);
}

const PAGE = 20;
type Input = Record<string, any>;

/** Organizations reads of the tree and the policies (awsJson1_1; pages of at most 20, as AWS). */
export const organizationTreeHandlers: Record<string, (ctx: HandlerContext, input: Input) => unknown> = {
  ListPolicies: (ctx, i) => {
    requirePolicyReader(ctx);
    syncManagedPolicies(ctx.org);
    if (!i.Filter) throw new FakeAwsError("InvalidInputException", "You must specify a Filter (the policy type).");
    const all = [...ctx.org.policies.values()].filter((p) => p.type === i.Filter);
    const { page, nextToken } = paginate(all, i.NextToken, i.MaxResults, PAGE);
    return { Policies: page.map((p) => summary(ctx.org, p)), NextToken: nextToken };
  },
  ListTargetsForPolicy: (ctx, i) => {
    requirePolicyReader(ctx);
    syncManagedPolicies(ctx.org);
    const p = ctx.org.policies.get(i.PolicyId);
    if (!p) throw new FakeAwsError("PolicyNotFoundException", `We can't find a policy with the PolicyId ${i.PolicyId}.`);
    const { page, nextToken } = paginate([...p.targets], i.NextToken, i.MaxResults, PAGE);
    return {
      Targets: page.map((t) => ({
        TargetId: t,
        Arn: `arn:aws:organizations::${ctx.org.managementAccountId}:${targetType(ctx.org, t).toLowerCase()}/${ctx.org.id}/${t}`,
        Name: targetName(ctx.org, t),
        Type: targetType(ctx.org, t),
      })),
      NextToken: nextToken,
    };
  },
  ListPoliciesForTarget: (ctx, i) => {
    requirePolicyReader(ctx);
    syncManagedPolicies(ctx.org);
    if (!i.Filter) throw new FakeAwsError("InvalidInputException", "You must specify a Filter (the policy type).");
    const all = [...ctx.org.policies.values()].filter((p) => p.targets.has(i.TargetId) && p.type === i.Filter);
    const { page, nextToken } = paginate(all, i.NextToken, i.MaxResults, PAGE);
    return { Policies: page.map((p) => summary(ctx.org, p)), NextToken: nextToken };
  },
  DescribePolicy: (ctx, i) => {
    requirePolicyReader(ctx);
    syncManagedPolicies(ctx.org);
    const p = ctx.org.policies.get(i.PolicyId);
    if (!p) throw new FakeAwsError("PolicyNotFoundException", `We can't find a policy with the PolicyId ${i.PolicyId}.`);
    return { Policy: { PolicySummary: summary(ctx.org, p), Content: p.content } };
  },
  ListChildren: (ctx, i) => {
    requirePolicyReader(ctx);
    const { org } = ctx;
    if (i.ParentId !== org.rootId && !org.organizationalUnits.has(i.ParentId))
      throw new FakeAwsError("ParentNotFoundException", `We can't find a root or OU with the ParentId ${i.ParentId}.`);
    const ids =
      i.ChildType === "ACCOUNT"
        ? [...org.accounts.values()].filter((a) => a.parentId === i.ParentId).map((a) => a.id)
        : [...org.organizationalUnits.values()].filter((ou) => ou.parentId === i.ParentId).map((ou) => ou.id);
    const { page, nextToken } = paginate(ids, i.NextToken, i.MaxResults, PAGE);
    return { Children: page.map((Id) => ({ Id, Type: i.ChildType })), NextToken: nextToken };
  },
  ListParents: (ctx, i) => {
    requirePolicyReader(ctx);
    const { org } = ctx;
    const parent = org.accounts.get(i.ChildId)?.parentId ?? org.organizationalUnits.get(i.ChildId)?.parentId;
    if (!parent) throw new FakeAwsError("ChildNotFoundException", `We can't find an organizational unit (OU) or AWS account with the ChildId ${i.ChildId}.`);
    return { Parents: [{ Id: parent, Type: parent === org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }] };
  },
};

/** The policies of one type per level of an account's path (root first, the account last), as iam-simulate takes them. */
function levels(org: FakeOrganization, accountId: string, type: string) {
  return [...parentsOf(org, accountId), accountId].map((target) => ({
    orgIdentifier: target,
    policies: [...org.policies.values()]
      // iam-simulate applies RCPFullAWSAccess itself (and refuses an Allow in an RCP).
      .filter((p) => p.type === type && p.targets.has(target) && !(type === RCP && p.awsManaged))
      .map((p) => ({ name: p.id, policy: JSON.parse(p.content) })),
  }));
}

/** What a root-session call acts on, for the organization's policies to judge. */
export interface RootSessionCall {
  /** e.g. "iam:GetLoginProfile". */
  readonly action: string;
  /** The resource ARN. iam-simulate knows no resource type for `arn:aws:iam::<account>:root`: root-user calls are framed on `user/root`. */
  readonly resource: string;
}

const IAM_REGION = "us-east-1";

/**
 * Throws AWS's AccessDenied when the account's SCPs (or, for S3, SQS and STS, its RCPs) refuse a
 * root session's call, worded as AWS words it. Nothing is judged where no policy type is enabled.
 */
export async function enforceOnRootSession(org: FakeOrganization, caller: Caller, call: RootSessionCall, region: string): Promise<void> {
  const session = caller.rootSession;
  if (!session || (!org.enabledPolicyTypes.has(SCP) && !org.enabledPolicyTypes.has(RCP))) return;
  syncManagedPolicies(org);
  const accountId = session.accountId;
  const principal = `arn:aws:iam::${accountId}:root`;
  const service = call.action.split(":")[0];
  const rcpApplies = org.enabledPolicyTypes.has(RCP) && ["s3", "sqs", "sts"].includes(service);
  const path = parentsOf(org, accountId);
  const scps = org.enabledPolicyTypes.has(SCP) ? levels(org, accountId, SCP) : [];
  const rcps = rcpApplies ? levels(org, accountId, RCP) : [];
  // Only FullAWSAccess at every level (and no RCP but RCPFullAWSAccess): AWS allows, no need to simulate.
  if (scps.every((l) => l.policies.length > 0 && l.policies.every((p) => p.name === FULL_ACCESS[SCP].id)) && rcps.every((l) => l.policies.length === 0)) return;
  const orgPath = `${org.id}/${path.join("/")}/`;
  const result = await runSimulation(
    {
      identityPolicies: [{ name: "session", policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: scps,
      resourceControlPolicies: rcps,
      request: {
        action: call.action,
        principal,
        resource: { resource: call.resource, accountId },
        contextVariables: {
          "aws:PrincipalArn": principal,
          "aws:AssumedRoot": "true",
          "aws:PrincipalAccount": accountId,
          "aws:PrincipalOrgID": org.id,
          "aws:PrincipalOrgPaths": [orgPath],
          "aws:ResourceAccount": accountId,
          "aws:ResourceOrgID": org.id,
          "aws:ResourceOrgPaths": [orgPath],
          "aws:RequestedRegion": service === "iam" ? IAM_REGION : region,
          "aws:SourceIp": "127.0.0.1",
          "aws:CurrentTime": new Date().toISOString(),
          "aws:SecureTransport": "true",
          "aws:ViaAWSService": "false",
          "aws:PrincipalIsAWSService": "false",
        },
      },
    },
    {},
  );
  if (result.resultType !== "single")
    throw new FakeAwsError("InternalFailure", `The local AWS fake could not evaluate ${call.action}: ${JSON.stringify(result).slice(0, 300)}`, 500);
  if (result.overallResult === "Allowed") return;
  const analysis = result.result.analysis;
  const scp = analysis.scpAnalysis?.result;
  const rcp = analysis.rcpAnalysis?.result;
  const why =
    scp === "ExplicitlyDenied"
      ? "with an explicit deny in a service control policy"
      : rcp === "ExplicitlyDenied"
        ? "with an explicit deny in a resource control policy"
        : scp === "ImplicitlyDenied"
          ? `because no service control policy allows the ${call.action} action`
          : `because no resource control policy allows the ${call.action} action`;
  org.organizationPolicyDenials.push({ accountId, action: call.action, why });
  const code = service === "sqs" ? "AccessDeniedException" : "AccessDenied";
  throw new FakeAwsError(code, `User: ${principal} is not authorized to perform: ${call.action} on resource: ${call.resource} ${why}`, 403);
}

/**
 * sts:AssumeRoot on a member account's root: an STS resource of that account, which its resource
 * control policies protect whoever the caller is (the management account or the delegated administrator).
 */
export async function enforceRcpsOnAssumeRoot(org: FakeOrganization, caller: Caller, targetAccountId: string, region: string): Promise<void> {
  if (!org.enabledPolicyTypes.has(RCP) || !org.accounts.has(targetAccountId) || targetAccountId === org.managementAccountId) return;
  syncManagedPolicies(org);
  const resource = `arn:aws:iam::${targetAccountId}:root`;
  const path = parentsOf(org, targetAccountId);
  const result = await runSimulation(
    {
      identityPolicies: [{ name: "caller", policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: [],
      resourceControlPolicies: levels(org, targetAccountId, RCP),
      request: {
        action: "sts:AssumeRoot",
        principal: caller.arn,
        // Framed as the caller's own account (as the identity check frames it): iam-simulate would
        // otherwise want a resource policy for a cross-account call, which AssumeRoot does not have.
        resource: { resource, accountId: caller.accountId },
        contextVariables: {
          "aws:PrincipalArn": caller.arn,
          "aws:PrincipalAccount": caller.accountId,
          "aws:PrincipalOrgID": org.id,
          "aws:ResourceAccount": targetAccountId,
          "aws:ResourceOrgID": org.id,
          "aws:ResourceOrgPaths": [`${org.id}/${path.join("/")}/`],
          "aws:RequestedRegion": region,
          "aws:SourceIp": "127.0.0.1",
          "aws:CurrentTime": new Date().toISOString(),
          "aws:SecureTransport": "true",
          "aws:PrincipalIsAWSService": "false",
        },
      },
    },
    {},
  );
  if (result.resultType !== "single")
    throw new FakeAwsError("InternalFailure", `The local AWS fake could not evaluate sts:AssumeRoot: ${JSON.stringify(result).slice(0, 300)}`, 500);
  if (result.overallResult === "Allowed") return;
  const why = "with an explicit deny in a resource control policy";
  org.organizationPolicyDenials.push({ accountId: targetAccountId, action: "sts:AssumeRoot", why });
  throw new FakeAwsError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} ${why}`, 403);
}
