// Real-world SCPs and RCPs that meet root sessions, as their authors publish them: the fake seeds its
// OUs with them, and the evaluator tests and the differential test against iam-simulate use them too.

const doc = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });

/** AWS's FullAWSAccess (attached to every root, OU and account by default). */
export const FULL_AWS_ACCESS = doc({ Effect: "Allow", Action: "*", Resource: "*" });
/** RCPFullAWSAccess (attached everywhere once RCPs are enabled; cannot be detached). */
export const RCP_FULL_AWS_ACCESS = doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" });

export const CORPUS = {
  /** AWS's SCP example: deny the root user, exempting centralized root sessions (aws:AssumedRoot). */
  awsDenyRootExemptingSessions: doc({
    Sid: "DenyRootUser",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:root"] }, Null: { "aws:AssumedRoot": "true" } },
  }),
  /** Landing Zone Accelerator CCCS Medium `ROOT` guardrail before its 2025 fix: everything but MFA set-up denied to root. */
  lzaCccsRoot: doc({
    Sid: "ROOT",
    Effect: "Deny",
    NotAction: [
      "iam:CreateVirtualMFADevice",
      "iam:DeleteVirtualMFADevice",
      "iam:ListVirtualMFADevices",
      "iam:EnableMFADevice",
      "iam:ResyncMFADevice",
      "iam:ListMFADevices",
      "iam:GetAccountSummary",
      "sts:GetSessionToken",
    ],
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalARN": ["arn:aws:iam::*:root"] } },
  }),
  /** The same guardrail after the fix: root denied everything unless it is a centralized root session. */
  lzaCccsRootFixed: doc({
    Sid: "ROOT",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalARN": ["arn:aws:iam::*:root"] }, Null: { "aws:AssumedRoot": "true" } },
  }),
  /** AWS's sample "deny the root user except bucket-policy changes". */
  denyRootExceptBucketPolicy: doc({
    Sid: "DenyRootExceptBucketPolicy",
    Effect: "Deny",
    NotAction: ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
    Resource: "*",
    Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
  }),
  /** Control Tower's restrict-root-user control (GRRESTRICTROOTUSER) without ExemptAssumeRoot. */
  controlTowerRestrictRoot: doc({
    Sid: "GRRESTRICTROOTUSER",
    Effect: "Deny",
    Action: "*",
    Resource: ["*"],
    Condition: { StringLike: { "aws:PrincipalArn": ["arn:*:iam::*:root"] } },
  }),
  /** The same control with ExemptAssumeRoot set on the OU: AssumeRoot sessions are exempt. */
  controlTowerRestrictRootExempt: doc({
    Sid: "GRRESTRICTROOTUSER",
    Effect: "Deny",
    Action: "*",
    Resource: ["*"],
    Condition: { StringLike: { "aws:PrincipalArn": ["arn:*:iam::*:root"] }, Null: { "aws:AssumedRoot": "true" } },
  }),
  /** An allow-list SCP that replaced FullAWSAccess on an OU and forgot sqs:*. */
  allowListWithoutSqs: doc({ Sid: "AllowListed", Effect: "Allow", Action: ["iam:*", "s3:*", "sts:*", "organizations:Describe*", "ec2:*"], Resource: "*" }),
  /** An RCP denying root principals on buckets and queues. */
  rcpDenyRoot: doc({
    Sid: "DenyRootOnData",
    Effect: "Deny",
    Principal: "*",
    Action: ["s3:*", "sqs:*"],
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
  }),
  /** An SCP denying only some IAM deletions to root (a `partial`). */
  denyRootKeyDeletion: doc({
    Sid: "KeepRootKeys",
    Effect: "Deny",
    Action: ["iam:DeleteAccessKey"],
    Resource: "*",
    Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
  }),
  /** AWS's region-deny example: everything outside two regions except global services. */
  awsRegionDeny: doc({
    Sid: "DenyAllOutsideEU",
    Effect: "Deny",
    NotAction: ["a4b:*", "budgets:*", "cloudfront:*", "iam:*", "organizations:*", "route53:*", "sts:*", "support:*"],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } },
  }),
  /** A deny on an address range (aws:SourceIp): a prediction cannot know where the call comes from. */
  denyOutsideCorporateNetwork: doc({
    Sid: "DenyOutsideCorp",
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { NotIpAddress: { "aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"] }, Bool: { "aws:ViaAWSService": "false" } },
  }),
} as const;
