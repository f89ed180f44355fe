// A top-level Terraform `removed` block (Terraform >= 1.7) with `lifecycle { destroy = false }`:
// Terraform forgets the resource without deleting it. cdktf 0.21 has no class for it. Created with
// the construct ID the resource has (or had) in the same scope, its address is the resource's.
import { TerraformElement } from "cdktf";
import { Construct } from "constructs";
import { RequiredTerraform, TERRAFORM_FEATURES } from "./required-terraform";

/** What a removed block forgets. */
export interface RemovedBlockProps {
  /** The resource type, e.g. aws_organizations_organization. */
  readonly resourceType: string;
  /**
   * The resource's address, when it is not the one this block's own ID gives.
   * @default - `<resourceType>.<this block's logical ID>`
   */
  readonly address?: string;
}

/** A top-level `removed` block with `destroy = false`: Terraform forgets the resource, AWS keeps it. */
export class RemovedBlock extends TerraformElement {
  constructor(
    scope: Construct,
    /** The ID the resource has in `scope`: the address is computed from it. */
    id: string,
    private readonly props: RemovedBlockProps,
  ) {
    super(scope, id);
    RequiredTerraform.of(this).atLeast(TERRAFORM_FEATURES.removedBlocks);
  }

  /** The address of the resource forgotten. */
  get address(): string {
    return this.props.address ?? `${this.props.resourceType}.${this.friendlyUniqueId}`;
  }

  /** The block in Terraform JSON. */
  toTerraform(): Record<string, unknown> {
    return { removed: [{ from: this.address, lifecycle: { destroy: false } }] };
  }

  /** The block for cdktf's HCL output (which 0.21 drops; OrganizationStack.completeHcl writes it). */
  toHclTerraform(): Record<string, unknown> {
    return {
      removed: [
        {
          from: { value: this.address, type: "simple", storageClassType: "reference" },
          lifecycle: { value: { destroy: { value: false, type: "simple", storageClassType: "boolean" } }, type: "block", storageClassType: "map" },
        },
      ],
    };
  }
}
