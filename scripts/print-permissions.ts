// Prints the README's permission table from lib/permissions.ts (`npm run docs:permissions`).
import { permissionsMarkdown } from "../lib/permissions";

process.stdout.write(`${permissionsMarkdown()}\n`);
