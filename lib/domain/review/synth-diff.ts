// Risky differences between the base branch's synthesized stacks and the pull request's.
import { IAM_SERVICE_PRINCIPAL } from "../../aws-constants";
import { ReviewFinding } from "./findings";
import { finding, ReviewRuleId } from "./rules";
import { removedDenies, taskPolicyName } from "./policy-compare";
import { OperatorRoleModel, StackModel } from "./synth-model";

const added = (before: readonly string[], after: readonly string[]) => after.filter((x) => !before.includes(x));

export function diffStacks(base: StackModel[], head: StackModel[]): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  for (const h of head) {
    const b = base.find((s) => s.name === h.name);
    if (!b) findings.push(finding(h.name, "stack-added", `new stack ${h.name} (${h.mode} mode)`));
    else findings.push(...diffStack(b, h));
  }
  for (const b of base.filter((s) => !head.some((h) => h.name === s.name))) {
    findings.push(
      finding(
        b.name,
        "stack-removed",
        `stack ${b.name} is gone from the app: its resources are no longer managed (a destroy of it would disable the features)`,
      ),
    );
  }
  return findings;
}

function diffStack(b: StackModel, h: StackModel): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const add = (rule: ReviewRuleId, message: string, diff?: ReviewFinding["diff"]) => out.push(finding(h.name, rule, message, diff));

  const forgets = (type: string) => h.forgotten.includes(type);
  const stopsManaging = h.resourceAddresses.length === 0 && b.resourceAddresses.length > 0 && h.forgotten.length > 0;
  if (stopsManaging)
    add(
      "stack-stops-managing",
      `stopManaging: Terraform forgets all ${b.resourceAddresses.length} resources of the stack (removed blocks); AWS keeps them as they are, and this stack no longer changes or reviews them`,
    );
  for (const address of b.protectedResources.filter((a) => h.resourceAddresses.includes(a) && !h.protectedResources.includes(a)))
    add("prevent-destroy-removed", `${address} loses prevent_destroy (destroyDisables): the next cdktf destroy would turn it off`);
  if (b.mode === "organization" && h.mode !== "organization" && forgets("aws_organizations_organization")) {
    add("organization-forgotten", `the organization leaves the stack (${b.mode} -> ${h.mode} mode): Terraform forgets it (removed block), nothing is deleted`);
  } else if (b.mode === "organization" && h.mode !== "organization") {
    add("organization-removed", `the organization resource leaves the stack (${b.mode} -> ${h.mode} mode): Terraform would plan to delete the organization`);
  }
  if (b.mode === "organization" && h.mode === "organization") {
    for (const p of b.principals.filter((p) => !h.principals.includes(p))) add("principal-loses-trusted-access", `${p} would lose trusted access`);
    if (b.policyTypes && h.policyTypes)
      for (const t of b.policyTypes.filter((t) => !h.policyTypes!.includes(t))) add("policy-type-disabled", `policy type ${t} would be disabled`);
    if (!b.policyTypes && h.policyTypes)
      add(
        "policy-types-managed",
        `the stack starts managing policy types authoritatively (${h.policyTypes.join(", ") || "none"}): any other enabled type would be disabled`,
      );
  }
  const serviceAccessForgotten = b.mode === "service-access" && forgets("aws_organizations_aws_service_access");
  if (
    b.principals.includes(IAM_SERVICE_PRINCIPAL) &&
    !h.principals.includes(IAM_SERVICE_PRINCIPAL) &&
    h.mode !== "external" &&
    !serviceAccessForgotten &&
    !(b.mode === "organization" && forgets("aws_organizations_organization"))
  ) {
    add("principal-loses-trusted-access", `${IAM_SERVICE_PRINCIPAL} would lose trusted access`);
  }
  if (b.features && !h.features && forgets("aws_iam_organizations_features"))
    add("features-forgotten", "the features resource leaves the stack: Terraform forgets it (removed block), the features stay on");
  else if (b.features && !h.features) add("features-destroyed", "the features resource is removed: every root access feature would be disabled");
  for (const f of (b.features ?? []).filter((f) => h.features && !h.features.includes(f))) add("feature-disabled", `${f} would be disabled`);
  for (const f of added(b.features ?? [], h.features ?? [])) add("feature-enabled", `${f} would be enabled`);

  for (const d of b.delegatedAdministrators.filter((d) => !h.delegatedAdministrators.includes(d))) {
    if (h.delegatedAdministrators.length === 0 && forgets("aws_organizations_delegated_administrator")) {
      add("delegated-admin-forgotten", `the IAM delegated administrator ${d} leaves the stack: Terraform forgets it (removed block), it stays registered`);
      continue;
    }
    add(
      "delegated-admin-removed",
      h.delegatedAdministrators.length
        ? `the IAM delegated administrator changes from ${d} to ${h.delegatedAdministrators.join(", ")}`
        : `the IAM delegated administrator ${d} would be deregistered`,
    );
  }
  if (b.delegatedAdministrators.length === 0)
    for (const d of h.delegatedAdministrators) add("delegated-admin-added", `${d} becomes the IAM delegated administrator`);

  for (const s of b.scps) {
    const after = h.scps.find((x) => x.name === s.name);
    if (!after && forgets("aws_organizations_policy")) {
      add("scp-forgotten", `SCP ${s.name} leaves the stack: Terraform forgets it (removed block), it stays attached to ${s.targets.join(", ")}`);
      continue;
    }
    if (!after) {
      add("scp-removed", `SCP ${s.name} would be deleted (detached from ${s.targets.join(", ")})`);
      continue;
    }
    for (const t of s.targets.filter((t) => !after.targets.includes(t))) add("scp-detached", `SCP ${s.name} would be detached from ${t}`);
    if (removedDenies(s.content, after.content).length > 0)
      add("scp-deny-narrowed", `SCP ${s.name}: a deny statement is removed or changed`, { before: s.content, after: after.content });
  }
  for (const s of h.scps.filter((x) => !b.scps.some((y) => y.name === x.name))) add("scp-added", `SCP ${s.name} attached to ${s.targets.join(", ")}`);

  for (const r of h.roles) {
    const before = b.roles.find((x) => x.name === r.name);
    if (!before)
      add(
        "operator-role-added",
        `new operator role ${r.name}: ${r.taskPolicies.map(taskPolicyName).join(", ")} on ${r.targets.join(", ")} for ${r.principals.join(", ")}`,
      );
    else out.push(...roleWidening(h.name, before, r));
  }
  for (const r of b.roles.filter((x) => !h.roles.some((y) => y.name === x.name))) {
    if (forgets("aws_iam_role"))
      add("operator-role-forgotten", `operator role ${r.name} leaves the stack: Terraform forgets it (removed block), it stays in AWS`);
    else add("operator-role-removed", `operator role ${r.name} would be deleted`);
  }

  if (b.alerts && !h.alerts && forgets("aws_cloudwatch_event_rule"))
    add("alerts-forgotten", "AssumeRoot alerts leave the stack: Terraform forgets them (removed blocks), they keep firing");
  else if (b.alerts && !h.alerts) add("alerts-removed", "AssumeRoot alerts would be removed");
  if (b.backend !== h.backend) add("backend-changed", `state backend changes from ${b.backend} to ${h.backend} (migrate the state first)`);
  if (b.provider !== h.provider) add("provider-changed", `provider changes from ${b.provider} to ${h.provider}`);
  return out;
}

/** An operator role gaining task policies, accounts or principals, or losing its MFA requirement. */
export function roleWidening(stack: string, b: OperatorRoleModel, h: OperatorRoleModel): ReviewFinding[] {
  const out: ReviewFinding[] = [];
  const gained = added(b.taskPolicies, h.taskPolicies);
  if (gained.length)
    out.push(finding(stack, "operator-role-task-policies", `operator role ${h.name} gains task policies ${gained.map(taskPolicyName).join(", ")}`));
  const targets = added(b.targets, h.targets);
  if (targets.length) out.push(finding(stack, "operator-role-accounts", `operator role ${h.name} gains target ${targets.join(", ")}`));
  const principals = added(b.principals, h.principals);
  if (principals.length) out.push(finding(stack, "operator-role-principals", `operator role ${h.name} is trusted by ${principals.join(", ")}`));
  if (b.mfa && !h.mfa) out.push(finding(stack, "operator-role-mfa", `operator role ${h.name} no longer requires MFA`));
  return out;
}
