// Regenerates __tests__/fixtures/review: for each case, the synthesized stacks of a base and a head
// config and, where the mirrored provider can plan it offline, the real `terraform show -json` plan
// of head against a state file written from base (`terraform plan -refresh=false`).
// Run: npx tsx scripts/make-review-fixtures.ts   (needs terraform and the AWS provider mirror)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { addOrganizationStacks } from "../lib/app";
import { validateConfig } from "../lib/config/load-config";

const OUT = join(__dirname, "..", "__tests__", "fixtures", "review");
const MIRROR = process.env.ROOT_ACCESS_TF_MIRROR ?? "/opt/tf-plugins";
const ORG_ID = "o-exampleorgid";

type Entry = Record<string, unknown>;
interface Case {
  readonly base?: Entry;
  readonly head: Entry;
  /** Plan with the real terraform (organization mode, no data sources). */
  readonly plan: boolean;
  /** Edits of the head stack JSON before planning (e.g. a resource removed by hand). */
  readonly editHead?: (json: any) => void;
  /** Edits of the base state attributes by resource type. */
  readonly editState?: Record<string, (attrs: any) => void>;
}

const lab = (extra: Entry = {}): Entry => ({
  name: "main",
  region: "us-east-1",
  backend: { type: "local", path: "terraform.main.tfstate" },
  trustedAccess: { mode: "organization" },
  ...extra,
});
const org = (ta: Entry, extra: Entry = {}) => lab({ trustedAccess: { mode: "organization", organizationId: ORG_ID, ...ta }, ...extra });
const auditor = {
  name: "RootAccessAuditor",
  taskPolicies: ["IAMAuditRootUserCredentials"],
  trustedPrincipalArns: ["arn:aws:iam::111111111111:role/SecurityTeam"],
  targetAccountIds: ["*"],
  requireMfa: true,
};
const scp = (targets: string[]) => ({ denyRootScp: { targetIds: targets } });

const CASES: Record<string, Case> = {
  "lab-create": { head: lab(), plan: true },
  "drop-sso": {
    base: org({ servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] }),
    head: org({ servicePrincipals: ["config.amazonaws.com"] }),
    plan: true,
  },
  "add-sso": {
    base: org({ servicePrincipals: ["config.amazonaws.com"] }),
    head: org({ servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] }),
    plan: true,
  },
  "policy-type-dropped": {
    base: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"] }),
    head: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }),
    plan: true,
  },
  "feature-removed": { base: org({}), head: org({}, { features: ["RootCredentialsManagement"] }), plan: true },
  "feature-added": { base: org({}, { features: ["RootCredentialsManagement"] }), head: org({}), plan: true },
  "delegated-admin-removed": { base: org({}, { delegatedAdministrator: { accountId: "222222222222" } }), head: org({}), plan: true },
  "scp-detached-and-narrowed": {
    base: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }, { guardrails: scp(["r-ex12", "ou-ex12-11111111"]) }),
    head: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }, { guardrails: scp(["r-ex12"]) }),
    plan: true,
    editState: {
      aws_organizations_policy: (a) => {
        const doc = JSON.parse(a.content);
        doc.Statement.push({ Sid: "DenyLeavingOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" });
        a.content = JSON.stringify(doc);
      },
    },
  },
  "scp-attached": {
    base: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }),
    head: org({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }, { guardrails: scp(["r-ex12"]) }),
    plan: true,
  },
  "role-widened": {
    base: org({}, { guardrails: { operatorRoles: [auditor] } }),
    head: org(
      {},
      {
        guardrails: {
          operatorRoles: [
            {
              ...auditor,
              taskPolicies: ["IAMAuditRootUserCredentials", "IAMDeleteRootUserCredentials"],
              trustedPrincipalArns: [...auditor.trustedPrincipalArns, "arn:aws:iam::111111111111:role/Contractors"],
              requireMfa: false,
            },
          ],
        },
      },
    ),
    plan: true,
  },
  "role-narrowed": {
    base: org({}, { guardrails: { operatorRoles: [{ ...auditor, taskPolicies: ["IAMAuditRootUserCredentials", "IAMDeleteRootUserCredentials"] }] } }),
    head: org({}, { guardrails: { operatorRoles: [auditor] } }),
    plan: true,
  },
  "organization-removed": {
    base: lab(),
    head: lab(),
    plan: true,
    editHead: (json) => {
      delete json.resource.aws_organizations_organization;
      delete Object.values(json.resource.aws_iam_organizations_features as Record<string, any>)[0].depends_on;
      json.output.organization_id.value = "${aws_iam_organizations_features.root-access_features_EF27E5AD.id}";
    },
  },
  "service-access-to-organization": {
    base: { name: "main", region: "us-east-1", backend: { type: "local", path: "terraform.main.tfstate" } },
    head: org({}),
    plan: false,
  },
  "organization-to-service-access": {
    base: org({ servicePrincipals: ["sso.amazonaws.com"] }),
    head: { name: "main", region: "us-east-1", backend: { type: "local", path: "terraform.main.tfstate" } },
    plan: false,
  },
};

function synth(entry: Entry): any {
  const config = validateConfig({ organizations: [entry] }, "fixture");
  const [stack] = addOrganizationStacks(Testing.app() as App, config);
  return JSON.parse(Testing.synth(stack));
}

function writeStack(dir: string, json: any): void {
  mkdirSync(join(dir, "stacks", "main"), { recursive: true });
  writeFileSync(join(dir, "stacks", "main", "cdk.tf.json"), `${JSON.stringify(json, null, 2)}\n`);
}

/** Computed attributes the state needs, per resource type. */
function computed(type: string, name: string, attrs: any): Record<string, unknown> {
  switch (type) {
    case "aws_organizations_organization":
      return {
        id: ORG_ID,
        arn: `arn:aws:organizations::111111111111:organization/${ORG_ID}`,
        master_account_id: "111111111111",
        enabled_policy_types: attrs.enabled_policy_types ?? [],
      };
    case "aws_iam_organizations_features":
      return { id: ORG_ID };
    case "aws_organizations_delegated_administrator":
      return { id: `${attrs.account_id}/${attrs.service_principal}` };
    case "aws_organizations_policy":
      return { id: "p-exampledeny", arn: "arn:aws:organizations::111111111111:policy/o-exampleorgid/service_control_policy/p-exampledeny" };
    case "aws_organizations_policy_attachment":
      return { id: `${attrs.target_id}:p-exampledeny`, policy_id: "p-exampledeny" };
    case "aws_iam_role":
      return { id: attrs.name, arn: `arn:aws:iam::111111111111:role/${attrs.name}`, unique_id: "AROAEXAMPLE", path: "/", force_detach_policies: false };
    case "aws_iam_role_policy":
      return { id: `${name}:${attrs.name}` };
    default:
      return { id: name };
  }
}

/** A version-4 state holding base's resources, with references resolved to the values above. */
function stateFrom(base: any, edit: Case["editState"] = {}): string {
  const entries: { type: string; name: string; provider: string; attrs: any }[] = [];
  for (const [type, byName] of Object.entries((base.resource ?? {}) as Record<string, Record<string, any>>)) {
    for (const [name, body] of Object.entries(byName)) {
      const attrs: any = {};
      for (const [k, v] of Object.entries(body)) if (!["//", "lifecycle", "depends_on", "provider"].includes(k)) attrs[k] = v;
      entries.push({
        type,
        name,
        provider: body.provider
          ? `provider["registry.terraform.io/hashicorp/aws"].${String(body.provider).split(".")[1]}`
          : 'provider["registry.terraform.io/hashicorp/aws"]',
        attrs,
      });
    }
  }
  const values: Record<string, Record<string, unknown>> = {};
  for (const e of entries) values[`${e.type}.${e.name}`] = { ...e.attrs, ...computed(e.type, e.name, e.attrs) };
  const resolve = (v: unknown): unknown => {
    if (typeof v === "string")
      return v.replace(/\$\{([\w-]+\.[\w-]+)\.(\w+)\}/g, (_m, addr, attr) => String(values[addr]?.[attr] ?? `unresolved-${addr}.${attr}`));
    if (Array.isArray(v)) return v.map(resolve);
    return v;
  };
  const resources = entries.map((e) => {
    const attrs = Object.fromEntries(Object.entries(values[`${e.type}.${e.name}`]).map(([k, v]) => [k, resolve(v)]));
    edit[e.type]?.(attrs);
    return { mode: "managed", type: e.type, name: e.name, provider: e.provider, instances: [{ schema_version: 0, attributes: attrs }] };
  });
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: "review-fixture", outputs: {}, resources }, null, 2);
}

function plan(name: string, c: Case, head: any, base: any | undefined): void {
  const dir = mkdtempSync(join(tmpdir(), `ra-fixture-${name}-`));
  const offline = {
    access_key: "fixture",
    secret_key: "fixture",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
  };
  const json = JSON.parse(JSON.stringify(head));
  json.provider.aws = json.provider.aws.map((p: any) => ({ ...p, ...offline }));
  delete json.terraform.backend;
  delete json.import; // the state already holds the organization
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
  if (base) writeFileSync(join(dir, "terraform.tfstate"), stateFrom(base, c.editState));
  const rc = join(dir, "terraform.rc");
  writeFileSync(rc, `provider_installation {\n  filesystem_mirror {\n    path = "${MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
  execFileSync("terraform", ["init", "-input=false", "-no-color"], { cwd: dir, env, stdio: "ignore" });
  execFileSync("terraform", ["plan", "-refresh=false", "-input=false", "-no-color", "-out", "p.out"], { cwd: dir, env, stdio: "ignore" });
  const show = execFileSync("terraform", ["show", "-json", "p.out"], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }).toString();
  const planJson = JSON.parse(show);
  // Keep what the review reads; the rest (configuration, schema details) only bloats the fixture.
  const kept = {
    format_version: planJson.format_version,
    terraform_version: planJson.terraform_version,
    resource_changes: planJson.resource_changes,
    resource_drift: planJson.resource_drift,
    output_changes: planJson.output_changes,
  };
  writeFileSync(join(OUT, name, "main.plan.json"), `${JSON.stringify(kept, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
}

rmSync(OUT, { recursive: true, force: true });
for (const [name, c] of Object.entries(CASES)) {
  const head = synth(c.head);
  c.editHead?.(head);
  const base = c.base ? synth(c.base) : undefined;
  writeStack(join(OUT, name, "head"), head);
  if (base) writeStack(join(OUT, name, "base"), base);
  if (c.plan) plan(name, c, head, base);
  console.log(`${name}: synth${base ? " base+head" : " head"}${c.plan ? ", plan" : ""}`);
}
