// Reads `terraform show -json` plans (one per stack) and applies the root-access rules.
import { z } from "zod";
import { ReviewFinding } from "./findings";
import { finding, ReviewRuleId } from "./rules";
import { pretty, removedDenies, assumeRootGrant, trustGrant } from "./policy-compare";
import { roleWidening } from "./synth-diff";
import { sameMeaning } from "./semantic-equal";

export const PLAN_ACTIONS = ["create", "update", "replace", "delete", "import"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export interface PlanReview {
  readonly stack: string;
  readonly file: string;
  /** Resource addresses per action (no-op and read hidden). */
  readonly actions: Record<PlanAction, string[]>;
  readonly findings: ReviewFinding[];
  /** Changes made outside Terraform, as the plan's refresh found them. */
  readonly drift: string[];
  /** Output names and what happens to them (values are not shown). */
  readonly outputs: string[];
}

const changeSchema = z.looseObject({
  address: z.string(),
  type: z.string(),
  change: z.looseObject({ actions: z.array(z.string()), before: z.any().optional(), after: z.any().optional(), importing: z.unknown().optional() }),
});

/** The parts of `terraform show -json` output a review reads (format 1.x); other fields are kept, unread. */
export const planSchema = z.looseObject({
  format_version: z.string(),
  resource_changes: z.array(changeSchema).optional(),
  resource_drift: z.array(changeSchema).optional(),
  output_changes: z.record(z.string(), z.looseObject({ actions: z.array(z.string()) })).optional(),
});
export type TerraformPlan = z.output<typeof planSchema>;
type Change = z.output<typeof changeSchema>;

function actionOf(c: Change["change"]): PlanAction | undefined {
  const a = c.actions;
  if (a.includes("delete") && a.includes("create")) return "replace";
  if (a.includes("create")) return "create";
  if (a.includes("delete")) return "delete";
  if (a.includes("update")) return "update";
  return undefined;
}

const removed = (before: unknown, after: unknown) => {
  const b = Array.isArray(before) ? before.map(String) : [];
  const a = Array.isArray(after) ? after.map(String) : [];
  return b.filter((x) => !a.includes(x));
};

export function reviewPlan(stack: string, file: string, plan: TerraformPlan): PlanReview {
  const actions = Object.fromEntries(PLAN_ACTIONS.map((a) => [a, [] as string[]])) as Record<PlanAction, string[]>;
  const findings: ReviewFinding[] = [];
  const add = (rule: ReviewRuleId, message: string, diff?: ReviewFinding["diff"]) => findings.push(finding(stack, rule, message, diff));

  const changes: Change[] = plan.resource_changes ?? [];
  // Attachments name their policy by ID; the policy's own change (or prior state) has its name.
  const policyNames = new Map<string, string>();
  for (const rc of changes)
    if (rc.type === "aws_organizations_policy")
      for (const v of [rc.change.before, rc.change.after]) if (v?.id && v?.name) policyNames.set(String(v.id), String(v.name));
  for (const rc of changes) {
    const action = actionOf(rc.change);
    if (rc.change.importing) actions.import.push(rc.address);
    if (!action) continue;
    actions[action].push(rc.address);
    const { before, after } = rc.change;
    switch (rc.type) {
      case "aws_organizations_organization": {
        const organization = before?.id ? `the organization ${before.id}` : "the organization";
        if (action === "delete") add("organization-deleted", `${organization} would be deleted (${rc.address})`);
        if (action === "replace") add("organization-replaced", `${organization} would be replaced: deleted and created again (${rc.address})`);
        if (action === "update" || action === "replace") {
          for (const p of removed(before?.aws_service_access_principals, after?.aws_service_access_principals))
            add("principal-loses-trusted-access", `${p} would lose trusted access`);
          for (const t of removed(before?.enabled_policy_types, after?.enabled_policy_types)) add("policy-type-disabled", `policy type ${t} would be disabled`);
        }
        break;
      }
      case "aws_organizations_aws_service_access":
        if (action === "delete" || action === "replace") add("principal-loses-trusted-access", `${before?.service_principal} would lose trusted access`);
        break;
      case "aws_iam_organizations_features":
        if (action === "delete") add("features-destroyed", `every root access feature would be disabled (${(before?.enabled_features ?? []).join(", ")})`);
        else for (const f of removed(before?.enabled_features, after?.enabled_features)) add("feature-disabled", `${f} would be disabled`);
        break;
      case "aws_organizations_delegated_administrator":
        if (action === "delete" || action === "replace")
          add(
            "delegated-admin-removed",
            `the IAM delegated administrator ${before?.account_id} would be deregistered${action === "replace" ? ` (and ${after?.account_id} registered)` : ""}`,
          );
        break;
      case "aws_organizations_policy_attachment":
        if (action === "delete" || action === "replace") {
          const policy = policyNames.has(String(before?.policy_id)) ? `SCP ${policyNames.get(String(before?.policy_id))}` : `policy ${before?.policy_id}`;
          add("scp-detached", `${policy} would be detached from ${before?.target_id}`);
        }
        break;
      case "aws_organizations_policy":
        if (before?.type !== "SERVICE_CONTROL_POLICY") break;
        if (action === "delete") add("scp-removed", `SCP ${before?.name} would be deleted`);
        else if (action === "update" && after?.content !== undefined && removedDenies(before?.content, after?.content).length > 0) {
          add("scp-deny-narrowed", `SCP ${before?.name}: a deny statement is removed or changed`, {
            before: pretty(before?.content),
            after: pretty(after?.content),
          });
        }
        break;
      case "aws_iam_role_policy":
        if ((action === "update" || action === "replace") && typeof after?.policy === "string") {
          const b = assumeRootGrant(before?.policy);
          const a = assumeRootGrant(after.policy);
          findings.push(
            ...roleWidening(
              stack,
              { name: String(after.role), account: "management", ...b, principals: [], mfa: false },
              { name: String(after.role), account: "management", ...a, principals: [], mfa: false },
            ),
          );
        }
        break;
      case "aws_iam_role":
        if ((action === "update" || action === "replace") && typeof after?.assume_role_policy === "string") {
          const b = trustGrant(before?.assume_role_policy);
          const a = trustGrant(after.assume_role_policy);
          findings.push(
            ...roleWidening(
              stack,
              { name: String(after.name), account: "management", taskPolicies: [], targets: [], ...b },
              { name: String(after.name), account: "management", taskPolicies: [], targets: [], ...a },
            ),
          );
        }
        break;
    }
  }
  // Provider quirks (tags null -> {}, a policy AWS re-serialised) are not drift: only changes of meaning are listed.
  const drift = (plan.resource_drift ?? [])
    .filter((d) => !sameMeaning(d.change.before, d.change.after))
    .map((d) => `${d.address}: changed outside Terraform (${d.change.actions.join(", ")})`);
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, o]) => !(o.actions.length === 1 && o.actions[0] === "no-op"))
    .map(([name, o]) => `${name}: ${o.actions.join(", ")}`);
  return { stack, file, actions, findings, drift, outputs };
}
