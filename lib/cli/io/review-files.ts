// Reads what `root-access review` reviews: cdktf synth output folders and terraform plan JSON files.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { badPlan, badSynthDir } from "../../errors";
import { planSchema, TerraformPlan } from "../../domain/review/plan-review";
import { StackModel, stackModel } from "../../domain/review/synth-model";

/** Reads every stack of a `cdktf synth` output folder (the folder with stacks/, or stacks/ itself). */
export function readSynthDir(dir: string): StackModel[] {
  const stacksDir = existsSync(join(dir, "stacks")) ? join(dir, "stacks") : dir;
  if (!existsSync(stacksDir)) throw badSynthDir(`${dir}: no such folder; expected a cdktf synth output (e.g. cdktf.out)`);
  if (!statSync(stacksDir).isDirectory()) throw badSynthDir(`${dir}: is a file, not a folder; expected a cdktf synth output (e.g. cdktf.out)`);
  const names = readdirSync(stacksDir)
    .filter((n) => existsSync(join(stacksDir, n, "cdk.tf.json")))
    .sort();
  if (names.length === 0) throw badSynthDir(`${dir}: no stacks found; expected stacks/<name>/cdk.tf.json from cdktf synth`);
  return names.map((n) => stackModel(n, readStackJson(join(stacksDir, n, "cdk.tf.json"))));
}

/** A synthesized stack's JSON; one line naming the file when it cannot be read or parsed. */
function readStackJson(file: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw badSynthDir(`${file}: not a synthesized stack in JSON (run cdktf synth again): ${(err as Error).message}`);
  }
  if (!json || typeof json !== "object" || Array.isArray(json))
    throw badSynthDir(`${file}: not a synthesized stack in JSON (run cdktf synth again): expected an object`);
  return json as Record<string, unknown>;
}

/** The stack a plan file belongs to: its folder when that is a synthesized stack, else its name. */
export function planStackName(file: string): string {
  const dir = dirname(file);
  if (existsSync(join(dir, "cdk.tf.json"))) return basename(dir);
  return (
    basename(file)
      .replace(/(\.plan)?\.json$/, "")
      .replace(/^plan[-.]?/, "") || basename(dir)
  );
}

/** Reads and validates `terraform show -json` output; one clear line when it is not a plan. */
export function readPlanFile(file: string): TerraformPlan {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw badPlan(`${file}: not a terraform plan in JSON (make it with terraform show -json PLANFILE): ${(err as Error).message}`);
  }
  const bad = (why: string) => badPlan(`${file}: not a terraform plan in JSON (make it with terraform show -json PLANFILE): ${why}`);
  if (!json || typeof json !== "object" || !("format_version" in json)) throw bad("no format_version");
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
