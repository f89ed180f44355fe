// The organizations config: the user-facing contract (keys are kept; extend, don't rename).
import { z } from "zod";
import { FEATURES, OPERATOR_ROLE_LOCATIONS, TASK_POLICIES, TRUSTED_ACCESS_MODES, oneOf, unsupportedRegion } from "../aws-constants";
import { invalidMessage, listedTwice, managementAccountAsDelegated, notAFeature, RULES, RuleName } from "../validations";

/** A string that must match one of the rules in lib/validations.ts, with that rule's message. */
function pattern(rule: RuleName) {
  const { what, allowed, pattern: re } = RULES[rule];
  // Not a string at all: say what it is, so a number or a list is not mistaken for a wrong value.
  const notString = (input: unknown) =>
    input === undefined
      ? `required; expected ${what} (${allowed})`
      : `expected ${what} (${allowed}) as a string, got ${Array.isArray(input) ? "a list" : input === null ? "null" : typeof input === "object" ? "an object" : `${typeof input} ${JSON.stringify(input)}`}`;
  return z.string({ error: (issue) => notString(issue.input) }).regex(re, { error: (issue) => invalidMessage(rule, issue.input) });
}

export const accountIdSchema = pattern("accountId");
export const roleArnSchema = pattern("roleArn");
const organizationIdSchema = pattern("organizationId");
const regionSchema = pattern("region").check(
  crossCheckString((region, ctx) => {
    const unsupported = unsupportedRegion(region);
    if (unsupported) ctx.addIssue({ code: "custom", message: unsupported });
  }),
);
const servicePrincipalSchema = pattern("servicePrincipal");
const policyTypeSchema = pattern("policyType");

function badDiscriminator(input: unknown, key: string, what: string, allowed: readonly string[]): string {
  const expected = oneOf(allowed.map((a) => JSON.stringify(a)));
  const value = typeof input === "object" && input !== null ? (input as Record<string, unknown>)[key] : undefined;
  return value === undefined ? `required; expected ${what}: ${expected}` : `${JSON.stringify(value)} is not ${what}; expected ${expected}`;
}

const featureSchema = z.enum(FEATURES, {
  error: (issue) => notAFeature(issue.input),
});

/** A check on a string that passed its pattern. */
function crossCheckString(fn: (value: string, ctx: z.core.$RefinementCtx<string>) => void) {
  return z.superRefine<string>(fn);
}

/** An object that rejects unknown keys (typos must not be silently ignored). */
const strict = z.strictObject;

/** A cross-item check that runs even when an item is invalid, so one run reports every problem. */
function crossCheck(fn: (value: unknown, ctx: z.core.$RefinementCtx<unknown>) => void) {
  return z.superRefine<unknown>(fn, { when: () => true });
}

/** Calls `fn` for each value seen before, with its index and the first one's (linear: 200,000 entries take no time). */
function forEachRepeat(values: readonly unknown[], fn: (value: unknown, index: number, first: number) => void): void {
  const firsts = new Map<unknown, number>();
  values.forEach((value, i) => {
    const first = firsts.get(value);
    if (first === undefined) firsts.set(value, i);
    else fn(value, i, first);
  });
}

/** Checks that a list names each value once; reports the repeats by index. */
function uniqueList<T extends z.ZodType<string>>(item: T, what: string) {
  return z.array(item).check(
    crossCheck((values, ctx) => {
      if (!Array.isArray(values)) return;
      forEachRepeat(values, (value, i, first) => {
        if (typeof value === "string") ctx.addIssue({ code: "custom", path: [i], message: listedTwice(value, first, what) });
      });
    }),
  );
}

const providerSchema = strict({
  profile: z.string().min(1, { error: "expected a non-empty AWS profile name" }).optional(),
  assumeRoleArn: roleArnSchema.optional(),
});

const backendSchema = z.discriminatedUnion(
  "type",
  [
    strict({
      type: z.literal("local"),
      path: z
        .string()
        .min(1, { error: "expected a non-empty state file path" })
        // A newline or escape would reach the synthesized JSON and review comments as is.
        .refine((path) => ![...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
          error: "expected a state file path without newlines or control characters",
        })
        .optional(),
    }),
    strict({
      type: z.literal("s3"),
      bucket: z.string().regex(RULES.bucketName.pattern, { error: `expected ${RULES.bucketName.what} (${RULES.bucketName.allowed})` }),
      key: z.string().min(1, { error: "expected a non-empty state object key" }),
      region: regionSchema.optional(),
      useLockfile: z.boolean().optional(),
      encrypt: z.boolean().optional(),
    }),
    strict({
      type: z.literal("cloud"),
      organization: z.string({ error: "required; expected the HCP Terraform or Terraform Enterprise organization name" }).min(1, {
        error: "expected a non-empty organization name",
      }),
      workspaces: z
        .strictObject(
          {
            name: z.string().min(1, { error: "expected a non-empty workspace name" }).optional(),
            tags: z
              .array(z.string().min(1, { error: "expected a non-empty tag" }))
              .min(1, { error: "expected at least one tag" })
              .optional(),
          },
          { error: 'expected { "name": "<workspace>" } or { "tags": ["<tag>", ...] }' },
        )
        .check(
          crossCheck((value, ctx) => {
            const w = value as { name?: unknown; tags?: unknown };
            if (w && typeof w === "object" && (w.name === undefined) === (w.tags === undefined)) {
              ctx.addIssue({ code: "custom", message: 'expected exactly one of "name" (one workspace) or "tags" (the workspaces with these tags)' });
            }
          }),
        ),
      hostname: z
        .string()
        .regex(/^[a-z0-9.-]+(:\d+)?$/, {
          error: (issue) => `${JSON.stringify(issue.input)} is not a hostname; expected e.g. app.terraform.io or tfe.example.com`,
        })
        .optional(),
    }),
  ],
  { error: (issue) => badDiscriminator(issue.input, "type", "a backend type", ["local", "s3", "cloud"]) },
);

const trustedAccessSchema = z.discriminatedUnion(
  "mode",
  [
    strict({ mode: z.literal("service-access") }),
    strict({
      mode: z.literal("organization"),
      organizationId: organizationIdSchema.optional(),
      servicePrincipals: uniqueList(servicePrincipalSchema, "service principal").optional(),
      enabledPolicyTypes: uniqueList(policyTypeSchema, "policy type").optional(),
    }),
    strict({ mode: z.literal("external") }),
  ],
  { error: (issue) => badDiscriminator(issue.input, "mode", "a trusted-access mode", TRUSTED_ACCESS_MODES) },
);

const taskPolicySchema = z.enum(TASK_POLICIES, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a task policy; expected ${oneOf(TASK_POLICIES)}`,
});
const principalArnSchema = pattern("principalArn").check(
  crossCheckString((arn, ctx) => {
    if (arn.includes("*"))
      ctx.addIssue({
        code: "custom",
        message: `${JSON.stringify(arn)} has a wildcard; a trust policy's principal names one role, user or account (AWS refuses wildcards there)`,
      });
  }),
);
const targetAccountSchema = z.string({ error: 'expected "*" or a 12-digit account ID' }).regex(/^(\*|\d{12})$/, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a target; expected "*" (all member accounts) or a 12-digit account ID`,
});
const organizationTargetSchema = pattern("organizationTarget");

export const MIN_ROLE_SESSION_SECONDS = 3600;
export const MAX_ROLE_SESSION_SECONDS = 43200;

const operatorRoleSchema = strict({
  name: z.string({ error: "expected a role name" }).regex(RULES.roleName.pattern, { error: (issue) => invalidMessage("roleName", issue.input) }),
  taskPolicies: uniqueList(taskPolicySchema, "task policy").min(1, { error: `expected at least one task policy: ${oneOf(TASK_POLICIES)}` }),
  trustedPrincipalArns: uniqueList(principalArnSchema, "principal").min(1, { error: "expected at least one principal ARN allowed to assume the role" }),
  targetAccountIds: uniqueList(targetAccountSchema, "target")
    .min(1, { error: 'expected "*" or at least one member account ID' })
    .check(
      crossCheck((ids, ctx) => {
        if (Array.isArray(ids) && ids.includes("*") && ids.length > 1)
          ctx.addIssue({ code: "custom", message: '"*" already means every member account; list "*" alone or account IDs' });
      }),
    ),
  requireMfa: z.boolean().optional(),
  allowForeignAccountRoot: z
    .boolean()
    .optional()
    .describe("Allow another account's :root in trustedPrincipalArns (it trusts whatever that account allows); default false"),
  maxSessionDurationSeconds: z
    .number({ error: "expected a number of seconds" })
    .int({ error: "expected a whole number of seconds" })
    .min(MIN_ROLE_SESSION_SECONDS, { error: `expected ${MIN_ROLE_SESSION_SECONDS} to ${MAX_ROLE_SESSION_SECONDS} seconds` })
    .max(MAX_ROLE_SESSION_SECONDS, { error: `expected ${MIN_ROLE_SESSION_SECONDS} to ${MAX_ROLE_SESSION_SECONDS} seconds` })
    .optional(),
  in: z
    .enum(OPERATOR_ROLE_LOCATIONS, { error: (issue) => `${JSON.stringify(issue.input)} is not a location; expected "management" or "delegated-administrator"` })
    .optional(),
});

const alertsSchema = strict({
  emails: uniqueList(pattern("email"), "email").min(1, { error: "expected at least one email address" }).optional(),
  snsTopicArn: pattern("snsTopicArn").optional(),
}).check(
  crossCheck((value, ctx) => {
    const v = value as { emails?: unknown; snsTopicArn?: unknown };
    if (v && typeof v === "object" && (v.emails === undefined) === (v.snsTopicArn === undefined)) {
      ctx.addIssue({ code: "custom", message: 'expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)' });
    }
  }),
);

export const guardrailsSchema = strict({
  operatorRoles: z
    .array(operatorRoleSchema)
    .check(
      crossCheck((roles, ctx) => {
        if (!Array.isArray(roles)) return;
        const names = roles.map((r) => (r && typeof r === "object" ? (r as { name?: unknown }).name : undefined));
        forEachRepeat(names, (name, i, first) => {
          if (typeof name === "string")
            ctx.addIssue({
              code: "custom",
              path: [i, "name"],
              message: `${JSON.stringify(name)} is already the name of operatorRoles[${first}]; role names must be unique`,
            });
        });
      }),
    )
    .optional(),
  delegatedAdministratorRoleArn: roleArnSchema.optional(),
  denyRootScp: strict({
    targetIds: uniqueList(organizationTargetSchema, "target").min(1, { error: "expected at least one root, OU or account to attach the SCP to" }),
  }).optional(),
  assumeRootAlerts: alertsSchema.optional(),
});

/** Guardrail rules that depend on the rest of the organization's entry. */
function checkGuardrails(org: Record<string, any>, ctx: z.core.$RefinementCtx<unknown>): void {
  const g = org?.guardrails;
  if (!g || typeof g !== "object") return;
  const delegated = org.delegatedAdministrator?.accountId;
  const roles: unknown[] = Array.isArray(g.operatorRoles) ? g.operatorRoles : [];
  roles.forEach((role: any, i) => {
    if (role?.in === "delegated-administrator") {
      if (typeof delegated !== "string") {
        ctx.addIssue({
          code: "custom",
          path: ["guardrails", "operatorRoles", i, "in"],
          message: '"delegated-administrator" needs delegatedAdministrator.accountId (the account the role is created in)',
        });
      } else if (typeof g.delegatedAdministratorRoleArn !== "string") {
        ctx.addIssue({
          code: "custom",
          path: ["guardrails", "operatorRoles", i, "in"],
          message: '"delegated-administrator" needs guardrails.delegatedAdministratorRoleArn (a role in that account for Terraform to assume)',
        });
      }
    }
    // An account's :root trusts whatever that account's IAM allows: fine for the account the role
    // is in, an explicit choice for any other.
    const home = role?.in === "delegated-administrator" ? delegated : org.managementAccountId;
    const principals: unknown = role?.trustedPrincipalArns;
    if (Array.isArray(principals) && role?.allowForeignAccountRoot !== true) {
      principals.forEach((arn, j) => {
        const account = typeof arn === "string" ? /^arn:[\w-]+:iam::(\d{12}):root$/.exec(arn)?.[1] : undefined;
        if (account && account !== home)
          ctx.addIssue({
            code: "custom",
            path: ["guardrails", "operatorRoles", i, "trustedPrincipalArns", j],
            message: `${arn} trusts every principal that account ${account} allows, and the role is not in that account; name a role, or set "allowForeignAccountRoot": true`,
          });
      });
    }
    const targets: unknown = role?.targetAccountIds;
    if (Array.isArray(targets)) {
      targets.forEach((id, j) => {
        if (id === org.managementAccountId)
          ctx.addIssue({
            code: "custom",
            path: ["guardrails", "operatorRoles", i, "targetAccountIds", j],
            message: `${id} is the management account, which AssumeRoot cannot target; list member accounts`,
          });
      });
    }
  });
  const roleArnAccount = typeof g.delegatedAdministratorRoleArn === "string" ? /:iam::(\d{12}):/.exec(g.delegatedAdministratorRoleArn)?.[1] : undefined;
  if (roleArnAccount && typeof delegated === "string" && roleArnAccount !== delegated) {
    ctx.addIssue({
      code: "custom",
      path: ["guardrails", "delegatedAdministratorRoleArn"],
      message: `the role is in account ${roleArnAccount}, not in the delegated administrator ${delegated}`,
    });
  }
  if (g.assumeRootAlerts && roles.some((r: any) => r?.in === "delegated-administrator") && typeof org.managementAccountId !== "string") {
    ctx.addIssue({
      code: "custom",
      path: ["guardrails", "assumeRootAlerts"],
      message:
        "with an operator role in the delegated administrator, alerts need managementAccountId: that account's event bus receives the AssumeRoot events forwarded from the delegated administrator",
    });
  }
  const ta = org.trustedAccess;
  if (g.denyRootScp && ta?.mode === "organization" && Array.isArray(ta.enabledPolicyTypes) && !ta.enabledPolicyTypes.includes("SERVICE_CONTROL_POLICY")) {
    ctx.addIssue({
      code: "custom",
      path: ["guardrails", "denyRootScp"],
      message: "needs SERVICE_CONTROL_POLICY in trustedAccess.enabledPolicyTypes (the stack would disable SCPs)",
    });
  }
}

/** Import rules that depend on the rest of the entry (the construct checks the same). */
function checkAdopt(org: Record<string, any>, ctx: z.core.$RefinementCtx<unknown>): void {
  const adopt = org?.adopt;
  if (!adopt || typeof adopt !== "object") return;
  const mode = org.trustedAccess?.mode ?? "service-access";
  if (
    adopt.features === true &&
    typeof adopt.organizationId !== "string" &&
    !(mode === "organization" && typeof org.trustedAccess?.organizationId === "string")
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["adopt", "features"],
      message: "importing the features needs the organization's ID: set adopt.organizationId (discover --write does)",
    });
  }
  if (adopt.iamTrustedAccess === true && mode !== "service-access") {
    ctx.addIssue({
      code: "custom",
      path: ["adopt", "iamTrustedAccess"],
      message: `only "service-access" mode has a trusted-access resource to import (the mode is "${mode}")`,
    });
  }
  if (adopt.delegatedAdministrator === true && typeof org.delegatedAdministrator?.accountId !== "string") {
    ctx.addIssue({
      code: "custom",
      path: ["adopt", "delegatedAdministrator"],
      message: "there is no delegated administrator to import: set delegatedAdministrator.accountId",
    });
  }
}

/** The zod schema of one organization entry (with its cross-field checks). */
export const organizationSchema = z
  .strictObject({
    name: z
      .string({ error: "expected a name" })
      .regex(RULES.stackName.pattern, { error: (issue) => invalidMessage("stackName", issue.input) })
      .describe("Stack name; unique"),
    region: regionSchema.describe("AWS region of the stack's provider"),
    managementAccountId: accountIdSchema.optional().describe("The management account: the plan fails unless it runs as this account"),
    provider: providerSchema.optional().describe("AWS provider credentials: a profile and/or a role to assume"),
    backend: backendSchema.optional().describe("Where Terraform keeps state; default: local file terraform.<name>.tfstate"),
    trustedAccess: trustedAccessSchema
      .optional()
      .describe("How IAM trusted access is enabled: service-access (default, IAM only), organization (owns the organization; authoritative lists) or external"),
    features: uniqueList(featureSchema, "feature")
      .min(1, { error: `expected at least one feature: ${oneOf(FEATURES)}` })
      .optional()
      .describe("IAM organization features to enable; default both"),
    delegatedAdministrator: strict({ accountId: accountIdSchema }).optional().describe("A member account to register as IAM delegated administrator"),
    guardrails: guardrailsSchema.optional().describe("Operator roles, a root-denying SCP and alerts on root sessions; all off by default"),
    adopt: strict({
      organizationId: organizationIdSchema.optional(),
      iamTrustedAccess: z.boolean().optional(),
      features: z.boolean().optional(),
      delegatedAdministrator: z.boolean().optional(),
    })
      .optional()
      .describe("What is already on (discover --write records it): imported instead of created"),
    destroyDisables: z
      .boolean()
      .optional()
      .describe("Let a destroy turn off IAM trusted access, the features and the delegated administrator; default false: a destroy is refused"),
    stopManaging: z.boolean().optional().describe("Stop managing this organization: Terraform forgets every resource (removed blocks) and leaves AWS as it is"),
  })
  .check(
    crossCheck((value, ctx) => {
      const org = value as { managementAccountId?: unknown; delegatedAdministrator?: { accountId?: unknown } };
      const delegated = org?.delegatedAdministrator?.accountId;
      checkGuardrails(org as Record<string, any>, ctx);
      checkAdopt(org as Record<string, any>, ctx);
      if (typeof delegated === "string" && delegated === org.managementAccountId) {
        ctx.addIssue({
          code: "custom",
          path: ["delegatedAdministrator", "accountId"],
          message: managementAccountAsDelegated(delegated),
        });
      }
    }),
  );

/** The zod schema of the organizations config file: the user-facing contract. */
export const organizationsConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    organizations: z.array(organizationSchema, { error: "expected a list of organizations" }).min(1, { error: "expected at least one organization" }),
  })
  .check(
    crossCheck((value, ctx) => {
      const orgs = (value as { organizations?: unknown })?.organizations;
      if (!Array.isArray(orgs)) return;
      const names = orgs.map((o) => (typeof o === "object" && o !== null ? (o as { name?: unknown }).name : undefined));
      forEachRepeat(names, (name, i, first) => {
        if (typeof name === "string") {
          ctx.addIssue({
            code: "custom",
            path: ["organizations", i, "name"],
            message: `${JSON.stringify(name)} is already the name of organizations[${first}]; names must be unique`,
          });
        }
      });
    }),
  );

/** A validated organizations config. */
export type OrganizationsConfig = z.output<typeof organizationsConfigSchema>;
/** One validated organization entry. */
export type OrganizationConfig = z.output<typeof organizationSchema>;
export type TrustedAccessConfig = NonNullable<OrganizationConfig["trustedAccess"]>;
export type BackendConfig = NonNullable<OrganizationConfig["backend"]>;
export type ProviderConfig = NonNullable<OrganizationConfig["provider"]>;
export type GuardrailsConfig = z.output<typeof guardrailsSchema>;
export type OperatorRoleConfig = z.output<typeof operatorRoleSchema>;
