// Errors a user can act on: a code, one clear line, and the cause kept for --debug.

export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UserError";
  }
}

/** A config that cannot be used: one line per problem, each "file: json.path: message". */
export class ConfigError extends UserError {
  constructor(readonly problems: readonly string[]) {
    super("InvalidConfig", problems.join("\n"));
    this.name = "ConfigError";
  }
}
