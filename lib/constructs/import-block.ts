// A top-level Terraform `import` block. cdktf's own importFrom() also adds a synth-time validation
// that shells out to `terraform version`, which breaks `cdktf synth` on machines without terraform.
import { TerraformElement, TerraformResource } from "cdktf";
import { Construct } from "constructs";

export interface ImportBlockProps {
  /** The resource that receives the existing object. */
  readonly to: TerraformResource;
  /** The provider-specific import ID (for an organization: its ID). */
  readonly importId: string;
}

export class ImportBlock extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly props: ImportBlockProps,
  ) {
    super(scope, id);
  }

  toTerraform(): Record<string, unknown> {
    const { to, importId } = this.props;
    return { import: [{ to: `${to.terraformResourceType}.${to.friendlyUniqueId}`, id: importId }] };
  }

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
