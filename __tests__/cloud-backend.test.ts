// HCP Terraform / Terraform Enterprise as the state backend (terraform { cloud { ... } }).
import { validateConfig } from "../lib/config/load-config";
import { ConfigError } from "../lib/errors";
import { org, synthOrganization } from "./support/synth";

const cloud = (extra: Record<string, unknown>) => org({ backend: { type: "cloud", organization: "acme", ...extra } });

describe("cloud backend", () => {
  it("writes terraform.cloud with one named workspace", () => {
    const { json } = synthOrganization(cloud({ workspaces: { name: "root-access-main" } }));
    expect(json.terraform.cloud).toEqual({ organization: "acme", workspaces: { name: "root-access-main" } });
    expect(json.terraform.backend).toBeUndefined();
  });

  it("writes the workspaces by tags, and a Terraform Enterprise hostname", () => {
    const { json } = synthOrganization(cloud({ workspaces: { tags: ["root-access", "prod"] }, hostname: "tfe.example.com" }));
    expect(json.terraform.cloud).toEqual({ organization: "acme", hostname: "tfe.example.com", workspaces: { tags: ["root-access", "prod"] } });
  });

  it.each([
    [
      { type: "cloud", workspaces: { name: "w" } },
      "organizations[0].backend.organization: required; expected the HCP Terraform or Terraform Enterprise organization name",
    ],
    [
      { type: "cloud", organization: "acme", workspaces: { name: "w", tags: ["t"] } },
      'organizations[0].backend.workspaces: expected exactly one of "name" (one workspace) or "tags" (the workspaces with these tags)',
    ],
    [
      { type: "cloud", organization: "acme", workspaces: {} },
      'organizations[0].backend.workspaces: expected exactly one of "name" (one workspace) or "tags" (the workspaces with these tags)',
    ],
    [{ type: "cloud", organization: "acme" }, 'organizations[0].backend.workspaces: expected { "name": "<workspace>" } or { "tags": ["<tag>", ...] }'],
    [{ type: "remote", organization: "acme" }, 'organizations[0].backend.type: "remote" is not a backend type; expected "local", "s3" or "cloud"'],
  ])("refuses %j with one line", (backend, message) => {
    expect(() => validateConfig({ organizations: [org({ backend })] }, "c.json")).toThrow(new ConfigError([`c.json: ${message}`]));
  });
});

describe("review of a move to the cloud backend", () => {
  it("names the new backend, so a reviewer sees that the state must be migrated", () => {
    const { stackModel } = require("../lib/domain/review/synth-model") as typeof import("../lib/domain/review/synth-model");
    const { diffStacks } = require("../lib/domain/review/synth-diff") as typeof import("../lib/domain/review/synth-diff");
    const before = stackModel("main", synthOrganization(org({ backend: { type: "s3", bucket: "tf-state", key: "main" } })).json as any);
    const after = stackModel("main", synthOrganization(cloud({ workspaces: { name: "root-access-main" } })).json as any);
    expect(diffStacks([before], [after]).map((f) => `${f.level} ${f.rule}: ${f.message}`)).toEqual([
      "medium backend-changed: state backend changes from s3://tf-state/main (us-east-1, lockfile) to cloud app.terraform.io/acme workspace root-access-main (migrate the state first)",
    ]);
  });
});
