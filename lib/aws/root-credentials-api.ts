// Reads and removes the root user's credentials inside a root session (IAM calls without UserName).
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  GetLoginProfileCommand,
  IAMClient,
  paginateListAccessKeys,
  paginateListMFADevices,
  paginateListSigningCertificates,
} from "@aws-sdk/client-iam";
import type { CredentialItem, RootCredentials } from "../domain/ports";
import { call, callOrAbsent, NO_SUCH_ENTITY } from "./aws-error";

/** "No password" is GetLoginProfile failing with NoSuchEntity. */
export async function hasLoginProfile(iam: IAMClient): Promise<boolean> {
  return callOrAbsent("iam:GetLoginProfile", NO_SUCH_ENTITY, false, async () => {
    await iam.send(new GetLoginProfileCommand({}));
    return true;
  });
}

/** The four reads run side by side; any failure fails the whole read (never "no credentials"). */
export async function readRootCredentials(iam: IAMClient): Promise<RootCredentials> {
  const [loginProfile, accessKeys, mfaDevices, signingCertificates] = await Promise.all([
    hasLoginProfile(iam),
    call("iam:ListAccessKeys", async () => {
      const keys: { id: string; status: string }[] = [];
      for await (const page of paginateListAccessKeys({ client: iam }, {})) {
        for (const k of page.AccessKeyMetadata ?? []) keys.push({ id: k.AccessKeyId ?? "", status: k.Status ?? "Unknown" });
      }
      return keys;
    }),
    call("iam:ListMFADevices", async () => {
      const serials: string[] = [];
      for await (const page of paginateListMFADevices({ client: iam }, {})) {
        for (const d of page.MFADevices ?? []) serials.push(d.SerialNumber ?? "");
      }
      return serials;
    }),
    call("iam:ListSigningCertificates", async () => {
      const certs: { id: string; status: string }[] = [];
      for await (const page of paginateListSigningCertificates({ client: iam }, {})) {
        for (const c of page.Certificates ?? []) certs.push({ id: c.CertificateId ?? "", status: c.Status ?? "Unknown" });
      }
      return certs;
    }),
  ]);
  return { loginProfile, accessKeys, mfaDevices, signingCertificates };
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
