// Wire formats of the AWS protocols the fake speaks: awsJson1_0/1_1, awsQuery (XML), REST-XML.

export class FakeAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = status >= 500 ? "Receiver" : "Sender",
    /** Extra response headers (S3's x-amz-bucket-region on a redirect). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export interface FakeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let requestCounter = 0;
export function requestId(): string {
  requestCounter += 1;
  return `fake-${process.pid}-${requestCounter.toString(16).padStart(8, "0")}`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** A string/string map in awsQuery's <entry><key/><value/></entry> shape. */
export class XmlMap {
  constructor(readonly entries: Record<string, string>) {}
}

/** Objects become elements, arrays become <member> lists (awsQuery's shape), undefined is left out. */
export function toXml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (value instanceof XmlMap)
    return Object.entries(value.entries)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${escapeXml(v)}</value></entry>`)
      .join("");
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

export function queryResponse(action: string, namespace: string, result: Record<string, unknown> | undefined): FakeResponse {
  const inner = result === undefined ? "" : `<${action}Result>${toXml(result)}</${action}Result>`;
  return {
    status: 200,
    headers: { "content-type": "text/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${namespace}">${inner}<ResponseMetadata><RequestId>${requestId()}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

export function queryError(err: FakeAwsError, namespace: string): FakeResponse {
  return {
    status: err.status,
    headers: { "content-type": "text/xml" },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${namespace}"><Error><Type>${err.type}</Type><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  };
}

export function jsonResponse(result: unknown, contentType: string): FakeResponse {
  return { status: 200, headers: { "content-type": contentType, "x-amzn-requestid": requestId() }, body: JSON.stringify(result ?? {}) };
}

export function jsonError(err: FakeAwsError, contentType: string): FakeResponse {
  return {
    status: err.status,
    headers: { "content-type": contentType, "x-amzn-errortype": err.code, "x-amzn-requestid": requestId() },
    body: JSON.stringify({ __type: err.code, message: err.message }),
  };
}

export function restXmlError(err: FakeAwsError): FakeResponse {
  return {
    status: err.status,
    headers: { "content-type": "application/xml", "x-amz-request-id": requestId() },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message><RequestId>${requestId()}</RequestId></Error>`,
  };
}

/** Pages a list the way AWS list calls do: an opaque NextToken, a maximum page size. */
export function paginate<T>(
  items: readonly T[],
  nextToken: string | undefined,
  maxResults: number | undefined,
  pageSize: number,
): { page: T[]; nextToken?: string } {
  const start = nextToken
    ? Number(
        Buffer.from(nextToken, "base64")
          .toString("utf8")
          .replace(/^offset:/, ""),
      )
    : 0;
  if (!Number.isInteger(start) || start < 0) throw new FakeAwsError("InvalidInputException", "The NextToken is not valid.");
  const size = Math.min(maxResults ?? pageSize, pageSize);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { page, nextToken: end < items.length ? Buffer.from(`offset:${end}`).toString("base64") : undefined };
}

/** Reads `Prefix.member.N` (awsQuery lists) from form parameters. */
export function queryList(params: URLSearchParams, prefix: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${prefix}.member.${i}`); i++) out.push(params.get(`${prefix}.member.${i}`) as string);
  return out;
}
