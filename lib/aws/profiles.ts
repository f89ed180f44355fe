// The profiles of the shared config and credentials files, to refuse an unknown --profile in one
// line before the SDK's credential chain prints its own multi-line warning.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { noSuchProfile } from "../errors";

/** The two shared files, as the SDK finds them. */
export function sharedFiles(env: NodeJS.ProcessEnv = process.env): { config: string; credentials: string } {
  const home = env.HOME || homedir();
  return {
    config: env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
  };
}

function sections(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[([^\]\r\n]+)\]/gm)].map((m) => m[1].trim());
}

/** Every profile name defined in either file, sorted. */
export function profileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  const files = sharedFiles(env);
  const fromConfig = sections(files.config)
    .map((s) => (s === "default" ? s : /^profile\s+(.+)$/.exec(s)?.[1]?.trim()))
    .filter((s): s is string => Boolean(s));
  return [...new Set([...fromConfig, ...sections(files.credentials)])].sort();
}

/** Refuses a profile defined in neither shared file. */
export function checkProfile(profile: string, env: NodeJS.ProcessEnv = process.env): void {
  const names = profileNames(env);
  if (names.includes(profile)) return;
  const files = sharedFiles(env);
  throw noSuchProfile(
    `--profile ${profile}: no such profile in ${files.config} or ${files.credentials} (${names.length > 0 ? `profiles there: ${names.join(", ")}` : "no profiles there"})`,
  );
}
