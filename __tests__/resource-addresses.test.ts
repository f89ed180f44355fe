// Resource addresses are a contract: a deployed stack whose addresses change plans a destroy and a
// create (the features off and the delegated administrator deregistered in between). Every address
// the examples and the embedded default synthesized at the first release must still be there, or
// be the `from` of a `moved` block. Adding resources is fine; fixtures/resource-addresses.json is
// the record, never regenerated to make this pass.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultConfig } from "../lib/config/default-config";
import { synthOrganizations, TerraformJson } from "./support/synth";

const PINNED: Record<string, string[]> = JSON.parse(readFileSync(join(__dirname, "fixtures", "resource-addresses.json"), "utf8"));

function addresses(json: TerraformJson): string[] {
  const out: string[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) for (const name of Object.keys(resources)) out.push(`${type}.${name}`);
  for (const [type, sources] of Object.entries(json.data ?? {})) for (const name of Object.keys(sources)) out.push(`data.${type}.${name}`);
  const moved = ((json as { moved?: { from: string }[] }).moved ?? []).map((m) => m.from);
  return [...out, ...moved];
}

const configs: [string, { organizations: Record<string, unknown>[] }][] = [
  ["embedded default", defaultConfig({}) as unknown as { organizations: Record<string, unknown>[] }],
  ...["lab.json", "multi-org.json", "sandbox.json"].map(
    (f) => [`examples/${f}`, JSON.parse(readFileSync(join(__dirname, "..", "examples", f), "utf8"))] as [string, { organizations: Record<string, unknown>[] }],
  ),
];

describe("resource addresses", () => {
  it.each(configs)("%s keeps every address it had (or moves it)", (name, config) => {
    const { json } = synthOrganizations(config.organizations);
    json.forEach((stack, i) => {
      const key = `${name} ${config.organizations[i].name}`;
      expect(PINNED[key]).toBeDefined();
      const now = addresses(stack);
      expect({ stack: key, missing: PINNED[key].filter((a) => !now.includes(a)) }).toEqual({ stack: key, missing: [] });
    });
  });
});
