// The organizations config: the user-facing contract (keys are kept; extend, don't rename).
import { z } from "zod";
import { FEATURES, OPERATOR_ROLE_LOCATIONS, TASK_POLICIES, oneOf, unsupportedRegion } from "../aws-constants";
import { guardrailsCrossProblems } from "../constructs/root-access-guardrails-rules";
import { managementCrossProblems } from "../constructs/root-access-management-rules";
import {
  invalidMessage,
  listedTwice,
  MAX_ROLE_SESSION_SECONDS,
  MESSAGES,
  MIN_ROLE_SESSION_SECONDS,
  notAFeature,
  notALocation,
  notATarget,
  notATaskPolicy,
  notATrustedAccessMode,
  Problem,
  RULES,
  RuleName,
  TARGET_ACCOUNT_PATTERN,
  principalWildcard,
} from "../validations";

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
  { error: (issue) => notATrustedAccessMode(typeof issue.input === "object" && issue.input !== null ? (issue.input as { mode?: unknown }).mode : undefined) },
);

const taskPolicySchema = z.enum(TASK_POLICIES, { error: (issue) => notATaskPolicy(issue.input) });
const principalArnSchema = pattern("principalArn").check(
  crossCheckString((arn, ctx) => {
    if (arn.includes("*"))
      ctx.addIssue({
        code: "custom",
        message: principalWildcard(arn),
      });
  }),
);
const targetAccountSchema = z
  .string({ error: 'expected "*" or a 12-digit account ID' })
  .regex(TARGET_ACCOUNT_PATTERN, { error: (issue) => notATarget(issue.input) });
const organizationTargetSchema = pattern("organizationTarget");

export { MAX_ROLE_SESSION_SECONDS, MIN_ROLE_SESSION_SECONDS };

const operatorRoleSchema = strict({
  name: z.string({ error: "expected a role name" }).regex(RULES.roleName.pattern, { error: (issue) => invalidMessage("roleName", issue.input) }),
  taskPolicies: uniqueList(taskPolicySchema, "task policy").min(1, { error: MESSAGES.noTaskPolicy }),
  trustedPrincipalArns: uniqueList(principalArnSchema, "principal").min(1, { error: MESSAGES.noPrincipal }),
  // "*" alone: guardrailsCrossProblems.
  targetAccountIds: uniqueList(targetAccountSchema, "target").min(1, { error: MESSAGES.noTarget }),
  requireMfa: z.boolean().optional(),
  allowForeignAccountRoot: z
    .boolean()
    .optional()
    .describe("Allow another account's :root in trustedPrincipalArns (it trusts whatever that account allows); default false"),
  maxSessionDurationSeconds: z
    .number({ error: "expected a number of seconds" })
    .int({ error: MESSAGES.wholeSeconds })
    .min(MIN_ROLE_SESSION_SECONDS, { error: MESSAGES.sessionSeconds })
    .max(MAX_ROLE_SESSION_SECONDS, { error: MESSAGES.sessionSeconds })
    .optional(),
  in: z.enum(OPERATOR_ROLE_LOCATIONS, { error: (issue) => notALocation(issue.input) }).optional(),
});

// Exactly one of emails and snsTopicArn: guardrailsCrossProblems.
const alertsSchema = strict({
  emails: uniqueList(pattern("email"), "email").min(1, { error: MESSAGES.noEmail }).optional(),
  snsTopicArn: pattern("snsTopicArn").optional(),
});

export const guardrailsSchema = strict({
  // Unique names: guardrailsCrossProblems.
  operatorRoles: z.array(operatorRoleSchema).optional(),
  delegatedAdministratorRoleArn: roleArnSchema.optional(),
  denyRootScp: strict({
    targetIds: uniqueList(organizationTargetSchema, "target").min(1, { error: MESSAGES.noScpTarget }),
  }).optional(),
  assumeRootAlerts: alertsSchema.optional(),
});

/** Adds the problems of a rule run on part of the entry, their paths below `at`. */
function report(ctx: z.core.$RefinementCtx<unknown>, problems: readonly Problem[], at: readonly (string | number)[] = []): void {
  for (const problem of problems) ctx.addIssue({ code: "custom", path: [...at, ...problem.path], message: problem.message });
}

/** Guardrail rules that depend on the rest of the organization's entry (the construct's rules, with the config's names). */
function checkGuardrails(org: Record<string, any>, ctx: z.core.$RefinementCtx<unknown>): void {
  const g = org?.guardrails;
  if (!g || typeof g !== "object") return;
  const delegated = org.delegatedAdministrator?.accountId;
  report(
    ctx,
    guardrailsCrossProblems(g, {
      delegatedAdministratorAccount: { present: typeof delegated === "string", needs: "delegatedAdministrator.accountId (the account the role is created in)" },
      delegatedAdministratorAccess: {
        present: typeof g.delegatedAdministratorRoleArn === "string",
        needs: "guardrails.delegatedAdministratorRoleArn (a role in that account for Terraform to assume)",
      },
      managementAccountId: typeof org.managementAccountId === "string" ? org.managementAccountId : undefined,
    }),
    ["guardrails"],
  );
  // An account's :root trusts whatever that account's IAM allows: fine for the account the role
  // is in, an explicit choice for any other.
  const roles: unknown[] = Array.isArray(g.operatorRoles) ? g.operatorRoles : [];
  roles.forEach((role: any, i) => {
    const home = role?.in === "delegated-administrator" ? delegated : org.managementAccountId;
    const principals: unknown = role?.trustedPrincipalArns;
    if (!Array.isArray(principals) || role?.allowForeignAccountRoot === true) return;
    principals.forEach((arn, j) => {
      const account = typeof arn === "string" ? /^arn:[\w-]+:iam::(\d{12}):root$/.exec(arn)?.[1] : undefined;
      if (account && account !== home)
        ctx.addIssue({
          code: "custom",
          path: ["guardrails", "operatorRoles", i, "trustedPrincipalArns", j],
          message: `${arn} trusts every principal that account ${account} allows, and the role is not in that account; name a role, or set "allowForeignAccountRoot": true`,
        });
    });
  });
  const roleArnAccount = typeof g.delegatedAdministratorRoleArn === "string" ? /:iam::(\d{12}):/.exec(g.delegatedAdministratorRoleArn)?.[1] : undefined;
  if (roleArnAccount && typeof delegated === "string" && roleArnAccount !== delegated) {
    ctx.addIssue({
      code: "custom",
      path: ["guardrails", "delegatedAdministratorRoleArn"],
      message: `the role is in account ${roleArnAccount}, not in the delegated administrator ${delegated}`,
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
      const org = value as Record<string, any>;
      if (!org || typeof org !== "object") return;
      checkGuardrails(org, ctx);
      // The construct's rules across props (imports, the delegated administrator), with the config's names.
      const facts = { ...org, delegatedAdministratorAccountId: org.delegatedAdministrator?.accountId };
      report(ctx, managementCrossProblems(facts, { delegatedAdministratorAccountId: ["delegatedAdministrator", "accountId"] }));
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
