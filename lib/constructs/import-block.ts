// A top-level Terraform `import` block. cdktf's own importFrom() also adds a synth-time validation
// that shells out to `terraform version`, which breaks `cdktf synth` on machines without terraform.
import { TerraformElement, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { RequiredTerraform, TERRAFORM_FEATURES } from "./required-terraform";

/** What an import block imports, and into what. */
export interface ImportBlockProps {
  /** The resource that receives the existing object. */
  readonly to: TerraformResource;
  /** The provider-specific import ID (for an organization: its ID). */
  readonly importId: string;
}

/** A top-level `import` block (Terraform >= 1.5), written without a synth-time `terraform version` call. */
export class ImportBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: ImportBlockProps,
  ) {
    super(scope, id);
    RequiredTerraform.of(this).atLeast(TERRAFORM_FEATURES.importBlocks);
  }

  /** The block in Terraform JSON. */
  toTerraform(): Record<string, unknown> {
    const { to, importId } = this.props;
    return { import: [{ to: `${to.terraformResourceType}.${to.friendlyUniqueId}`, id: importId }] };
  }

  /** The block for cdktf's HCL output. */
  toHclTerraform(): Record<string, unknown> {
    const { to, importId } = this.props;
    return {
      import: [
        {
          to: { value: `${to.terraformResourceType}.${to.friendlyUniqueId}`, type: "simple", storageClassType: "reference" },
          id: { value: importId, type: "simple", storageClassType: "string" },
        },
      ],
    };
  }
}
