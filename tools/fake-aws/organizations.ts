// AWS Organizations (awsJson1_1) operations of the fake.
import { FakeAccount } from "./model";
import { organizationsPolicyHandlers } from "./provider-services";
import { organizationTreeHandlers } from "./organization-policies";
import { FakeAwsError, FakeResponse, jsonResponse, paginate } from "./protocol";
import type { HandlerContext } from "./context";

type Input = Record<string, any>;
const CONTENT_TYPE = "application/x-amz-json-1.1";

function account(a: FakeAccount) {
  // Status was retired on 2026-09-09; State is the field to read.
  return {
    Id: a.id,
    Arn: `arn:aws:organizations::111111111111:account/o-exampleorgid/${a.id}`,
    Email: a.email,
    Name: a.name,
    State: a.state,
    JoinedMethod: "CREATED",
    JoinedTimestamp: 1700000000,
  };
}

function requireManagementOrDelegated(ctx: HandlerContext): void {
  const { caller, org } = ctx;
  if (caller.rootSession) throw new FakeAwsError("AccessDeniedException", "Root sessions cannot call AWS Organizations.");
  if (caller.accountId === org.managementAccountId) return;
  for (const admins of org.delegatedAdministrators.values()) if (admins.has(caller.accountId)) return;
  throw new FakeAwsError("AccessDeniedException", "You don't have permissions to access this resource.");
}

function requireManagement(ctx: HandlerContext): void {
  if (ctx.caller.accountId !== ctx.org.managementAccountId || ctx.caller.rootSession) {
    throw new FakeAwsError("AccessDeniedException", "You don't have permissions to access this resource.");
  }
}

const handlers: Record<string, (ctx: HandlerContext, input: Input) => unknown> = {
  ...organizationsPolicyHandlers,
  ...organizationTreeHandlers,
  DescribeOrganization: ({ org }) => ({
    Organization: {
      Id: org.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.id}`,
      FeatureSet: org.featureSet,
      MasterAccountId: org.managementAccountId,
      MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${org.managementAccountId}`,
      MasterAccountEmail: org.accounts.get(org.managementAccountId)?.email,
      AvailablePolicyTypes: [...org.enabledPolicyTypes].map((Type) => ({ Type, Status: "ENABLED" })),
    },
  }),
  DescribeAccount: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    const a = ctx.org.accounts.get(input.AccountId);
    if (!a) throw new FakeAwsError("AccountNotFoundException", "You specified an account that doesn't exist.");
    return { Account: account(a) };
  },
  ListAccounts: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    const { page, nextToken } = paginate([...ctx.org.accounts.values()], input.NextToken, input.MaxResults, ctx.options.accountsPageSize ?? 20);
    return { Accounts: page.map(account), NextToken: nextToken };
  },
  ListAccountsForParent: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    const children = [...ctx.org.accounts.values()].filter((a) => a.parentId === input.ParentId);
    const { page, nextToken } = paginate(children, input.NextToken, input.MaxResults, ctx.options.accountsPageSize ?? 20);
    return { Accounts: page.map(account), NextToken: nextToken };
  },
  ListOrganizationalUnitsForParent: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    if (input.ParentId !== ctx.org.rootId && !ctx.org.organizationalUnits.has(input.ParentId)) {
      throw new FakeAwsError("ParentNotFoundException", `We can't find a root or OU with the ParentId ${input.ParentId}.`);
    }
    const children = [...ctx.org.organizationalUnits.values()].filter((ou) => ou.parentId === input.ParentId);
    const { page, nextToken } = paginate(children, input.NextToken, input.MaxResults, 20);
    return {
      OrganizationalUnits: page.map((ou) => ({ Id: ou.id, Name: ou.name, Arn: `arn:aws:organizations::111111111111:ou/${ctx.org.id}/${ou.id}` })),
      NextToken: nextToken,
    };
  },
  ListRoots: (ctx) => {
    requireManagementOrDelegated(ctx);
    return {
      Roots: [
        {
          Id: ctx.org.rootId,
          Name: "Root",
          Arn: `arn:aws:organizations::${ctx.org.managementAccountId}:root/${ctx.org.id}/${ctx.org.rootId}`,
          PolicyTypes: [...ctx.org.enabledPolicyTypes].map((Type) => ({ Type, Status: "ENABLED" })),
        },
      ],
    };
  },
  ListAWSServiceAccessForOrganization: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    const all = [...ctx.org.servicePrincipals].sort().map((ServicePrincipal) => ({ ServicePrincipal, DateEnabled: 1700000000 }));
    const { page, nextToken } = paginate(all, input.NextToken, input.MaxResults, 20);
    return { EnabledServicePrincipals: page, NextToken: nextToken };
  },
  EnableAWSServiceAccess: (ctx, input) => {
    requireManagement(ctx);
    ctx.org.servicePrincipals.add(input.ServicePrincipal);
    return {};
  },
  DisableAWSServiceAccess: (ctx, input) => {
    requireManagement(ctx);
    ctx.org.servicePrincipals.delete(input.ServicePrincipal);
    if (input.ServicePrincipal === "iam.amazonaws.com") ctx.org.iamFeatures.clear();
    return {};
  },
  ListDelegatedAdministrators: (ctx, input) => {
    requireManagementOrDelegated(ctx);
    const ids = input.ServicePrincipal
      ? [...(ctx.org.delegatedAdministrators.get(input.ServicePrincipal) ?? [])]
      : [...new Set([...ctx.org.delegatedAdministrators.values()].flatMap((s) => [...s]))];
    const admins = ids.sort().map((id) => ({
      ...account(ctx.org.accounts.get(id) ?? ({ id, name: id, email: "", state: "ACTIVE" } as FakeAccount)),
      DelegationEnabledDate: 1700000000,
    }));
    const { page, nextToken } = paginate(admins, input.NextToken, input.MaxResults, 20);
    return { DelegatedAdministrators: page, NextToken: nextToken };
  },
  RegisterDelegatedAdministrator: (ctx, input) => {
    requireManagement(ctx);
    const { org } = ctx;
    if (input.AccountId === org.managementAccountId) {
      throw new FakeAwsError(
        "ConstraintViolationException",
        "You cannot register management account/yourself as delegated administrator for your organization.",
      );
    }
    if (!org.accounts.has(input.AccountId))
      throw new FakeAwsError("AccountNotFoundException", `You specified an account that doesn't exist: ${input.AccountId}`);
    if (!org.servicePrincipals.has(input.ServicePrincipal)) {
      throw new FakeAwsError("ConstraintViolationException", "You must enable trusted access for the service before registering a delegated administrator.");
    }
    const admins = org.delegatedAdministrators.get(input.ServicePrincipal) ?? new Set<string>();
    if (admins.has(input.AccountId))
      throw new FakeAwsError("AccountAlreadyRegisteredException", "The provided account is already a delegated administrator for your organization.");
    admins.add(input.AccountId);
    org.delegatedAdministrators.set(input.ServicePrincipal, admins);
    return {};
  },
  DeregisterDelegatedAdministrator: (ctx, input) => {
    requireManagement(ctx);
    const admins = ctx.org.delegatedAdministrators.get(input.ServicePrincipal);
    if (!admins?.delete(input.AccountId))
      throw new FakeAwsError("AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.");
    return {};
  },
};

export function handleOrganizations(ctx: HandlerContext, action: string, input: Input): FakeResponse {
  const handler = handlers[action];
  if (!handler) throw new FakeAwsError("UnknownOperationException", `The local AWS fake does not implement organizations:${action}`);
  return jsonResponse(handler(ctx, input), CONTENT_TYPE);
}
