// What AWS judges before it answers: the identity policies of an assumed role, and a role's trust
// policy on sts:AssumeRole. Evaluated with @cloud-copilot/iam-simulate (identity policies,
// resource policies, conditions), not by hand. The management account's own credentials (and
// other accounts' admin users of the fake) stay unrestricted, as an administrator's are in AWS.
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { FakeOrganization } from "./model";
import { FakeAwsError } from "./protocol";
import type { Caller } from "./context";

export interface AuthorizationRequest {
  /** e.g. "organizations:DescribeAccount". */
  readonly action: string;
  /** The resource ARN, or "*" for actions without a resource type. */
  readonly resource: string;
  /** The account that owns the resource (AssumeRoot into a member is framed as the caller's own). */
  readonly resourceAccount: string;
  readonly context?: Record<string, string>;
  /** A resource policy (a role's trust policy), when the request has one. */
  readonly resourcePolicy?: string;
}

const ACCESS_DENIED: Record<string, { code: string; status: number }> = {
  organizations: { code: "AccessDeniedException", status: 400 },
  cloudtrail: { code: "AccessDeniedException", status: 400 },
  events: { code: "AccessDeniedException", status: 400 },
  default: { code: "AccessDenied", status: 403 },
};

/** The identity policies that limit this caller, or undefined when the caller is unrestricted. */
function restrictingPolicies(org: FakeOrganization, caller: Caller): string[] | undefined {
  if (!caller.roleName || caller.rootSession) return undefined;
  const role = org.rolesOf(caller.accountId).get(caller.roleName);
  if (!role) return undefined;
  return [...role.policies.values()];
}

/** Throws AWS's AccessDenied (naming action and resource) unless the request is allowed. */
export async function authorize(org: FakeOrganization, caller: Caller, request: AuthorizationRequest): Promise<void> {
  const identity = restrictingPolicies(org, caller);
  if (identity === undefined && request.resourcePolicy === undefined) return;
  const allowAll = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
  const principalArn = caller.roleName ? `arn:aws:iam::${caller.accountId}:role/${caller.roleName}` : caller.arn;
  const simulation: Simulation = {
    identityPolicies: (identity ?? [allowAll]).map((text, i) => ({ name: `policy-${i}`, policy: JSON.parse(text) })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: JSON.parse(request.resourcePolicy) } : {}),
    request: {
      action: request.action,
      principal: caller.arn,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      // Global keys are not filled in by the simulator: pass the ones our policies use.
      contextVariables: { "aws:PrincipalArn": principalArn, "aws:PrincipalAccount": caller.accountId, ...request.context },
    },
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error")
    throw new FakeAwsError("InternalFailure", `The local AWS fake could not evaluate ${request.action}: ${JSON.stringify(result.errors)}`, 500);
  if (result.overallResult === "Allowed") return;
  const service = request.action.split(":")[0];
  const { code, status } = ACCESS_DENIED[service] ?? ACCESS_DENIED.default;
  const why =
    result.overallResult === "ExplicitlyDenied"
      ? `with an explicit deny`
      : request.resourcePolicy && identity === undefined
        ? `because no resource-based policy allows the ${request.action} action`
        : `because no identity-based policy allows the ${request.action} action`;
  throw new FakeAwsError(code, `User: ${caller.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${why}`, status);
}
