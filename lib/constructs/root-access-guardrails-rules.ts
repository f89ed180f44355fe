// The rules on RootAccessGuardrails' props as pure functions (no cdktf): the construct runs them all,
// and the config schema runs the cross-field ones on each entry's guardrails, so each exists once.
import { OPERATOR_ROLE_LOCATIONS, TASK_POLICIES, unsupportedRegion } from "../aws-constants";
import {
  IsUnresolved,
  managementAccountAsTarget,
  MAX_ROLE_SESSION_SECONDS,
  MESSAGES,
  MIN_ROLE_SESSION_SECONDS,
  notALocation,
  notATarget,
  notATaskPolicy,
  Problem,
  Problems,
  roleNameTaken,
  TARGET_ACCOUNT_PATTERN,
  principalWildcard,
} from "../validations";

/** What a role in the delegated administrator needs, named the way the caller names it. */
export interface GuardrailsNeeds {
  /** The delegated administrator's account is known. */
  readonly delegatedAdministratorAccount: { readonly present: boolean; readonly needs: string };
  /** Terraform can reach that account (a provider or a role to assume). */
  readonly delegatedAdministratorAccess: { readonly present: boolean; readonly needs: string };
  /** The management account's ID (alerts from the delegated administrator are forwarded to its bus). */
  readonly managementAccountId?: unknown;
}

/** The guardrail parts the cross-field rules read (the props, or a config entry's `guardrails`). */
export interface GuardrailsFacts {
  readonly operatorRoles?: unknown;
  readonly assumeRootAlerts?: unknown;
}

const PROPS = [
  "operatorRoles",
  "denyRootScp",
  "assumeRootAlerts",
  "delegatedAdministratorProvider",
  "dependsOn",
  "provider",
  "region",
  "managementAccountId",
  "delegatedAdministratorAccountId",
] as const;
const ROLE = [
  "name",
  "taskPolicies",
  "trustedPrincipalArns",
  "targetAccountIds",
  "requireMfa",
  "allowForeignAccountRoot",
  "maxSessionDurationSeconds",
  "in",
] as const;

/**
 * Every problem of RootAccessGuardrails' props, with the config's messages: an unknown task policy,
 * location or key is an error, never a silent default. Values `isUnresolved` calls tokens are
 * skipped, except where a value names a resource (role names, SCP targets, emails): those form
 * resource addresses, which must not change when a token's number does.
 */
export function rootAccessGuardrailsProblems(props: unknown, isUnresolved?: IsUnresolved): Problem[] {
  const p = new Problems(isUnresolved);
  if (!p.object([], props, PROPS)) {
    if (props === undefined) p.add([], "expected props with at least region");
    return p.list;
  }
  const given = props as Record<string, unknown>;
  if (given.region === undefined) p.add(["region"], "required; expected an AWS region (a region code such as us-east-1)");
  p.pattern(["region"], "region", given.region);
  if (p.known(given.region) && typeof given.region === "string") {
    const unsupported = unsupportedRegion(given.region);
    if (unsupported && !p.list.some((x) => x.path[0] === "region")) p.add(["region"], unsupported);
  }
  p.pattern(["managementAccountId"], "accountId", given.managementAccountId);
  p.pattern(["delegatedAdministratorAccountId"], "accountId", given.delegatedAdministratorAccountId);
  if (writtenOut(p, ["operatorRoles"], given.operatorRoles, isUnresolved))
    p.items(["operatorRoles"], given.operatorRoles, { item: (path, role) => roleProblems(p, path, role, isUnresolved) });
  if (p.object(["denyRootScp"], given.denyRootScp, ["targetIds"])) {
    if (writtenOut(p, ["denyRootScp", "targetIds"], given.denyRootScp.targetIds, isUnresolved))
      p.items(["denyRootScp", "targetIds"], given.denyRootScp.targetIds, {
        empty: MESSAGES.noScpTarget,
        what: "target",
        item: (path, t) => (literal(p, path, t, isUnresolved) ? p.pattern(path, "organizationTarget", t) : undefined),
      });
    if (given.denyRootScp.targetIds === undefined) p.add(["denyRootScp", "targetIds"], MESSAGES.noScpTarget);
  }
  if (p.object(["assumeRootAlerts"], given.assumeRootAlerts, ["emails", "snsTopicArn"])) {
    if (writtenOut(p, ["assumeRootAlerts", "emails"], given.assumeRootAlerts.emails, isUnresolved))
      p.items(["assumeRootAlerts", "emails"], given.assumeRootAlerts.emails, {
        empty: MESSAGES.noEmail,
        what: "email",
        item: (path, e) => (literal(p, path, e, isUnresolved) ? p.pattern(path, "email", e) : undefined),
      });
    p.pattern(["assumeRootAlerts", "snsTopicArn"], "snsTopicArn", given.assumeRootAlerts.snsTopicArn);
  }
  p.list.push(
    ...guardrailsCrossProblems(
      given,
      {
        delegatedAdministratorAccount: {
          present: given.delegatedAdministratorAccountId !== undefined,
          needs: "delegatedAdministratorAccountId (the account the role is created in)",
        },
        delegatedAdministratorAccess: {
          present: given.delegatedAdministratorProvider !== undefined,
          needs: "delegatedAdministratorProvider (the provider Terraform creates the role with)",
        },
        managementAccountId: given.managementAccountId,
      },
      isUnresolved,
    ),
  );
  return p.list;
}

/** A list whose items are written one by one into a policy or an address: its items may be tokens, the list itself not. */
function writtenOut(p: Problems, path: readonly (string | number)[], value: unknown, isUnresolved: IsUnresolved | undefined): boolean {
  if (value !== undefined && isUnresolved?.(value)) {
    p.add(path, "must be a list written out (its items may be tokens), not a list token: each item is written into a policy or a resource's address");
    return false;
  }
  return true;
}

/** A value that becomes part of a resource's address must be a literal. */
function literal(p: Problems, path: readonly (string | number)[], value: unknown, isUnresolved: IsUnresolved | undefined): boolean {
  if (value !== undefined && isUnresolved?.(value)) {
    p.add(path, "must be a literal, not a token: it is part of the resource's address");
    return false;
  }
  return true;
}

function roleProblems(p: Problems, path: readonly (string | number)[], role: unknown, isUnresolved: IsUnresolved | undefined): void {
  if (!p.object(path, role, ROLE)) return;
  if (role.name === undefined) p.add([...path, "name"], "expected a role name");
  else if (literal(p, [...path, "name"], role.name, isUnresolved)) p.pattern([...path, "name"], "roleName", role.name);
  if (role.taskPolicies === undefined) p.add([...path, "taskPolicies"], MESSAGES.noTaskPolicy);
  if (writtenOut(p, [...path, "taskPolicies"], role.taskPolicies, isUnresolved))
    p.items([...path, "taskPolicies"], role.taskPolicies, {
      empty: MESSAGES.noTaskPolicy,
      what: "task policy",
      item: (at, t) => p.oneOf(at, t, TASK_POLICIES, notATaskPolicy),
    });
  if (role.trustedPrincipalArns === undefined) p.add([...path, "trustedPrincipalArns"], MESSAGES.noPrincipal);
  if (writtenOut(p, [...path, "trustedPrincipalArns"], role.trustedPrincipalArns, isUnresolved))
    p.items([...path, "trustedPrincipalArns"], role.trustedPrincipalArns, {
      empty: MESSAGES.noPrincipal,
      what: "principal",
      item: (at, arn) => {
        p.pattern(at, "principalArn", arn);
        if (typeof arn === "string" && p.known(arn) && arn.includes("*")) p.add(at, principalWildcard(arn));
      },
    });
  if (role.targetAccountIds === undefined) p.add([...path, "targetAccountIds"], MESSAGES.noTarget);
  const targets = role.targetAccountIds;
  if (writtenOut(p, [...path, "targetAccountIds"], targets, isUnresolved))
    p.items([...path, "targetAccountIds"], targets, {
      empty: MESSAGES.noTarget,
      what: "target",
      item: (at, id) => {
        if (p.known(id) && !(typeof id === "string" && TARGET_ACCOUNT_PATTERN.test(id))) p.add(at, notATarget(id));
      },
    });
  p.boolean([...path, "requireMfa"], role.requireMfa);
  p.boolean([...path, "allowForeignAccountRoot"], role.allowForeignAccountRoot);
  const seconds = role.maxSessionDurationSeconds;
  if (p.known(seconds)) {
    if (typeof seconds !== "number") p.add([...path, "maxSessionDurationSeconds"], "expected a number of seconds");
    else if (!Number.isInteger(seconds)) p.add([...path, "maxSessionDurationSeconds"], MESSAGES.wholeSeconds);
    else if (seconds < MIN_ROLE_SESSION_SECONDS || seconds > MAX_ROLE_SESSION_SECONDS) p.add([...path, "maxSessionDurationSeconds"], MESSAGES.sessionSeconds);
  }
  p.oneOf([...path, "in"], role.in, OPERATOR_ROLE_LOCATIONS, notALocation);
}

/**
 * The rules across guardrail props: unique role names, "*" alone, no management account as a
 * target, and what a role in the delegated administrator and its alerts need. The config schema
 * runs these on each entry's guardrails (paths relative to them), with its own names in `needs`.
 */
export function guardrailsCrossProblems(facts: GuardrailsFacts, needs: GuardrailsNeeds, isUnresolved?: IsUnresolved): Problem[] {
  const p = new Problems(isUnresolved);
  const roles: unknown[] = Array.isArray(facts.operatorRoles) && p.known(facts.operatorRoles) ? facts.operatorRoles : [];
  const names = roles.map((r) => (r && typeof r === "object" ? (r as { name?: unknown }).name : undefined));
  const management = p.known(needs.managementAccountId) ? needs.managementAccountId : undefined;
  roles.forEach((role, i) => {
    if (!role || typeof role !== "object") return;
    const r = role as { name?: unknown; targetAccountIds?: unknown; in?: unknown };
    const first = names.indexOf(r.name);
    if (typeof r.name === "string" && p.known(r.name) && first !== i) p.add(["operatorRoles", i, "name"], roleNameTaken(r.name, first));
    const targets = r.targetAccountIds;
    if (Array.isArray(targets) && p.known(targets)) {
      if (targets.includes("*") && targets.length > 1) p.add(["operatorRoles", i, "targetAccountIds"], MESSAGES.starAlone);
      targets.forEach((id, j) => {
        if (management !== undefined && id === management) p.add(["operatorRoles", i, "targetAccountIds", j], managementAccountAsTarget(String(id)));
      });
    }
    if (r.in === "delegated-administrator") {
      const missing = [needs.delegatedAdministratorAccount, needs.delegatedAdministratorAccess].find((n) => !n.present);
      if (missing) p.add(["operatorRoles", i, "in"], `"delegated-administrator" needs ${missing.needs}`);
    }
  });
  if (facts.assumeRootAlerts && typeof facts.assumeRootAlerts === "object") {
    const alerts = facts.assumeRootAlerts as { emails?: unknown; snsTopicArn?: unknown };
    if ((alerts.emails === undefined) === (alerts.snsTopicArn === undefined)) p.add(["assumeRootAlerts"], MESSAGES.oneAlertDestination);
    const inDelegated = roles.some((r) => (r as { in?: unknown } | null)?.in === "delegated-administrator");
    if (inDelegated && needs.managementAccountId === undefined) {
      p.add(
        ["assumeRootAlerts"],
        "with an operator role in the delegated administrator, alerts need managementAccountId: that account's event bus receives the AssumeRoot events forwarded from the delegated administrator",
      );
    }
  }
  return p.list;
}
