// Every error code is raised one way: a factory per code (or its own class), typed by ERROR_CODES.
import * as errors from "../lib/errors";
import { AwsError, ConfigError, ERROR_CODES, ErrorCode, InvalidPropsError, UserError } from "../lib/errors";

const factories = Object.entries(errors).filter(([name, value]) => typeof value === "function" && /^[a-z]/.test(name) && name !== "categoryOf") as [
  string,
  (message: string) => UserError,
][];

describe("error codes", () => {
  it("have one factory each, except those with their own class, and each factory's error has its code's category", () => {
    const byCode = new Map<string, string[]>();
    // Factories whose message is fixed, with the code and category they give.
    const fixed: Record<string, [string, string]> = { interruptedAtPrompt: ["NotConfirmed", "interrupted"] };
    for (const [name, make] of factories) {
      if (fixed[name]) {
        const err = make("ignored");
        expect([name, err.code, err.category]).toEqual([name, ...fixed[name]]);
        continue;
      }
      const err = make("what happened");
      expect(err).toBeInstanceOf(UserError);
      expect(err.message).toBe("what happened");
      expect(err.category).toBe(ERROR_CODES[err.code as ErrorCode]);
      byCode.set(err.code, [...(byCode.get(err.code) ?? []), name]);
    }
    const ownClass: Record<string, UserError> = {
      InvalidConfig: new ConfigError(["x"]),
      InvalidProps: new InvalidPropsError("C", ["x"]),
      Aws: new AwsError("AccessDenied", "x", "iam:ListRoles"),
    };
    for (const code of Object.keys(ERROR_CODES)) {
      const ways = [...(byCode.get(code) ?? []), ...(ownClass[code] ? [ownClass[code].name] : [])];
      expect([code, ways.length]).toEqual([code, 1]);
    }
  });

  it("keep AWS's own code on an AwsError, with the aws category", () => {
    const err = new AwsError("ServiceAccessNotEnabled", "not enabled", "iam:ListOrganizationsFeatures");
    expect(err.code).toBe("ServiceAccessNotEnabled");
    expect(err.category).toBe("aws");
  });
});
