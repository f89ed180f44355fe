// Repairs what cdktf 0.21's HCL renderer (`cdktf synth --hcl`) gets wrong, so the cdk.tf a
// reviewer reads in a pull request is Terraform that `terraform validate` accepts.

/**
 * Rewrites cdktf 0.21's HCL into valid Terraform:
 * - `precondition = [ { ... }, ]` (a list attribute, which Terraform refuses: "An argument named
 *   "precondition" is not expected here") becomes one `precondition { ... }` block per item, and
 *   the same for `postcondition`;
 * - inside those items, string values are written unescaped (`error_message = "mode is "external""`):
 *   quotes outside `${...}` interpolations are escaped;
 * - quoted references in `depends_on = [ "aws_x.y", ]`, `ignore_changes = [ "attr", ]` and `provider = "aws.alias"` ("Quoted
 *   references are deprecated") lose their quotes.
 * Lines it does not recognise are kept as they are.
 */
export function repairCdktfHcl(hcl: string): string {
  const lines = hcl.split("\n");
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const conditions = /^(\s*)(precondition|postcondition) = \[$/.exec(line);
    if (conditions) {
      const [, indent, block] = conditions;
      for (i++; i < lines.length && lines[i].trim() !== "]"; i++) {
        const item = lines[i].trim();
        if (item === "{") out.push(`${indent}${block} {`);
        else if (item === "}," || item === "}") out.push(`${indent}}`);
        else out.push(escapeQuotes(lines[i]));
      }
      continue;
    }
    if (/^\s*(depends_on|ignore_changes|replace_triggered_by) = \[$/.test(line)) {
      out.push(line);
      for (i++; i < lines.length && lines[i].trim() !== "]"; i++) out.push(lines[i].replace(/^(\s*)"([\w-]+(?:\.[\w-]+)*)"(,?)$/, "$1$2$3"));
      if (i < lines.length) out.push(lines[i]);
      continue;
    }
    out.push(line.replace(/^(\s*provider = )"([\w-]+\.[\w-]+)"$/, "$1$2"));
  }
  return out.join("\n");
}

/** `key = "..."`: escapes the quotes of the value that are outside `${...}` (cdktf writes them raw). */
function escapeQuotes(line: string): string {
  const m = /^(\s*[\w-]+ = ")(.*)"$/.exec(line);
  if (!m) return line;
  let depth = 0;
  let body = "";
  const text = m[2];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      body += c + (text[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === "$" && text[i + 1] === "{") {
      depth++;
      body += "${";
      i++;
      continue;
    }
    if (depth > 0 && c === "{") depth++;
    if (depth > 0 && c === "}") depth--;
    body += c === '"' && depth === 0 ? '\\"' : c;
  }
  return `${m[1]}${body}"`;
}
