// What a synthesized stack (cdk.tf.json) declares about root access, read back from the JSON.
import { OperatorRoleLocation, TrustedAccessMode } from "../../aws-constants";
import { assumeRootGrant, trustGrant } from "./policy-compare";

export interface OperatorRoleModel {
  readonly name: string;
  readonly account: OperatorRoleLocation;
  readonly taskPolicies: string[];
  readonly targets: string[];
  readonly principals: string[];
  readonly mfa: boolean;
}

export interface StackModel {
  readonly name: string;
  /** "none": the stack declares no trusted access of its own. */
  readonly mode: TrustedAccessMode | "none";
  /** Trusted-access principals the stack declares (organization mode: the authoritative list). */
  readonly principals: string[];
  /** Policy types, when the stack manages them (organization mode with enabled_policy_types). */
  readonly policyTypes?: string[];
  readonly importsOrganization?: string;
  readonly features?: string[];
  readonly delegatedAdministrators: string[];
  readonly roles: OperatorRoleModel[];
  readonly scps: { readonly name: string; readonly content: string; readonly targets: string[] }[];
  readonly alerts?: { readonly pattern: string; readonly targets: string[] };
  readonly backend: string;
  readonly provider: string;
  /** Resource types the stack forgets through `removed` blocks with destroy = false (never deletes). */
  readonly forgotten: string[];
  /** Addresses (type.name) of the resources the stack declares with `lifecycle.prevent_destroy`. */
  readonly protectedResources: string[];
  /** Addresses (type.name) of every resource the stack declares. */
  readonly resourceAddresses: string[];
}

type Json = Record<string, any>;

function resources(json: Json, type: string): [string, Json][] {
  return Object.entries((json.resource?.[type] ?? {}) as Record<string, Json>);
}

/** Every resource as [type.name, body]. */
function allResources(json: Json): [string, Json][] {
  return Object.entries((json.resource ?? {}) as Record<string, Record<string, Json>>).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => [`${type}.${name}`, body] as [string, Json]),
  );
}

/** `${aws_iam_role.x.name}` -> "x" */
function refName(value: unknown): string | undefined {
  return /^\$\{[\w-]+\.([\w-]+)\.[\w]+\}$/.exec(String(value ?? ""))?.[1];
}

export function stackModel(name: string, json: Json): StackModel {
  const org = resources(json, "aws_organizations_organization")[0]?.[1];
  const access = resources(json, "aws_organizations_aws_service_access").map(([, r]) => String(r.service_principal));
  const mode: StackModel["mode"] = org
    ? "organization"
    : access.length > 0
      ? "service-access"
      : json.data?.aws_organizations_organization
        ? "external"
        : "none";
  const policies = Object.fromEntries(resources(json, "aws_iam_role_policy").map(([, p]) => [refName(p.role), p.policy]));
  const roles = resources(json, "aws_iam_role").map(([id, r]) => {
    const grant = assumeRootGrant(policies[id]);
    const trust = trustGrant(r.assume_role_policy);
    return {
      name: String(r.name),
      account: String(r.provider ?? "").includes("delegated-administrator") ? ("delegated-administrator" as const) : ("management" as const),
      taskPolicies: grant.taskPolicies,
      targets: grant.targets,
      principals: trust.principals,
      mfa: trust.mfa,
    };
  });
  const attachments = resources(json, "aws_organizations_policy_attachment").map(([, a]) => ({ policy: refName(a.policy_id), target: String(a.target_id) }));
  const scps = resources(json, "aws_organizations_policy")
    .filter(([, p]) => p.type === "SERVICE_CONTROL_POLICY")
    .map(([id, p]) => ({
      name: String(p.name),
      content: String(p.content),
      targets: attachments
        .filter((a) => a.policy === id)
        .map((a) => a.target)
        .sort(),
    }));
  const rule = resources(json, "aws_cloudwatch_event_rule")[0]?.[1];
  const cloud = json.terraform?.cloud as { organization?: string; hostname?: string; workspaces?: { name?: string; tags?: string[] } } | undefined;
  const backendType = cloud ? "cloud" : (Object.keys(json.terraform?.backend ?? {})[0] ?? "local");
  const backend = json.terraform?.backend?.[backendType] ?? {};
  const providers = (json.provider?.aws ?? []) as Json[];
  return {
    name,
    mode,
    principals: org ? [...(org.aws_service_access_principals ?? [])].sort() : access.sort(),
    policyTypes: org?.enabled_policy_types ? [...org.enabled_policy_types].sort() : undefined,
    importsOrganization: (json.import ?? []).find((i: Json) => String(i.to).startsWith("aws_organizations_organization."))?.id,
    features: resources(json, "aws_iam_organizations_features")[0]?.[1].enabled_features,
    delegatedAdministrators: resources(json, "aws_organizations_delegated_administrator")
      .map(([, d]) => String(d.account_id))
      .sort(),
    roles: roles.sort((a, b) => a.name.localeCompare(b.name)),
    scps,
    alerts: rule ? { pattern: String(rule.event_pattern), targets: resources(json, "aws_cloudwatch_event_target").map(([, t]) => String(t.arn)) } : undefined,
    protectedResources: allResources(json)
      .filter(([, r]) => r.lifecycle?.prevent_destroy === true)
      .map(([address]) => address)
      .sort(),
    resourceAddresses: allResources(json)
      .map(([address]) => address)
      .sort(),
    forgotten: [...new Set(((json.removed ?? []) as Json[]).filter((r) => r.lifecycle?.destroy === false).map((r) => String(r.from).split(".")[0]))].sort(),
    backend: cloud
      ? `cloud ${cloud.hostname ?? "app.terraform.io"}/${cloud.organization} ${cloud.workspaces?.name ? `workspace ${cloud.workspaces.name}` : `workspaces tagged ${(cloud.workspaces?.tags ?? []).join(", ")}`}`
      : backendType === "s3"
        ? `s3://${backend.bucket}/${backend.key} (${backend.region}${backend.use_lockfile ? ", lockfile" : ""})`
        : `${backendType}${backend.path ? ` ${String(backend.path).split("/").pop()}` : ""}`,
    provider: providers
      .map(
        (p) =>
          `${p.alias ? `${p.alias}: ` : ""}${p.region}${p.profile ? ` profile ${p.profile}` : ""}${p.assume_role?.[0]?.role_arn ? ` role ${p.assume_role[0].role_arn}` : ""}`,
      )
      .join("; "),
  };
}

/** What a stack declares, one line per fact, for the details section. */
export function describeStack(m: StackModel): string[] {
  const lines = [
    `trusted access: ${m.mode}${m.principals.length ? ` (${m.principals.join(", ")})` : ""}${m.importsOrganization ? `, imports ${m.importsOrganization}` : ""}`,
    `policy types: ${m.mode !== "organization" ? "not touched" : m.policyTypes ? m.policyTypes.join(", ") || "(none: all disabled)" : "not managed (ignore_changes)"}`,
    `features: ${m.features?.join(", ") ?? "(none)"}`,
    `delegated administrator: ${m.delegatedAdministrators.join(", ") || "(none)"}`,
  ];
  for (const r of m.roles)
    lines.push(
      `operator role ${r.name} (${r.account}): ${r.taskPolicies.map((t) => t.split("/").pop()).join(", ")} on ${r.targets.join(", ")}; trusted: ${r.principals.join(", ")}${r.mfa ? " (MFA)" : ""}`,
    );
  for (const s of m.scps) lines.push(`SCP ${s.name} attached to ${s.targets.join(", ") || "(nothing)"}`);
  lines.push(`AssumeRoot alerts: ${m.alerts ? `to ${m.alerts.targets.join(", ")}` : "(none)"}`);
  lines.push(`backend: ${m.backend}`, `provider: ${m.provider}`);
  return lines;
}
