// The config parser against hostile input: keys that change how objects behave, repeated keys,
// deep nesting, huge values, a BOM, and 200,000 organizations.
import { parseConfigText, validateConfig } from "../lib/config/load-config";
import { ConfigError } from "../lib/errors";
import { synthOrganizations } from "./support/synth";

function refusal(text: string): string[] {
  try {
    parseConfigText(text, "organizations.json");
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error("accepted");
}

const entry = (inner: string) => `{\n  "organizations": [\n    {\n      "name": "main",\n      "region": "us-east-1",\n${inner}\n    }\n  ]\n}\n`;

describe("keys that change how an object behaves", () => {
  it.each(["__proto__", "constructor", "prototype"])("refuses %s at any level, naming file:line:col", (key) => {
    expect(refusal(entry(`      "${key}": { "destroyDisables": true }`))).toEqual([
      `organizations.json:6:7: "${key}" is not allowed as a key (it changes how JavaScript objects behave); remove it`,
    ]);
    expect(refusal(`{ "${key}": {}, "organizations": [] }`)).toEqual([
      `organizations.json:1:3: "${key}" is not allowed as a key (it changes how JavaScript objects behave); remove it`,
    ]);
    expect(refusal(entry(`      "guardrails": { "denyRootScp": { "${key}": 1, "targetIds": ["r-ab12"] } }`))[0]).toMatch(
      new RegExp(`^organizations\\.json:6:40: "${key}" is not allowed`),
    );
  });

  it("never lets __proto__ switch destroys on: synth keeps prevent_destroy", () => {
    // The parser refuses the text; data built in code (a prototype carrying a key) is refused too.
    const polluted = Object.create({ destroyDisables: true }) as Record<string, unknown>;
    Object.assign(polluted, { name: "main", region: "us-east-1" });
    expect(() => validateConfig({ organizations: [polluted] }, "test.json")).toThrow(
      "test.json: organizations[0]: expected a plain JSON object (its prototype carries keys the config would not show)",
    );
    const parsed = JSON.parse('{"name":"main","region":"us-east-1","__proto__":{"destroyDisables":true}}') as Record<string, unknown>;
    expect(() => validateConfig({ organizations: [parsed] }, "test.json")).toThrow('unknown key "__proto__"');
    const { json } = synthOrganizations([{ name: "main", region: "us-east-1" }]);
    const features = Object.values(json[0].resource!.aws_iam_organizations_features)[0];
    expect(features.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("refuses a key given twice in one object, with both places", () => {
    expect(refusal(entry(`      "features": ["RootSessions"],\n      "features": ["RootCredentialsManagement"]`))).toEqual([
      'organizations.json:7:7: "features" is given twice in this object (first at 6:7); give each key once',
    ]);
  });

  it("accepts the same key in different objects", () => {
    const text = `{ "organizations": [ { "name": "a", "region": "us-east-1" }, { "name": "b", "region": "us-east-1" } ] }`;
    expect(parseConfigText(text, "x.json").organizations.map((o) => o.name)).toEqual(["a", "b"]);
  });
});

describe("robustness", () => {
  it("refuses 10,000 levels of nesting with one line instead of overflowing the stack", () => {
    const deep = `{ "organizations": ${"[".repeat(10_000)}${"]".repeat(10_000)} }`;
    expect(refusal(deep)).toEqual(["organizations.json:1:83: nested more than 64 levels deep; a config needs far fewer"]);
  });

  it("cuts a huge value in the message", () => {
    const huge = "x".repeat(10 * 1024 * 1024);
    const [line] = refusal(`{ "organizations": [ { "name": "${huge}", "region": "us-east-1" } ] }`);
    expect(line.length).toBeLessThan(400);
    expect(line).toContain(`"${"x".repeat(60)}…" (10485760 characters)`);
    expect(line).toMatch(/^organizations\.json: organizations\[0\]\.name: /);
  });

  it("accepts a UTF-8 byte order mark", () => {
    expect(parseConfigText(`\uFEFF{ "organizations": [ { "name": "a", "region": "us-east-1" } ] }`, "x.json").organizations[0].name).toBe("a");
  });

  it("validates 200,000 organizations with a repeated name in linear time", () => {
    const organizations = Array.from({ length: 200_000 }, (_, i) => ({ name: `o${i}`, region: "us-east-1" }));
    organizations.push({ name: "o7", region: "us-east-1" });
    const started = Date.now();
    expect(() => validateConfig({ organizations }, "big.json")).toThrow(
      'big.json: organizations[200000].name: "o7" is already the name of organizations[7]; names must be unique',
    );
    // Quadratic checks took over 60 s; linear ones take a few seconds even on a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);

  it.each([
    ["a newline", "state/\nmain.tfstate"],
    ["a tab", "state\tmain.tfstate"],
    ["an escape", "state\u001b[31m.tfstate"],
  ])("refuses a local backend path with %s", (_what, path) => {
    const problems = (() => {
      try {
        validateConfig({ organizations: [{ name: "m", region: "us-east-1", backend: { type: "local", path } }] }, "c.json");
        return [];
      } catch (err) {
        return [...(err as ConfigError).problems];
      }
    })();
    expect(problems).toEqual(["c.json: organizations[0].backend.path: expected a state file path without newlines or control characters"]);
  });
});

describe("operator role principals", () => {
  const role = (extra: Record<string, unknown>) => ({
    organizations: [
      {
        name: "m",
        region: "us-east-1",
        managementAccountId: "111111111111",
        guardrails: { operatorRoles: [{ name: "Ops", taskPolicies: ["IAMAuditRootUserCredentials"], targetAccountIds: ["*"], ...extra }] },
      },
    ],
  });
  const problemsOf = (data: unknown) => {
    try {
      validateConfig(data, "c.json");
      return [];
    } catch (err) {
      return [...(err as ConfigError).problems];
    }
  };
  const at = "c.json: organizations[0].guardrails.operatorRoles[0].trustedPrincipalArns[0]: ";

  it("refuses a wildcard in a principal ARN, which AWS refuses at apply", () => {
    expect(problemsOf(role({ trustedPrincipalArns: ["arn:aws:iam::111111111111:role/*"] }))).toEqual([
      `${at}"arn:aws:iam::111111111111:role/*" has a wildcard; a trust policy's principal names one role, user or account (AWS refuses wildcards there)`,
    ]);
  });

  it("refuses another account's :root unless allowForeignAccountRoot is set", () => {
    expect(problemsOf(role({ trustedPrincipalArns: ["arn:aws:iam::999999999999:root"] }))).toEqual([
      `${at}arn:aws:iam::999999999999:root trusts every principal that account 999999999999 allows, and the role is not in that account; name a role, or set "allowForeignAccountRoot": true`,
    ]);
    expect(problemsOf(role({ trustedPrincipalArns: ["arn:aws:iam::999999999999:root"], allowForeignAccountRoot: true }))).toEqual([]);
  });

  it("accepts the :root of the account the role is created in", () => {
    expect(problemsOf(role({ trustedPrincipalArns: ["arn:aws:iam::111111111111:root"] }))).toEqual([]);
  });
});
