// Every rule on user input in one place: the shape of each AWS identifier and the message that
// says what was wrong and what is allowed. Used by the config schema, the constructs' props, the
// CLI flags and the policy backup files, so a rule and its wording never drift apart.
import { FEATURES, oneOf } from "./aws-constants";

export interface Rule {
  /** The accepted shape. */
  readonly pattern: RegExp;
  /** What a value must be, with an article: "an AWS account ID". */
  readonly what: string;
  /** What is allowed, for the message: "12 digits". */
  readonly allowed: string;
}

const PARTITION = "aws(-cn|-us-gov|-iso|-iso-[a-z])?";

export const RULES = {
  accountId: { pattern: /^\d{12}$/, what: "an AWS account ID", allowed: "12 digits" },
  organizationId: { pattern: /^o-[a-z0-9]{10,32}$/, what: "an organization ID", allowed: "o- followed by 10 to 32 lowercase letters or digits" },
  roleArn: {
    pattern: new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role\\/([\\x21-\\x7e]+\\/)*[\\w+=,.@-]{1,64}$`),
    what: "an IAM role ARN",
    allowed: "arn:aws:iam::<12-digit account>:role/<name>",
  },
  principalArn: {
    pattern: new RegExp(`^arn:${PARTITION}:(iam::\\d{12}:(root|role\\/[\\x21-\\x7e]+|user\\/[\\x21-\\x7e]+)|sts::\\d{12}:assumed-role\\/[\\x21-\\x7e]+)$`),
    what: "an IAM principal ARN",
    allowed: "arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or :root",
  },
  snsTopicArn: {
    pattern: new RegExp(`^arn:${PARTITION}:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}$`),
    what: "an SNS topic ARN",
    allowed: "arn:aws:sns:<region>:<12-digit account>:<name>",
  },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, what: "an AWS region", allowed: "a region code such as us-east-1" },
  servicePrincipal: { pattern: /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/, what: "a service principal", allowed: "a name such as sso.amazonaws.com" },
  policyType: {
    pattern: /^[A-Z][A-Z0-9_]*_POLICY$/,
    what: "a policy type",
    allowed: "an Organizations policy type such as SERVICE_CONTROL_POLICY or TAG_POLICY",
  },
  organizationTarget: {
    pattern: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
    what: "an SCP target",
    allowed: "a root (r-xxxx), an OU (ou-xxxx-xxxxxxxx) or a 12-digit account ID",
  },
  organizationParent: {
    pattern: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
    what: "an OU or root ID",
    allowed: "an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)",
  },
  stackName: { pattern: /^[a-z][a-z0-9-]{0,39}$/, what: "a valid name", allowed: "a lowercase letter, then up to 39 lowercase letters, digits or hyphens" },
  roleName: { pattern: /^[\w+=,.@-]{1,64}$/, what: "an IAM role name", allowed: "1 to 64 letters, digits or +=,.@_-" },
  email: { pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, what: "an email address", allowed: "name@example.com" },
  bucketName: { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, what: "an S3 bucket name", allowed: "3-63 lowercase letters, digits, dots, hyphens" },
  queueUrl: {
    pattern: /^https?:\/\/[^/\s]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/,
    what: "a queue URL",
    allowed: "a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue",
  },
  sandboxUrl: { pattern: /^https?:\/\/[^\s/]+(\/[^\s]*)?$/, what: "a URL", allowed: "e.g. http://127.0.0.1:4566" },
} as const satisfies Record<string, Rule>;
export type RuleName = keyof typeof RULES;

/** True when `value` has the shape of `rule`. */
export function isValid(rule: RuleName, value: unknown): value is string {
  return typeof value === "string" && RULES[rule].pattern.test(value);
}

/** `"x" is not an AWS account ID; expected 12 digits`. */
export function invalidMessage(rule: RuleName, value: unknown): string {
  const r: Rule = RULES[rule];
  return `${JSON.stringify(value)} is not ${r.what}; expected ${r.allowed}`;
}

/** The message for `value`, or undefined when it is valid. */
export function check(rule: RuleName, value: unknown): string | undefined {
  return isValid(rule, value) ? undefined : invalidMessage(rule, value);
}

export function notAFeature(value: unknown): string {
  return `${JSON.stringify(value)} is not a feature; expected ${oneOf(FEATURES)}`;
}

export function listedTwice(value: unknown, firstIndex: number, what: string): string {
  return `${JSON.stringify(value)} is listed twice (also at [${firstIndex}]); list each ${what} once`;
}

export function managementAccountAsDelegated(accountId: string): string {
  return `${accountId} is the management account (managementAccountId); the delegated administrator must be a member account`;
}
