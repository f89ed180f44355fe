// The rules on RootAccessManagement's props as pure functions (no cdktf): the construct runs them all,
// and the config schema runs the cross-field ones on each organization entry, so each exists once.
import { FEATURES, TRUSTED_ACCESS_MODES } from "../aws-constants";
import { IsUnresolved, managementAccountAsDelegated, MESSAGES, notAFeature, notATrustedAccessMode, pathText, Problem, Problems } from "../validations";

type Path = readonly (string | number)[];

/** Where the rules find the delegated administrator's account: a prop here, `delegatedAdministrator.accountId` in the config. */
export interface ManagementKeys {
  readonly delegatedAdministratorAccountId: Path;
}

/** The construct's own prop names. */
export const PROPS_KEYS: ManagementKeys = { delegatedAdministratorAccountId: ["delegatedAdministratorAccountId"] };

/** The props (or a config entry's parts) the cross-field rules read. */
export interface ManagementFacts {
  readonly trustedAccess?: { readonly mode?: unknown; readonly organizationId?: unknown };
  readonly managementAccountId?: unknown;
  readonly delegatedAdministratorAccountId?: unknown;
  readonly adopt?: {
    readonly organizationId?: unknown;
    readonly iamTrustedAccess?: unknown;
    readonly features?: unknown;
    readonly delegatedAdministrator?: unknown;
  };
}

const PROPS = ["trustedAccess", "features", "delegatedAdministratorAccountId", "managementAccountId", "provider", "adopt", "destroyDisables"] as const;
const ADOPT = ["organizationId", "iamTrustedAccess", "features", "delegatedAdministrator"] as const;
const TRUSTED_ACCESS_KEYS: Record<(typeof TRUSTED_ACCESS_MODES)[number], readonly string[]> = {
  "service-access": ["mode"],
  organization: ["mode", "organizationId", "servicePrincipals", "enabledPolicyTypes"],
  external: ["mode"],
};

/**
 * Every problem of RootAccessManagement's props, with the config's messages; values that
 * `isUnresolved` calls tokens are checked only once Terraform knows them (never here).
 */
export function rootAccessManagementProblems(props: unknown, isUnresolved?: IsUnresolved): Problem[] {
  const p = new Problems(isUnresolved);
  if (!p.object([], props ?? {}, PROPS)) return p.list;
  const given = (props ?? {}) as Record<string, unknown>;
  trustedAccessProblems(p, given.trustedAccess);
  p.items(["features"], given.features, {
    empty: MESSAGES.noFeature,
    what: "feature",
    item: (path, f) => p.oneOf(path, f, FEATURES, notAFeature),
  });
  p.pattern(["managementAccountId"], "accountId", given.managementAccountId);
  p.pattern(["delegatedAdministratorAccountId"], "accountId", given.delegatedAdministratorAccountId);
  p.boolean(["destroyDisables"], given.destroyDisables);
  if (p.object(["adopt"], given.adopt, ADOPT)) {
    p.pattern(["adopt", "organizationId"], "organizationId", given.adopt.organizationId);
    for (const key of ["iamTrustedAccess", "features", "delegatedAdministrator"] as const) p.boolean(["adopt", key], given.adopt[key]);
  }
  p.list.push(...managementCrossProblems(given as ManagementFacts, PROPS_KEYS, isUnresolved));
  return p.list;
}

function trustedAccessProblems(p: Problems, trustedAccess: unknown): void {
  if (!p.known(trustedAccess)) return;
  if (typeof trustedAccess !== "object" || trustedAccess === null) {
    p.add(["trustedAccess"], notATrustedAccessMode(undefined));
    return;
  }
  const mode = (trustedAccess as { mode?: unknown }).mode;
  if (mode === undefined) {
    p.add(["trustedAccess", "mode"], notATrustedAccessMode(undefined));
    return;
  }
  if (!p.oneOf(["trustedAccess", "mode"], mode, TRUSTED_ACCESS_MODES, notATrustedAccessMode)) return;
  const ta = trustedAccess as Record<string, unknown>;
  p.object(["trustedAccess"], ta, TRUSTED_ACCESS_KEYS[mode]);
  if (mode !== "organization") return;
  p.pattern(["trustedAccess", "organizationId"], "organizationId", ta.organizationId);
  // The principals are merged with IAM's and sorted: the list itself cannot be a token.
  if (ta.servicePrincipals !== undefined && !p.known(ta.servicePrincipals)) {
    p.add(["trustedAccess", "servicePrincipals"], "must be a list written out (its items may be tokens), not a list token: IAM's principal is added to it");
  }
  p.items(["trustedAccess", "servicePrincipals"], ta.servicePrincipals, {
    what: "service principal",
    item: (path, sp) => p.pattern(path, "servicePrincipal", sp),
  });
  p.items(["trustedAccess", "enabledPolicyTypes"], ta.enabledPolicyTypes, {
    what: "policy type",
    item: (path, t) => p.pattern(path, "policyType", t),
  });
}

/**
 * The rules across props: what may be imported, and the delegated administrator is a member
 * account. The config schema runs these on each organization entry (with its own key names).
 */
export function managementCrossProblems(facts: ManagementFacts, keys: ManagementKeys, isUnresolved?: IsUnresolved): Problem[] {
  const p = new Problems(isUnresolved);
  const mode = p.known(facts.trustedAccess?.mode) ? facts.trustedAccess?.mode : facts.trustedAccess ? undefined : "service-access";
  const delegated = facts.delegatedAdministratorAccountId;
  if (typeof delegated === "string" && p.known(delegated) && delegated === facts.managementAccountId) {
    p.add(keys.delegatedAdministratorAccountId, managementAccountAsDelegated(delegated));
  }
  const adopt = facts.adopt;
  if (!adopt || typeof adopt !== "object") return p.list;
  const organizationId = mode === "organization" ? facts.trustedAccess?.organizationId : undefined;
  if (adopt.features === true && adopt.organizationId === undefined && organizationId === undefined) {
    p.add(["adopt", "features"], "importing the features needs the organization's ID: set adopt.organizationId (discover --write does)");
  }
  if (adopt.iamTrustedAccess === true && typeof mode === "string" && mode !== "service-access") {
    p.add(["adopt", "iamTrustedAccess"], `only "service-access" mode has a trusted-access resource to import (the mode is "${mode}")`);
  }
  if (adopt.delegatedAdministrator === true && delegated === undefined) {
    p.add(["adopt", "delegatedAdministrator"], `there is no delegated administrator to import: set ${pathText(keys.delegatedAdministratorAccountId)}`);
  }
  return p.list;
}
