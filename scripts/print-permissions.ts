// Prints the README's permission table from lib/aws/operations.ts (`npm run docs:permissions`).
import { permissionsMarkdown } from "../lib/permissions";

process.stdout.write(`${permissionsMarkdown()}\n`);
