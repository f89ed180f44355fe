// Every rule on user input in one place: the shape of each AWS identifier and the message that
// says what was wrong and what is allowed. Used by the config schema, the constructs' props, the
// CLI flags and the policy backup files, so a rule and its wording never drift apart.
import { FEATURES, OPERATOR_ROLE_LOCATIONS, TASK_POLICIES, TRUSTED_ACCESS_MODES, oneOf } from "./aws-constants";

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

// ---------- messages the config schema and the constructs' rules share ----------

export function notATaskPolicy(value: unknown): string {
  return `${JSON.stringify(value)} is not a task policy; expected ${oneOf(TASK_POLICIES)}`;
}

export function notATrustedAccessMode(value: unknown): string {
  const expected = oneOf(TRUSTED_ACCESS_MODES.map((m) => JSON.stringify(m)));
  return value === undefined
    ? `required; expected a trusted-access mode: ${expected}`
    : `${JSON.stringify(value)} is not a trusted-access mode; expected ${expected}`;
}

export function notALocation(value: unknown): string {
  return `${JSON.stringify(value)} is not a location; expected ${oneOf(OPERATOR_ROLE_LOCATIONS.map((l) => JSON.stringify(l)))}`;
}

/** The shape of an operator role's target: "*" or an account ID. */
export const TARGET_ACCOUNT_PATTERN = /^(\*|\d{12})$/;

export function notATarget(value: unknown): string {
  return `${JSON.stringify(value)} is not a target; expected "*" (all member accounts) or a 12-digit account ID`;
}

export const MIN_ROLE_SESSION_SECONDS = 3600;
export const MAX_ROLE_SESSION_SECONDS = 43200;

/** Messages of rules that take no value. */
export const MESSAGES = {
  noFeature: `expected at least one feature: ${oneOf(FEATURES)}`,
  noTaskPolicy: `expected at least one task policy: ${oneOf(TASK_POLICIES)}`,
  noPrincipal: "expected at least one principal ARN allowed to assume the role",
  noTarget: 'expected "*" or at least one member account ID',
  starAlone: '"*" already means every member account; list "*" alone or account IDs',
  sessionSeconds: `expected ${MIN_ROLE_SESSION_SECONDS} to ${MAX_ROLE_SESSION_SECONDS} seconds`,
  wholeSeconds: "expected a whole number of seconds",
  noScpTarget: "expected at least one root, OU or account to attach the SCP to",
  noEmail: "expected at least one email address",
  oneAlertDestination: 'expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)',
} as const;

export function roleNameTaken(name: string, firstIndex: number): string {
  return `${JSON.stringify(name)} is already the name of operatorRoles[${firstIndex}]; role names must be unique`;
}

export function managementAccountAsTarget(accountId: string): string {
  return `${accountId} is the management account, which AssumeRoot cannot target; list member accounts`;
}

/** The wording of the config's unknown-key refusal, for objects checked outside the schema. */
export function unknownKeys(keys: readonly string[], allowed: readonly string[]): string {
  return `unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")}; allowed keys: ${allowed.join(", ")}`;
}

// ---------- problems: what rules return, so every caller reports them its own way ----------

/** One thing wrong with an input: where (keys and list indexes from the checked object) and what. */
export interface Problem {
  /** Keys and list indexes from the checked object to the value; empty for the object itself. */
  readonly path: readonly (string | number)[];
  /** What is wrong and what is allowed, e.g. `"12" is not an AWS account ID; expected 12 digits`. */
  readonly message: string;
}

/** Tells a value that is not known until Terraform runs (a cdktf token) from a literal; such values are skipped. */
export type IsUnresolved = (value: unknown) => boolean;

/** `a.b[0].c`, the way the config names where a problem is. */
export function pathText(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? part : `.${part}`)).join("");
}

/** `features[1]: "x" is listed twice ...`: one line of a construct's refusal. */
export function problemLine(problem: Problem): string {
  return problem.path.length === 0 ? problem.message : `${pathText(problem.path)}: ${problem.message}`;
}

/** Collects the problems of one object, skipping every value `isUnresolved` says is not known yet. */
export class Problems {
  readonly list: Problem[] = [];

  constructor(private readonly isUnresolved: IsUnresolved = () => false) {}

  add(path: readonly (string | number)[], message: string): void {
    this.list.push({ path, message });
  }

  /** True when the value is present and known (so a rule can check it). */
  known(value: unknown): boolean {
    return value !== undefined && !this.isUnresolved(value);
  }

  /** A string that must match a rule of RULES. */
  pattern(path: readonly (string | number)[], rule: RuleName, value: unknown): void {
    if (!this.known(value)) return;
    const problem = check(rule, value);
    if (problem) this.add(path, problem);
  }

  /** A value that must be one of `allowed`. */
  oneOf<T extends string>(path: readonly (string | number)[], value: unknown, allowed: readonly T[], message: (v: unknown) => string): value is T {
    if (!this.known(value)) return false;
    if (allowed.includes(value as T)) return true;
    this.add(path, message(value));
    return false;
  }

  boolean(path: readonly (string | number)[], value: unknown): void {
    if (this.known(value) && typeof value !== "boolean") this.add(path, `expected true or false, got ${JSON.stringify(value)}`);
  }

  /** An object that may hold only `allowed` keys; false when it is not an object at all. */
  object(path: readonly (string | number)[], value: unknown, allowed: readonly string[]): value is Record<string, unknown> {
    if (!this.known(value)) return false;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.add(path, `expected an object, got ${JSON.stringify(value)}`);
      return false;
    }
    const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) this.add(path, unknownKeys(unknown, allowed));
    return true;
  }

  /**
   * A list: at least one item when `empty` says so, each item checked by `item`, and (given `what`)
   * each known value once.
   */
  items(
    path: readonly (string | number)[],
    value: unknown,
    options: { empty?: string; what?: string; item?: (path: readonly (string | number)[], item: unknown) => void },
  ): value is readonly unknown[] {
    if (!this.known(value)) return false;
    if (!Array.isArray(value)) {
      this.add(path, `expected a list, got ${JSON.stringify(value)}`);
      return false;
    }
    if (value.length === 0 && options.empty) this.add(path, options.empty);
    value.forEach((item, i) => {
      options.item?.([...path, i], item);
      const first = value.indexOf(item);
      if (options.what && first !== i && this.known(item)) this.add([...path, i], listedTwice(item, first, options.what));
    });
    return true;
  }
}

/** A trust policy's principal with a wildcard (AWS refuses it when the role is created). */
export function principalWildcard(arn: string): string {
  return `${JSON.stringify(arn)} has a wildcard; a trust policy's principal names one role, user or account (AWS refuses wildcards there)`;
}
