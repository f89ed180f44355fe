// One error vocabulary: every failure a user can act on has a code, and every code belongs to one
// exit category. The CLI maps a category to its exit code in one place (lib/cli/exit-codes.ts).

/**
 * What kind of failure an error is; the CLI turns it into an exit code.
 * - `refused`: a safety check or the person said no (exit 1)
 * - `usage`: bad flags, config or input files (exit 2)
 * - `aws`: AWS refused or failed a call (exit 3)
 * - `internal`: a bug in this tool (exit 70)
 * - `interrupted`: the person pressed Ctrl-C (exit 130, as shells expect after SIGINT)
 */
export const ERROR_CATEGORIES = ["refused", "usage", "aws", "internal", "interrupted"] as const;
/** One exit category. */
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** Every error code this project raises itself, with its category. AWS error codes are kept as AWS names them (category `aws`). */
export const ERROR_CODES = {
  InvalidConfig: "usage",
  InvalidProps: "usage",
  Usage: "usage",
  UnknownOrganization: "usage",
  BadName: "usage",
  BadBackup: "usage",
  BadPlan: "usage",
  BadSynthDir: "usage",
  BadSandboxEndpoint: "usage",
  SandboxBackend: "usage",
  NoRegion: "usage",
  NoSuchProfile: "usage",
  UnsupportedPartition: "usage",
  FeatureNotEnabled: "usage",
  NotConfirmed: "refused",
  BlockedByOrganizationPolicy: "refused",
  Refused: "refused",
  /** AwsError: AWS refused or failed a call (the error then carries AWS's own code). */
  Aws: "aws",
  Internal: "internal",
} as const satisfies Record<string, ErrorCategory>;
/** An error code this project raises itself. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** An error code as AWS names it ("AccessDenied", "ServiceAccessNotEnabled"): only AwsError carries one. */
export type AwsErrorCode = string & { readonly __awsErrorCode?: never };

/** An error a user can act on: a code, one clear line, and the cause kept for --debug. */
export class UserError extends Error {
  /** The exit category (from the code, unless given). */
  readonly category: ErrorCategory;
  /** The error code: one of ERROR_CODES, or AWS's own for an AwsError. */
  readonly code: ErrorCode | AwsErrorCode;

  constructor(
    /** The error code: one of ERROR_CODES (a new refusal adds its code there, with its category). */
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; category?: ErrorCategory },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.code = code;
    this.category = options?.category ?? ERROR_CODES[code] ?? "usage";
  }
}

/** A config that cannot be used: one line per problem, each "file: json.path: message". */
export class ConfigError extends UserError {
  constructor(
    /** One line per problem. */
    readonly problems: readonly string[],
  ) {
    super("InvalidConfig", problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** AWS refused or failed a call: the AWS error code, a clear message naming the operation, the SDK error as cause. */
export class AwsError extends UserError {
  constructor(
    code: string,
    message: string,
    /** The API operation that failed, e.g. "organizations:ListAccounts". */
    readonly operation: string,
    cause?: unknown,
  ) {
    super("Aws", message, { cause, category: "aws" });
    // AWS's code, kept as AWS names it.
    (this as { code: ErrorCode | AwsErrorCode }).code = code;
    this.name = "AwsError";
  }
}

/** Props of a construct that cannot be synthesized: one line per problem, and where the construct is. */
export class InvalidPropsError extends UserError {
  constructor(
    construct: string,
    /** One line per problem. */
    readonly problems: readonly string[],
    /** The construct's path in the app (`node.path`), e.g. "main/root-access". */
    readonly constructPath?: string,
  ) {
    super("InvalidProps", `${construct}${constructPath === undefined ? "" : ` at ${JSON.stringify(constructPath)}`}: invalid props:\n${problems.join("\n")}`);
    this.name = "InvalidPropsError";
  }
}

// ---------- factories: one per failure, each message says what, where, and what to do ----------

export function usageError(message: string): UserError {
  return new UserError("Usage", message);
}

/** A root session the organization's SCPs or RCPs are predicted to refuse: not opened. */
export function blockedByOrganizationPolicy(message: string): UserError {
  return new UserError("BlockedByOrganizationPolicy", message);
}

/** A --profile that neither shared AWS file defines. */
export function noSuchProfile(message: string): UserError {
  return new UserError("NoSuchProfile", message);
}

export function refused(message: string): UserError {
  return new UserError("Refused", message);
}

export function notConfirmed(message = "not confirmed: re-run with --yes"): UserError {
  return new UserError("NotConfirmed", message);
}

/** Ctrl-C at a confirmation prompt: not confirmed (logged as such by the gate), exit 130. */
export function interruptedAtPrompt(): UserError {
  return new UserError("NotConfirmed", "not confirmed (interrupted): nothing was changed", { category: "interrupted" });
}

export function featureNotEnabled(message: string): UserError {
  return new UserError("FeatureNotEnabled", message);
}

export function unknownOrganization(message: string): UserError {
  return new UserError("UnknownOrganization", message);
}

export function badName(message: string): UserError {
  return new UserError("BadName", message);
}

export function badBackup(message: string): UserError {
  return new UserError("BadBackup", message);
}

export function badPlan(message: string): UserError {
  return new UserError("BadPlan", message);
}

export function badSynthDir(message: string): UserError {
  return new UserError("BadSynthDir", message);
}

export function badSandboxEndpoint(message: string): UserError {
  return new UserError("BadSandboxEndpoint", message);
}

export function sandboxBackend(message: string): UserError {
  return new UserError("SandboxBackend", message);
}

export function noRegion(message: string): UserError {
  return new UserError("NoRegion", message);
}

export function unsupportedPartition(message: string): UserError {
  return new UserError("UnsupportedPartition", message);
}

export function internalError(message: string, cause?: unknown): UserError {
  return new UserError("Internal", message, { cause });
}

/** The category of any thrown value: ours keep theirs, anything else is a bug. */
export function categoryOf(err: unknown): ErrorCategory {
  return err instanceof UserError ? err.category : "internal";
}
