// The calls a root session makes for each task, taken from the commands' own operations
// (COMMAND_OPERATIONS in lib/permissions.ts) so the prediction and the commands never drift, and the
// request context AWS evaluates them with (AWS-FACTS.md: root sessions run as the account's root).
import { TaskPolicy } from "../../aws-constants";
import { COMMAND_OPERATIONS, OPERATIONS, OperationSpec } from "../../permissions";
import { PartialResource, requestContext, RequestContext } from "./request-context";

/** The IAM actions the root sessions of a task send, in the order the commands send them. */
export function taskActions(task: TaskPolicy): string[] {
  const actions: string[] = [];
  for (const command of Object.values(COMMAND_OPERATIONS)) {
    if (!(command.taskPolicies as readonly TaskPolicy[]).includes(task)) continue;
    for (const op of command.operations) {
      const spec = OPERATIONS[op] as OperationSpec;
      if (spec.principal === "root-session" && spec.iamAction && !actions.includes(spec.iamAction)) actions.push(spec.iamAction);
    }
  }
  return actions;
}

/**
 * Actions a command needs only for some inputs: deleting one kind of credential, putting a backed-up
 * bucket policy back. When only these are denied the verdict is `partial`; when every deletion is
 * denied the delete command can do nothing (`blocked`). Every other action of a task is essential.
 */
export const PER_INPUT_ACTIONS: Partial<Record<TaskPolicy, { readonly actions: readonly string[]; readonly blockedWhenAllDenied: boolean }>> = {
  IAMDeleteRootUserCredentials: {
    actions: ["iam:DeleteLoginProfile", "iam:DeleteAccessKey", "iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice", "iam:DeleteSigningCertificate"],
    blockedWhenAllDenied: true,
  },
  S3UnlockBucketPolicy: { actions: ["s3:PutBucketPolicy"], blockedWhenAllDenied: false },
};

/** Services whose resources resource control policies protect (of those root sessions touch). */
export const RCP_SERVICES = ["s3", "sqs", "sts"] as const;

/** IAM is a global service: AWS sets aws:RequestedRegion to the partition's IAM region. */
const IAM_REGION: Record<string, string> = { aws: "us-east-1", "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-north-1" };

/** Keys whose value a prediction cannot know, with the reason. */
const UNKNOWABLE: [RegExp, (key: string) => string][] = [
  [/^aws:sourceip$/, () => "aws:SourceIp is the address the call comes from, known only when it is made"],
  [/^aws:(sourcevpc|sourcevpce|vpcsourceip)$/, (k) => `${k} depends on the network path of the call`],
  [/^aws:(currenttime|epochtime|tokenissuetime|multifactorauthage)$/, (k) => `${k} depends on when the call is made`],
  [/^aws:(principaltag|resourcetag|requesttag)\//, (k) => `${k} is a tag, which the prediction does not read`],
  [/^aws:tagkeys$/, () => "aws:TagKeys depends on the request's tags"],
  [/^aws:(useragent|referer)$/, (k) => `${k} depends on the client that makes the call`],
];

/** Keys AWS leaves out of a direct call by a root session (no service acts for it). */
const ABSENT_IN_ROOT_SESSIONS = new Set([
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:federatedprovider",
  "aws:sourceidentity",
  "aws:rolesessionname",
]);

function unknownKey(known: ReadonlyMap<string, unknown>) {
  return (key: string): string | undefined => {
    if (known.has(key) || ABSENT_IN_ROOT_SESSIONS.has(key)) return undefined;
    for (const [re, why] of UNKNOWABLE) if (re.test(key)) return why(key);
    return `the prediction cannot know the value of ${key} in a root session`;
  };
}

/** Where the account sits in the organization. */
export interface AccountPlace {
  readonly partition: string;
  readonly organizationId: string;
  readonly accountId: string;
  /** Root first, then each OU down (not the account). */
  readonly parentIds: readonly string[];
  /** The region root sessions are opened in (S3 and SQS calls go there); undefined when not known. */
  readonly region?: string;
}

/** The resource a root-session call acts on: the root user, or a bucket, queue or MFA device named only at run time. */
export function resourceOf(action: string, place: AccountPlace): string | PartialResource {
  const { partition: p, accountId } = place;
  if (action === "iam:DeleteVirtualMFADevice") return { prefix: `arn:${p}:iam::${accountId}:mfa/`, reason: "it depends on the MFA device's name" };
  if (action.startsWith("iam:")) return `arn:${p}:iam::${accountId}:root`;
  if (action.startsWith("s3:")) return { prefix: `arn:${p}:s3:::`, reason: "it depends on the bucket's name" };
  if (action.startsWith("sqs:"))
    return { prefix: place.region ? `arn:${p}:sqs:${place.region}:${accountId}:` : `arn:${p}:sqs:`, reason: "it depends on the queue's name" };
  return `arn:${p}:iam::${accountId}:root`;
}

function orgPath(place: AccountPlace): string {
  return `${place.organizationId}/${place.parentIds.join("/")}/`;
}

/** The request AWS evaluates for one call of a root session in the account. */
export function rootSessionRequest(action: string, place: AccountPlace): RequestContext {
  const principalArn = `arn:${place.partition}:iam::${place.accountId}:root`;
  const region = action.startsWith("iam:") ? IAM_REGION[place.partition] : place.region;
  const keys: Record<string, string | string[]> = {
    "aws:PrincipalArn": principalArn,
    "aws:AssumedRoot": "true",
    "aws:PrincipalAccount": place.accountId,
    "aws:PrincipalOrgID": place.organizationId,
    "aws:PrincipalOrgPaths": [orgPath(place)],
    "aws:ResourceAccount": place.accountId,
    "aws:ResourceOrgID": place.organizationId,
    "aws:ResourceOrgPaths": [orgPath(place)],
    "aws:PrincipalIsAWSService": "false",
    "aws:ViaAWSService": "false",
    "aws:SecureTransport": "true",
    ...(region ? { "aws:RequestedRegion": region } : {}),
  };
  const ctx = requestContext({ action, resource: resourceOf(action, place), principalArn, keys });
  return { ...ctx, unknownKey: unknownKey(ctx.keys) };
}

/** The caller of sts:AssumeRoot, when known (resource control policies on STS see it). */
export interface AssumeRootCaller {
  readonly accountId: string;
  readonly arn?: string;
}

/** sts:AssumeRoot as the target account's resource control policies see it: the caller is the management account or the delegated administrator. */
export function assumeRootRequest(place: AccountPlace, caller?: AssumeRootCaller): RequestContext {
  const keys: Record<string, string | string[]> = {
    "aws:PrincipalOrgID": place.organizationId,
    "aws:ResourceAccount": place.accountId,
    "aws:ResourceOrgID": place.organizationId,
    "aws:ResourceOrgPaths": [orgPath(place)],
    "aws:PrincipalIsAWSService": "false",
    "aws:SecureTransport": "true",
    ...(caller ? { "aws:PrincipalAccount": caller.accountId } : {}),
    ...(caller?.arn ? { "aws:PrincipalArn": caller.arn } : {}),
    ...(place.region ? { "aws:RequestedRegion": place.region } : {}),
  };
  const ctx = requestContext({ action: "sts:AssumeRoot", resource: `arn:${place.partition}:iam::${place.accountId}:root`, principalArn: caller?.arn, keys });
  const absent = new Set(["aws:assumedroot", ...ABSENT_IN_ROOT_SESSIONS]);
  const base = unknownKey(ctx.keys);
  return { ...ctx, unknownKey: (key) => (absent.has(key) ? undefined : base(key)) };
}
