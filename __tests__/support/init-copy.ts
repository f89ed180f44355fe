// What `terraform init -backend=false` installs in a folder whose only dependencies are providers:
// their lock file and, under .terraform/providers, a link to each one in the mirror. Init reads the
// whole 675 MB provider to hash it for the lock file (about 0.9 CPU-seconds, 30 times a run), so a
// folder whose provider requirements are those of a folder this test file already initialized gets
// a copy of what that init wrote instead. A test in terraform-validate.test.ts compares a copy with
// what init itself writes.
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How many inits ran, and how many folders got a copy (for the test that shows both). */
export const initStats = { runs: 0, copies: 0 };

/**
 * The provider requirements of a folder that holds one synthesized stack (cdk.tf.json) and perhaps
 * terraform test files: the key under which its init (with -backend=false, which leaves any backend
 * alone) can be copied. Undefined where init may do more than install providers (modules, any other
 * file, a test that names a module).
 */
export function requirementsKey(dir: string): string | undefined {
  const names = readdirSync(dir);
  if (!names.includes("cdk.tf.json")) return undefined;
  const tests: string[] = [];
  for (const name of names) {
    if (name === "cdk.tf.json") continue;
    if (!name.endsWith(".tftest.hcl") || !lstatSync(join(dir, name)).isFile()) return undefined;
    const text = readFileSync(join(dir, name), "utf8");
    // A test that loads a module (run { module { source = ... } }) makes init install it.
    if (/\bmodule\s*\{|\bsource\s*=/.test(text)) return undefined;
    tests.push(name);
  }
  let stack: { module?: unknown; terraform?: { required_providers?: unknown; required_version?: unknown } };
  try {
    stack = JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8"));
  } catch {
    return undefined;
  }
  if (stack.module !== undefined) return undefined;
  // Mocked providers in test files need the same providers: the requirements come from the stack alone.
  return JSON.stringify({
    providers: stack.terraform?.required_providers ?? null,
    version: stack.terraform?.required_version ?? null,
    tests: tests.length > 0,
  });
}

/** Everything init wrote in `dir` (its lock file and .terraform), if it is only folders and links: what a copy reproduces. */
export function initWrote(dir: string): { path: string; link?: string }[] | undefined {
  const out: { path: string; link?: string }[] = [{ path: ".terraform.lock.hcl" }];
  const walk = (rel: string): boolean => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(rel, name);
      const stat = lstatSync(join(dir, path));
      if (stat.isSymbolicLink()) out.push({ path, link: readlinkSync(join(dir, path)) });
      else if (stat.isDirectory()) {
        out.push({ path });
        if (!walk(path)) return false;
      } else return false;
    }
    return true;
  };
  try {
    lstatSync(join(dir, ".terraform.lock.hcl"));
    return walk(".terraform") ? out : undefined;
  } catch {
    return undefined;
  }
}

/** What an init wrote: its entries (initWrote) and the lock file's text. */
export interface InitCopy {
  readonly entries: { path: string; link?: string }[];
  readonly lockFile: Buffer;
}

/** What init wrote in `dir`, to copy into other folders; undefined if it is more than a lock file, folders and links. */
export function initCopyOf(dir: string): InitCopy | undefined {
  const entries = initWrote(dir);
  return entries && { entries, lockFile: readFileSync(join(dir, ".terraform.lock.hcl")) };
}

/** Writes into `dir` what an init wrote elsewhere. */
export function copyInit(copy: InitCopy, dir: string): void {
  mkdirSync(join(dir, ".terraform"));
  for (const entry of copy.entries) {
    if (entry.path === ".terraform.lock.hcl") writeFileSync(join(dir, entry.path), copy.lockFile);
    else if (entry.link !== undefined) symlinkSync(entry.link, join(dir, entry.path));
    else mkdirSync(join(dir, entry.path));
  }
}
