// The Organizations and IAM-features calls the CLI makes, paginated inside, returning domain shapes.
import { ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListDelegatedAdministrators,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
} from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { FEATURES, Feature } from "../aws-constants";
import { call, errorCode, toAwsError } from "./aws-error";
import { AwsClients } from "./clients";

export interface OrganizationDescription {
  readonly id: string;
  readonly managementAccountId: string;
  readonly featureSet: string;
}

export interface AccountSummary {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ... (Account.State; Status is retired). */
  readonly state: string;
}

export interface RootSummary {
  readonly id: string;
  readonly enabledPolicyTypes: string[];
}

export interface OrganizationsFeatures {
  readonly organizationId?: string;
  readonly enabledFeatures: Feature[];
}

/** Organizations, IAM organization features and the caller's identity. */
export class OrganizationsApi {
  constructor(private readonly clients: Pick<AwsClients, "organizations" | "iam" | "sts">) {}

  async callerIdentity(): Promise<{ accountId: string; arn: string }> {
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
    try {
      const out = await this.clients.organizations.send(new DescribeAccountCommand({ AccountId: accountId }));
      return out.Account ? toAccount(out.Account) : undefined;
    } catch (err) {
      if (errorCode(err) === "AccountNotFoundException") return undefined;
      throw toAwsError(err, "organizations:DescribeAccount");
    }
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

  async organizationsFeatures(): Promise<OrganizationsFeatures> {
    const out = await call("iam:ListOrganizationsFeatures", () => this.clients.iam.send(new ListOrganizationsFeaturesCommand({})));
    return {
      organizationId: out.OrganizationId,
      enabledFeatures: (out.EnabledFeatures ?? []).filter((f): f is Feature => (FEATURES as readonly string[]).includes(f)),
    };
  }

  private get organizations(): OrganizationsClient {
    return this.clients.organizations;
  }
}

function toAccount(a: { Id?: string; Name?: string; Email?: string; State?: string }): AccountSummary {
  return { id: a.Id ?? "", name: a.Name ?? "", email: a.Email ?? "", state: a.State ?? "UNKNOWN" };
}

