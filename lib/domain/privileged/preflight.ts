// Checks made before any root session: the feature is on, and every target is an active member.
import { FEATURES } from "../../aws-constants";
import { AccountSummary, OrganizationsApi } from "../../aws/organizations-api";
import { UserError } from "../../errors";

export interface Preflight {
  readonly caller: { readonly accountId: string; readonly arn: string };
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly targets: AccountSummary[];
}

/** Refuses (exit 1) before anything happens when any target is not an ACTIVE member account. */
export async function preflight(api: OrganizationsApi, accountIds: readonly string[]): Promise<Preflight> {
  const [caller, organization, features] = await Promise.all([api.callerIdentity(), api.describeOrganization(), api.organizationsFeatures()]);
  const rootSessions = FEATURES[1];
  if (!features.enabledFeatures.includes(rootSessions)) {
    throw new UserError("Refused", `${rootSessions} is not enabled in the organization ${organization.id}: privileged root actions need it; deploy the stack with "${rootSessions}" in features`);
  }
  const targets: AccountSummary[] = [];
  for (const id of accountIds) {
    if (id === organization.managementAccountId) throw new UserError("Refused", `${id} is the management account: root sessions cannot target it (use its own root user, with MFA)`);
    const account = await api.describeAccount(id);
    if (!account) throw new UserError("Refused", `${id} is not a member account of the organization ${organization.id}`);
    if (account.state !== "ACTIVE") throw new UserError("Refused", `${id} (${account.name}) is ${account.state}: only ACTIVE accounts can be acted on`);
    targets.push(account);
  }
  return { caller, organizationId: organization.id, managementAccountId: organization.managementAccountId, targets };
}
