import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { ConfigError } from "../errors";
import { defaultConfig } from "./default-config";
import { OrganizationsConfig, organizationsConfigSchema } from "./schema";

export interface LoadedConfig {
  /** Where the config came from: a file path, or "embedded default". */
  readonly source: string;
  readonly config: OrganizationsConfig;
}

export const DEFAULT_CONFIG_FILE = "organizations.json";

/**
 * Finds the config the app uses: the file named by ROOT_ACCESS_CONFIG, else organizations.json
 * in `cwd` if it exists, else the embedded default.
 */
export function loadOrganizationsConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LoadedConfig {
  const named = env.ROOT_ACCESS_CONFIG;
  if (named) return { source: named, config: readConfigFile(named) };
  const local = `${cwd}/${DEFAULT_CONFIG_FILE}`;
  if (existsSync(local)) return { source: DEFAULT_CONFIG_FILE, config: readConfigFile(local, DEFAULT_CONFIG_FILE) };
  return { source: "embedded default", config: defaultConfig(env) };
}

/** Reads and validates a config file; throws ConfigError with every problem found. */
export function readConfigFile(path: string, label = path): OrganizationsConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
    throw new ConfigError([`${label}: cannot read the config: ${reason}`]);
  }
  return parseConfigText(text, label);
}

export function parseConfigText(text: string, label: string): OrganizationsConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${label}: not valid JSON: ${(err as Error).message}`]);
  }
  return validateConfig(data, label);
}

/** Validates parsed config data; the returned value is typed and complete. */
export function validateConfig(data: unknown, label: string): OrganizationsConfig {
  const result = organizationsConfigSchema.safeParse(data, { reportInput: true, error: explainIssue });
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${label}: ${formatPath(issue.path)}: ${issue.message}`));
}

/** `organizations[0].features[1]`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

/** Messages for the issues the schema does not word itself. */
function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "unrecognized_keys": {
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
      const allowed = shape ? `; allowed keys: ${Object.keys(shape).join(", ")}` : "";
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${allowed}`;
    }
    case "invalid_type":
      return issue.input === undefined ? `required; expected ${article(issue.expected)}` : `expected ${article(issue.expected)}, got ${describe(issue.input)}`;
    default:
      return undefined;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
