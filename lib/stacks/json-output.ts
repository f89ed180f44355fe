// The cdk.tf.json terraform reads, written so that Terraform's own errors show our hints: when it
// refuses a destroy it prints only the line that declares the resource, so a resource's hint
// (`"//": { "destroy": "..." }`, beside cdktf's metadata in Terraform JSON's comment key) is
// written on that line.

/** The synthesized stack as JSON text, each resource's `"//"` comment with a hint on the resource's own line. */
export function stackJsonText(json: unknown): string {
  const comments: string[] = [];
  const resources = (json as { resource?: Record<string, Record<string, Record<string, unknown>>> }).resource ?? {};
  for (const byName of Object.values(resources)) {
    for (const [name, body] of Object.entries(byName)) {
      const comment = body["//"] as Record<string, unknown> | undefined;
      if (typeof comment?.destroy !== "string") continue;
      const { destroy, ...rest } = comment;
      comments.push(JSON.stringify({ destroy, ...rest }));
      const others = Object.entries(body).filter(([k]) => k !== "//");
      byName[name] = { "//": `\u0000comment${comments.length - 1}\u0000`, ...Object.fromEntries(others) };
    }
  }
  return JSON.stringify(json, null, 2).replace(
    /(": \{)\n\s*"\/\/": "\\u0000comment(\d+)\\u0000"/g,
    (_m, open: string, i: string) => `${open} "//": ${comments[Number(i)]}`,
  );
}
