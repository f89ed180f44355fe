// The part of the AWS provider's schema our stacks use. Terraform decodes the whole schema the
// provider sends (4.9 MB, about 1,500 resource and data source types) in every command: 1.3 s of
// CPU for a `terraform validate` that checks 10 resources. The schema cache (schema-cache-proxy.ts)
// sends terraform only the types this package can synthesize, each entry byte for byte as the
// provider sent it (0.05 s). A type left out is refused by terraform as unknown ("Invalid resource
// type"), so trimming can fail a test, never pass one that the full schema would fail; a test in
// terraform-validate.test.ts shows both.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const LIB = join(__dirname, "..", "..", "lib");

export interface SchemaTypes {
  readonly resources: ReadonlySet<string>;
  readonly dataSources: ReadonlySet<string>;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

let types: SchemaTypes | undefined;

/**
 * Every resource and data source type lib/ can write: the provider bindings it imports (each names
 * its type in `tfResourceType`) and its own typed bindings (a `static readonly tfResourceType`).
 */
export function typesWeSynthesize(): SchemaTypes {
  if (types) return types;
  const resources = new Set<string>();
  const dataSources = new Set<string>();
  for (const file of sources(LIB)) {
    const text = readFileSync(file, "utf8");
    for (const [, binding] of text.matchAll(/from "@cdktf\/provider-aws\/lib\/([a-z0-9-]+)"/g)) {
      if (binding === "provider") continue;
      const js = readFileSync(require.resolve(`@cdktf/provider-aws/lib/${binding}`), "utf8");
      const type = /\.tfResourceType = "([a-z0-9_]+)"/.exec(js)?.[1];
      if (!type) throw new Error(`@cdktf/provider-aws/lib/${binding} names no tfResourceType`);
      (binding.startsWith("data-aws-") ? dataSources : resources).add(type);
    }
    for (const [, type] of text.matchAll(/static readonly tfResourceType = "([a-z0-9_]+)"/g)) resources.add(type);
  }
  return (types = { resources, dataSources });
}

// Protocol buffers, as far as the schema needs: https://protobuf.dev/programming-guides/encoding/
function varint(bytes: Buffer, at: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = at; i < bytes.length; i++) {
    value += (bytes[i] & 0x7f) * scale;
    if (bytes[i] < 0x80) return [value, i + 1];
    scale *= 0x80;
  }
  throw new Error("truncated varint in the provider's answer");
}

interface Field {
  readonly number: number;
  /** The field's bytes, tag included (to copy it unchanged). */
  readonly raw: Buffer;
  /** A length-delimited field's content. */
  readonly content?: Buffer;
}

function fields(message: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < message.length) {
    const start = at;
    const [tag, afterTag] = varint(message, at);
    const wireType = tag & 7;
    let content: Buffer | undefined;
    if (wireType === 0) at = varint(message, afterTag)[1];
    else if (wireType === 1) at = afterTag + 8;
    else if (wireType === 5) at = afterTag + 4;
    else if (wireType === 2) {
      const [length, afterLength] = varint(message, afterTag);
      at = afterLength + length;
      content = message.subarray(afterLength, at);
    } else throw new Error(`wire type ${wireType} in the provider's answer`);
    if (at > message.length) throw new Error("truncated field in the provider's answer");
    out.push({ number: Math.floor(tag / 8), raw: message.subarray(start, at), content });
  }
  return out;
}

/** The string in field 1 of a message: a map entry's key, or a metadata entry's type_name. */
function firstString(message: Buffer): string | undefined {
  const first = fields(message).find((f) => f.number === 1);
  return first?.content?.toString("utf8");
}

/**
 * Which fields of which answer list types, by kind (tfplugin5.9.proto and tfplugin6.9.proto agree):
 * GetProviderSchema.Response maps resource_schemas = 2, data_source_schemas = 3,
 * ephemeral_resource_schemas = 8 (name -> Schema); GetMetadata.Response lists data_sources = 3,
 * resources = 4, ephemeral_resources = 6 (each with type_name = 1).
 */
const TYPE_FIELDS: Record<string, Record<number, "resources" | "dataSources" | "ephemeral">> = {
  GetSchema: { 2: "resources", 3: "dataSources", 8: "ephemeral" },
  GetProviderSchema: { 2: "resources", 3: "dataSources", 8: "ephemeral" },
  GetMetadata: { 4: "resources", 3: "dataSources", 6: "ephemeral" },
};

/** Whether trimProviderAnswer changes the answer to this gRPC method (a path like /tfplugin5.Provider/GetSchema). */
export function trimsAnswerTo(path: string): boolean {
  return path.split("/").pop()! in TYPE_FIELDS;
}

/**
 * The answer to a schema or metadata call with only the types in `keep`: every other field (the
 * provider's own schema, functions, diagnostics, capabilities) and every kept entry unchanged, byte
 * for byte. Ephemeral resources are dropped (our stacks have none). `frame` is one gRPC message
 * as it travels: a compression flag, a 4-byte length, the message.
 */
export function trimProviderAnswer(path: string, frame: Buffer, keep: SchemaTypes = typesWeSynthesize()): Buffer {
  const kinds = TYPE_FIELDS[path.split("/").pop()!];
  if (!kinds) return frame;
  if (frame.length < 5 || frame[0] !== 0 || frame.readUInt32BE(1) !== frame.length - 5) {
    throw new Error(`${path}: expected one uncompressed gRPC message, got ${frame.length} bytes`);
  }
  const kept = fields(frame.subarray(5)).filter((f) => {
    const kind = kinds[f.number];
    if (!kind) return true;
    if (kind === "ephemeral") return false;
    const name = firstString(f.content!);
    return name !== undefined && keep[kind].has(name);
  });
  const message = Buffer.concat(kept.map((f) => f.raw));
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** An answer's top-level fields as they travel, each with its field number. */
export function fieldsOf(frame: Buffer): { number: number; raw: Buffer }[] {
  return fields(frame.subarray(5)).map(({ number, raw }) => ({ number, raw }));
}

/** The type names an answer lists, by kind (for the test that shows what terraform is sent). */
export function typesIn(path: string, frame: Buffer): Record<"resources" | "dataSources" | "ephemeral", string[]> {
  const kinds = TYPE_FIELDS[path.split("/").pop()!];
  const out = { resources: [] as string[], dataSources: [] as string[], ephemeral: [] as string[] };
  for (const f of fields(frame.subarray(5))) {
    const kind = kinds?.[f.number];
    if (kind) out[kind].push(firstString(f.content!) ?? "");
  }
  return out;
}

/**
 * The provider-configuration checks (PrepareProviderConfig, ValidateProviderConfig) whose verdict
 * schema-cache-proxy.ts keeps for the whole test run.
 */
export const CONFIG_CHECKS = new Set(["/tfplugin5.Provider/PrepareProviderConfig", "/tfplugin6.Provider/ValidateProviderConfig"]);

/** A msgpack string (fixstr: its length in the first byte) that is a loopback URL with a port: the local AWS fake's. */
const LOOPBACK_URL = /[\xa0-\xbf]http:\/\/127\.0\.0\.1:\d{1,5}/g;

/**
 * A provider-configuration check's request with every loopback URL (the local AWS fake's: each
 * fake listens on a new port) made one: two requests with the same key differ in those ports only.
 * The provider's check of the `endpoints` block costs about 4 s of CPU, and each deploy test starts
 * its own fake. Undefined for any other call.
 */
export function configCheckKey(path: string, frame: Buffer): string | undefined {
  if (!CONFIG_CHECKS.has(path)) return undefined;
  if (frame.length < 5 || frame[0] !== 0 || frame.readUInt32BE(1) !== frame.length - 5) return undefined;
  const parts = fields(frame.subarray(5)).map((f) => {
    // config = 1 (DynamicValue: msgpack = 1, json = 2)
    if (f.number !== 1 || !f.content) return `${f.number}:${f.raw.toString("base64")}`;
    return fields(f.content)
      .map((v) => {
        const text = (v.content ?? v.raw).toString("latin1");
        const same = text.replace(LOOPBACK_URL, (url) => ((url.charCodeAt(0) & 0x1f) === url.length - 1 ? "\u0000loopback" : url));
        return `1.${v.number}:${Buffer.from(same, "latin1").toString("base64")}`;
      })
      .join(",");
  });
  return `${path}|${parts.join("|")}`;
}
