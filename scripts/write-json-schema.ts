// Regenerates schema/organizations.schema.json from the zod schema (npm run schema).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { organizationsJsonSchema } from "../lib/config/json-schema";

const target = join(__dirname, "..", "schema", "organizations.schema.json");
writeFileSync(target, `${JSON.stringify(organizationsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
