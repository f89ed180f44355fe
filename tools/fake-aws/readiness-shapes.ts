// An organization with one OU per policy shape that meets root sessions (tools/fake-aws/policy-corpus.ts),
// for `root-access readiness` and the enforcement of SCPs and RCPs: `npm run fake-aws -- --seed readiness`.
import { FakeOrganization } from "./model";
import { CORPUS } from "./policy-corpus";
import { RCP, SCP } from "./organization-policies";

/** One OU per shape, each with one member account (IDs 3000000000NN), and the policy attached to the OU. */
export const READINESS_SHAPES = [
  { shape: "exempting", policy: "awsDenyRootExemptingSessions", type: SCP },
  { shape: "lza-cccs", policy: "lzaCccsRoot", type: SCP },
  { shape: "lza-cccs-fixed", policy: "lzaCccsRootFixed", type: SCP },
  { shape: "bucket-policy-only", policy: "denyRootExceptBucketPolicy", type: SCP },
  { shape: "control-tower", policy: "controlTowerRestrictRoot", type: SCP },
  { shape: "control-tower-exempt", policy: "controlTowerRestrictRootExempt", type: SCP },
  { shape: "allow-list", policy: "allowListWithoutSqs", type: SCP },
  { shape: "rcp-data", policy: "rcpDenyRoot", type: RCP },
  { shape: "keep-keys", policy: "denyRootKeyDeletion", type: SCP },
  { shape: "corporate-network", policy: "denyOutsideCorporateNetwork", type: SCP },
] as const;
export type ReadinessShape = (typeof READINESS_SHAPES)[number]["shape"];

export interface SeededShape {
  readonly shape: ReadinessShape;
  readonly ouId: string;
  readonly accountId: string;
  readonly policyId: string;
  readonly policyName: string;
}

/**
 * Seeds the shapes: SCPs and RCPs enabled, an OU per shape with its policy, one account in each (with
 * a root password, a bucket and a queue, so every task has something to do), and one account under the
 * root with nothing but FullAWSAccess. The allow-list OU has FullAWSAccess detached, as it replaces it.
 */
export function seedReadinessShapes(org: FakeOrganization): { shapes: SeededShape[]; plainAccountId: string } {
  org.enabledPolicyTypes.add(SCP);
  org.enabledPolicyTypes.add(RCP);
  const shapes = READINESS_SHAPES.map(({ shape, policy, type }, i) => {
    const n = String(i + 1).padStart(2, "0");
    const ouId = `ou-${org.rootId.slice(2)}-shape00${n}`;
    const accountId = `3000000000${n}`;
    org.addOrganizationalUnit(ouId, shape);
    const account = org.addAccount({ id: accountId, name: `${shape}-workload`, parentId: ouId, rootCredentials: { loginProfile: true } });
    account.buckets.set(
      `locked-${accountId}`,
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" }] }),
    );
    account.queues.set(`http://127.0.0.1/${accountId}/locked`, undefined);
    const p = org.addPolicy({ id: `p-shape00${n}`, name: policy, type, content: CORPUS[policy], targets: [ouId] });
    if (shape === "allow-list") org.fullAccessDetached.add(ouId);
    return { shape, ouId, accountId, policyId: p.id, policyName: p.name };
  });
  const plainAccountId = "300000000099";
  org.addAccount({ id: plainAccountId, name: "plain-workload" });
  return { shapes, plainAccountId };
}
