// Finds and reads the organizations config file (parsing and validation: parse-config.ts).
import { existsSync, readFileSync } from "node:fs";
import { ConfigError } from "../errors";
import { defaultConfig } from "./default-config";
import { parseConfigText } from "./parse-config";
import { OrganizationsConfig } from "./schema";

export { formatPath, parseConfigText, validateConfig } from "./parse-config";

/** A config and where it came from. */
export interface LoadedConfig {
  /** Where the config came from: a file path, or "embedded default". */
  readonly source: string;
  /** The validated config. */
  readonly config: OrganizationsConfig;
}

/** The config file looked for in the project folder. */
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
