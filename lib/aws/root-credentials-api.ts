// Reads and removes the root user's credentials inside a root session (IAM calls without UserName).
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListSigningCertificates,
} from "@aws-sdk/client-iam";
import { CREDENTIAL_KINDS, CredentialKind } from "../aws-constants";
import type { CredentialDetail, CredentialItem, RootCredentials } from "../domain/ports";
import { call, callOrAbsent, NO_SUCH_ENTITY } from "./aws-error";

/** "No password" is GetLoginProfile failing with NoSuchEntity. */
export async function hasLoginProfile(iam: IAMClient): Promise<boolean> {
  return callOrAbsent("iam:GetLoginProfile", NO_SUCH_ENTITY, false, async () => {
    await iam.send(new GetLoginProfileCommand({}));
    return true;
  });
}

/** The four reads run side by side; any failure fails the whole read (never "no credentials"). */
export async function readRootCredentials(iam: IAMClient, kinds: readonly CredentialKind[] = CREDENTIAL_KINDS): Promise<RootCredentials> {
  const read = <T>(kind: CredentialKind, none: T, fn: () => Promise<T>): Promise<T> => (kinds.includes(kind) ? fn() : Promise.resolve(none));
  const [loginProfile, accessKeys, mfaDevices, signingCertificates] = await Promise.all([
    read("login-profile", false, () => hasLoginProfile(iam)),
    read("access-keys", [], () =>
      call("iam:ListAccessKeys", async () => {
        const keys: { id: string; status: string }[] = [];
        for await (const page of paginateListAccessKeys({ client: iam }, {})) {
          for (const k of page.AccessKeyMetadata ?? []) keys.push({ id: k.AccessKeyId ?? "", status: k.Status ?? "Unknown" });
        }
        return keys;
      }),
    ),
    read("mfa-devices", [], () =>
      call("iam:ListMFADevices", async () => {
        const serials: string[] = [];
        for await (const page of paginateListMFADevices({ client: iam }, {})) {
          for (const d of page.MFADevices ?? []) serials.push(d.SerialNumber ?? "");
        }
        return serials;
      }),
    ),
    read("signing-certificates", [], () =>
      call("iam:ListSigningCertificates", async () => {
        const certs: { id: string; status: string }[] = [];
        for await (const page of paginateListSigningCertificates({ client: iam }, {})) {
          for (const c of page.Certificates ?? []) certs.push({ id: c.CertificateId ?? "", status: c.Status ?? "Unknown" });
        }
        return certs;
      }),
    ),
  ]);
  return { loginProfile, accessKeys, mfaDevices, signingCertificates };
}

const iso = (d: Date | undefined): string | undefined => (d ? d.toISOString() : undefined);

/** The login profile's creation date, or undefined when there is none. */
async function loginProfileCreated(iam: IAMClient): Promise<{ createdAt?: string } | undefined> {
  return callOrAbsent("iam:GetLoginProfile", NO_SUCH_ENTITY, undefined, async () => {
    const out = await iam.send(new GetLoginProfileCommand({}));
    return { createdAt: iso(out.LoginProfile?.CreateDate) };
  });
}

/** When a key was last used; undefined when never (IAM answers without a date, service "N/A"). */
async function keyLastUsed(iam: IAMClient, accessKeyId: string): Promise<CredentialDetail["lastUsed"]> {
  const out = await call("iam:GetAccessKeyLastUsed", () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: accessKeyId })));
  const used = out.AccessKeyLastUsed;
  if (!used?.LastUsedDate) return undefined;
  const known = (v: string | undefined) => (v && v !== "N/A" ? v : undefined);
  return { date: used.LastUsedDate.toISOString(), service: known(used.ServiceName), region: known(used.Region) };
}

/** Every item with its dates (the four lists side by side, then each key's last use); any failure fails the read. */
export async function readCredentialDetails(iam: IAMClient): Promise<CredentialDetail[]> {
  const [login, keys, mfa, certs] = await Promise.all([
    loginProfileCreated(iam),
    call("iam:ListAccessKeys", async () => {
      const out: CredentialDetail[] = [];
      for await (const page of paginateListAccessKeys({ client: iam }, {}))
        for (const k of page.AccessKeyMetadata ?? [])
          out.push({ kind: "access-keys", id: k.AccessKeyId ?? "", status: k.Status, createdAt: iso(k.CreateDate) });
      return out;
    }),
    call("iam:ListMFADevices", async () => {
      const out: CredentialDetail[] = [];
      for await (const page of paginateListMFADevices({ client: iam }, {}))
        for (const d of page.MFADevices ?? []) out.push({ kind: "mfa-devices", id: d.SerialNumber ?? "", createdAt: iso(d.EnableDate) });
      return out;
    }),
    call("iam:ListSigningCertificates", async () => {
      const out: CredentialDetail[] = [];
      for await (const page of paginateListSigningCertificates({ client: iam }, {}))
        for (const c of page.Certificates ?? [])
          out.push({ kind: "signing-certificates", id: c.CertificateId ?? "", status: c.Status, createdAt: iso(c.UploadDate) });
      return out;
    }),
  ]);
  const withUse = await Promise.all(keys.map(async (k) => ({ ...k, lastUsed: await keyLastUsed(iam, k.id as string) })));
  return [...(login ? [{ kind: "login-profile" as const, createdAt: login.createdAt }] : []), ...withUse, ...mfa, ...certs];
}

/** Deletes one item in an IAMDeleteRootUserCredentials session; "already absent" when IAM no longer has it. */
export async function deleteCredentialItem(iam: IAMClient, item: CredentialItem): Promise<"deleted" | "already absent"> {
  const gone = (operation: string, fn: () => Promise<unknown>) =>
    callOrAbsent(operation, NO_SUCH_ENTITY, "already absent" as const, async () => (await fn(), "deleted" as const));
  switch (item.kind) {
    case "login-profile":
      return gone("iam:DeleteLoginProfile", () => iam.send(new DeleteLoginProfileCommand({})));
    case "access-keys":
      return gone("iam:DeleteAccessKey", () => iam.send(new DeleteAccessKeyCommand({ AccessKeyId: item.id })));
    case "signing-certificates":
      return gone("iam:DeleteSigningCertificate", () => iam.send(new DeleteSigningCertificateCommand({ CertificateId: item.id })));
    case "mfa-devices": {
      const result = await gone("iam:DeactivateMFADevice", () => iam.send(new DeactivateMFADeviceCommand({ SerialNumber: item.id })));
      // Virtual devices (serial numbers are ARNs ending in :mfa/<name>) also exist apart from the user.
      if (result === "deleted" && item.id && /^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(item.id)) {
        await call("iam:DeleteVirtualMFADevice", () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: item.id })));
      }
      return result;
    }
  }
}

/** Allows root password recovery (IAMCreateRootUserPassword): true when created, false when it already existed. */
export async function createRootLoginProfile(iam: IAMClient): Promise<boolean> {
  if (await hasLoginProfile(iam)) return false;
  await call("iam:CreateLoginProfile", () => iam.send(new CreateLoginProfileCommand({})));
  return true;
}
