// The Organizations and IAM-features calls the CLI makes, paginated inside, returning domain shapes.
// Implements the domain's OrganizationsPort.
import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  paginateListAWSServiceAccessForOrganization,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListDelegatedAdministrators,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListPoliciesForTarget,
  paginateListRoots,
  paginateListTargetsForPolicy,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { STSClient } from "@aws-sdk/client-sts";
import { FEATURES, Feature } from "../aws-constants";
import pLimit from "p-limit";
import type {
  AccountSummary,
  CallerIdentity,
  OrganizationalUnitSummary,
  OrganizationDescription,
  OrganizationNode,
  OrganizationPolicySummary,
  OrganizationPolicyType,
  OrganizationsFeatures,
  OrganizationsPort,
  OrganizationTree,
  OrganizationTreePort,
  RootSummary,
} from "../domain/ports";
import { call, callOrAbsent } from "./aws-error";

/** The three clients this port uses (an AwsClients, or mocks in tests). */
export interface OrganizationsClients {
  readonly organizations: OrganizationsClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
}

/** Organizations, IAM organization features and the caller's identity. */
export class OrganizationsApi implements OrganizationsPort, OrganizationTreePort {
  constructor(private readonly clients: OrganizationsClients) {}

  async callerIdentity(): Promise<CallerIdentity> {
    const out = await call("sts:GetCallerIdentity", () => this.clients.sts.send(new GetCallerIdentityCommand({})));
    return { accountId: out.Account ?? "", arn: out.Arn ?? "" };
  }

  async describeOrganization(): Promise<OrganizationDescription> {
    const out = await call("organizations:DescribeOrganization", () => this.clients.organizations.send(new DescribeOrganizationCommand({})));
    return {
      id: out.Organization?.Id ?? "",
      managementAccountId: out.Organization?.MasterAccountId ?? "",
      featureSet: out.Organization?.FeatureSet ?? "",
    };
  }

  /** One account of the organization, or undefined when it is not a member. */
  async describeAccount(accountId: string): Promise<AccountSummary | undefined> {
    const out = await callOrAbsent("organizations:DescribeAccount", ["AccountNotFoundException"], undefined, () =>
      this.clients.organizations.send(new DescribeAccountCommand({ AccountId: accountId })),
    );
    return out?.Account ? toAccount(out.Account) : undefined;
  }

  /** Service principals with trusted access, sorted. */
  async trustedServicePrincipals(): Promise<string[]> {
    const principals: string[] = [];
    await call("organizations:ListAWSServiceAccessForOrganization", async () => {
      for await (const page of paginateListAWSServiceAccessForOrganization({ client: this.organizations }, {})) {
        for (const p of page.EnabledServicePrincipals ?? []) if (p.ServicePrincipal) principals.push(p.ServicePrincipal);
      }
    });
    return principals.sort();
  }

  /** Delegated administrator account IDs for a service principal. */
  async delegatedAdministrators(servicePrincipal: string): Promise<string[]> {
    const ids: string[] = [];
    await call("organizations:ListDelegatedAdministrators", async () => {
      for await (const page of paginateListDelegatedAdministrators({ client: this.organizations }, { ServicePrincipal: servicePrincipal })) {
        for (const a of page.DelegatedAdministrators ?? []) if (a.Id) ids.push(a.Id);
      }
    });
    return ids.sort();
  }

  async roots(): Promise<RootSummary[]> {
    const roots: RootSummary[] = [];
    await call("organizations:ListRoots", async () => {
      for await (const page of paginateListRoots({ client: this.organizations }, {})) {
        for (const r of page.Roots ?? []) {
          const enabled = (r.PolicyTypes ?? []).filter((t) => t.Status === "ENABLED" && t.Type).map((t) => t.Type as string);
          roots.push({ id: r.Id ?? "", enabledPolicyTypes: enabled.sort() });
        }
      }
    });
    return roots;
  }

  /** Every account, page by page as ListAccounts returns them (a consumer can start on page one). */
  async *accountPages(): AsyncGenerator<AccountSummary[]> {
    const pages = paginateListAccounts({ client: this.organizations }, {});
    for (;;) {
      const page = await call("organizations:ListAccounts", () => pages.next());
      if (page.done) return;
      yield (page.value.Accounts ?? []).map(toAccount);
    }
  }

  /** Accounts under an organizational unit (or root), recursively. */
  async *accountPagesUnder(parentId: string): AsyncGenerator<AccountSummary[]> {
    const pending = [parentId];
    while (pending.length > 0) {
      const parent = pending.shift() as string;
      const pages = paginateListAccountsForParent({ client: this.organizations }, { ParentId: parent });
      for (;;) {
        const page = await call("organizations:ListAccountsForParent", () => pages.next());
        if (page.done) break;
        yield (page.value.Accounts ?? []).map(toAccount);
      }
      await call("organizations:ListOrganizationalUnitsForParent", async () => {
        for await (const page of paginateListOrganizationalUnitsForParent({ client: this.organizations }, { ParentId: parent })) {
          for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) pending.push(ou.Id);
        }
      });
    }
  }

  /** Accounts under an OU or root, recursively, with the OU names on the way (depth first: an OU's accounts, then its children). */
  async *accountPagesWithPath(parentId: string): AsyncGenerator<{ account: AccountSummary; ouPath: string }[]> {
    const pending = [{ id: parentId, path: parentId.startsWith("r-") ? "Root" : parentId }];
    while (pending.length > 0) {
      const parent = pending.shift() as { id: string; path: string };
      const pages = paginateListAccountsForParent({ client: this.organizations }, { ParentId: parent.id });
      for (;;) {
        const page = await call("organizations:ListAccountsForParent", () => pages.next());
        if (page.done) break;
        yield (page.value.Accounts ?? []).map((a) => ({ account: toAccount(a), ouPath: parent.path }));
      }
      await call("organizations:ListOrganizationalUnitsForParent", async () => {
        for await (const page of paginateListOrganizationalUnitsForParent({ client: this.organizations }, { ParentId: parent.id })) {
          for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) pending.push({ id: ou.Id, path: `${parent.path}/${ou.Name ?? ou.Id}` });
        }
      });
    }
  }

  /** Every OU under every root, and each account's parent chain: two listings per OU, a few OUs at a time. */
  async organizationTree(): Promise<OrganizationTree> {
    const parentsOf = new Map<string, string[]>();
    const limit = pLimit(4);
    const walk = async (id: string, name: string, above: string[]): Promise<OrganizationNode> => {
      const chain = [id, ...above];
      const [accounts, units] = await Promise.all([
        limit(() =>
          call("organizations:ListAccountsForParent", async () => {
            const ids: string[] = [];
            for await (const page of paginateListAccountsForParent({ client: this.organizations }, { ParentId: id }))
              for (const a of page.Accounts ?? []) if (a.Id) ids.push(a.Id);
            return ids;
          }),
        ),
        limit(() =>
          call("organizations:ListOrganizationalUnitsForParent", async () => {
            const found: { id: string; name: string }[] = [];
            for await (const page of paginateListOrganizationalUnitsForParent({ client: this.organizations }, { ParentId: id }))
              for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) found.push({ id: ou.Id, name: ou.Name ?? ou.Id });
            return found;
          }),
        ),
      ]);
      for (const account of accounts) parentsOf.set(account, chain);
      return { id, name, children: await Promise.all(units.map((ou) => walk(ou.id, ou.name, chain))) };
    };
    const roots = await this.roots();
    return { roots: await Promise.all(roots.map((r) => walk(r.id, "Root", []))), parentsOf };
  }

  async organizationsFeatures(): Promise<OrganizationsFeatures> {
    const out = await call("iam:ListOrganizationsFeatures", () => this.clients.iam.send(new ListOrganizationsFeaturesCommand({})));
    return {
      organizationId: out.OrganizationId,
      enabledFeatures: (out.EnabledFeatures ?? []).filter((f): f is Feature => (FEATURES as readonly string[]).includes(f)),
    };
  }

  async organizationalUnitsUnder(parentId: string): Promise<OrganizationalUnitSummary[]> {
    const units: OrganizationalUnitSummary[] = [];
    await call("organizations:ListOrganizationalUnitsForParent", async () => {
      for await (const page of paginateListOrganizationalUnitsForParent({ client: this.organizations }, { ParentId: parentId })) {
        for (const ou of page.OrganizationalUnits ?? []) if (ou.Id) units.push({ id: ou.Id, name: ou.Name ?? "" });
      }
    });
    return units;
  }

  async accountsDirectlyUnder(parentId: string): Promise<AccountSummary[]> {
    const accounts: AccountSummary[] = [];
    await call("organizations:ListAccountsForParent", async () => {
      for await (const page of paginateListAccountsForParent({ client: this.organizations }, { ParentId: parentId })) {
        accounts.push(...(page.Accounts ?? []).map(toAccount));
      }
    });
    return accounts;
  }

  async parentOf(childId: string): Promise<string> {
    const out = await call("organizations:ListParents", () => this.organizations.send(new ListParentsCommand({ ChildId: childId })));
    return out.Parents?.[0]?.Id ?? "";
  }

  async policies(type: OrganizationPolicyType): Promise<OrganizationPolicySummary[]> {
    const policies: OrganizationPolicySummary[] = [];
    await call("organizations:ListPolicies", async () => {
      for await (const page of paginateListPolicies({ client: this.organizations }, { Filter: type })) policies.push(...(page.Policies ?? []).map(toPolicy));
    });
    return policies;
  }

  async policyContent(policyId: string): Promise<string> {
    const out = await call("organizations:DescribePolicy", () => this.organizations.send(new DescribePolicyCommand({ PolicyId: policyId })));
    return out.Policy?.Content ?? "";
  }

  async policyTargets(policyId: string): Promise<string[]> {
    const targets: string[] = [];
    await call("organizations:ListTargetsForPolicy", async () => {
      for await (const page of paginateListTargetsForPolicy({ client: this.organizations }, { PolicyId: policyId })) {
        for (const t of page.Targets ?? []) if (t.TargetId) targets.push(t.TargetId);
      }
    });
    return targets;
  }

  async policiesForTarget(targetId: string, type: OrganizationPolicyType): Promise<OrganizationPolicySummary[]> {
    const policies: OrganizationPolicySummary[] = [];
    await call("organizations:ListPoliciesForTarget", async () => {
      for await (const page of paginateListPoliciesForTarget({ client: this.organizations }, { TargetId: targetId, Filter: type })) {
        policies.push(...(page.Policies ?? []).map(toPolicy));
      }
    });
    return policies;
  }

  private get organizations(): OrganizationsClient {
    return this.clients.organizations;
  }
}

function toPolicy(p: { Id?: string; Name?: string; Type?: string; AwsManaged?: boolean }): OrganizationPolicySummary {
  return { id: p.Id ?? "", name: p.Name ?? "", type: p.Type as OrganizationPolicyType, awsManaged: p.AwsManaged === true };
}

function toAccount(a: { Id?: string; Name?: string; Email?: string; State?: string }): AccountSummary {
  return { id: a.Id ?? "", name: a.Name ?? "", email: a.Email ?? "", state: a.State ?? "UNKNOWN" };
}
