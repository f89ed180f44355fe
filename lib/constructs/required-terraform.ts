// The Terraform a stack needs (`terraform.required_version`): the highest minimum that any block in
// it asks for, ANDed with the app's own constraints, so a construct never lowers or drops the app's.
import { TerraformStack } from "cdktf";
import { IConstruct } from "constructs";

/** The lowest Terraform with each language feature a stack may use. */
export const TERRAFORM_FEATURES = {
  /** Top-level import blocks (adopting what is already on). */
  importBlocks: "1.5.0",
  /** removed { lifecycle { destroy = false } } (forgetting without deleting). */
  removedBlocks: "1.7.0",
  /** S3-native state locking (use_lockfile). */
  s3Lockfile: "1.10.0",
} as const;

const byStack = new WeakMap<TerraformStack, RequiredTerraform>();

/**
 * The `required_version` of one stack. Constructs call `atLeast()` for what they write; an app that
 * has its own constraint adds it with `RequiredTerraform.of(stack).also(">= 1.9, < 2.0")` rather
 * than overriding `terraform.required_version` (an override would drop the constructs' minimum).
 */
export class RequiredTerraform {
  private minimum?: string;
  private readonly constraints: string[] = [];

  private constructor(private readonly stack: TerraformStack) {}

  /** The stack's record (one per stack). */
  static of(scope: IConstruct): RequiredTerraform {
    const stack = TerraformStack.of(scope);
    let found = byStack.get(stack);
    if (!found) {
      found = new RequiredTerraform(stack);
      byStack.set(stack, found);
    }
    return found;
  }

  /** The stack needs at least this Terraform release (e.g. "1.7.0"). */
  atLeast(version: string): void {
    if (!this.minimum || compareVersions(version, this.minimum) > 0) this.minimum = version;
    this.write();
  }

  /** An extra constraint of the app's own, kept beside the minimum. */
  also(constraint: string): void {
    if (!this.constraints.includes(constraint)) this.constraints.push(constraint);
    this.write();
  }

  /** The constraint written into the stack, e.g. ">= 1.7.0". */
  get constraint(): string {
    return [...(this.minimum ? [`>= ${this.minimum}`] : []), ...this.constraints].join(", ");
  }

  private write(): void {
    this.stack.addOverride("terraform.required_version", this.constraint);
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
