import { z } from "zod";
import { organizationsConfigSchema } from "./schema";

/** The JSON Schema of the organizations config, for editors (`"$schema"` in the file). */
export function organizationsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(organizationsConfigSchema, { io: "input", unrepresentable: "any" }),
    $id: "https://github.com/cdktf-root-access/schema/organizations.schema.json",
    title: "Organizations config for cdktf-root-access",
  };
}
