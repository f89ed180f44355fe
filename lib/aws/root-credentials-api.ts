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
import { call, errorCode } from "./aws-error";

export interface RootCredentials {
  readonly loginProfile: boolean;
  readonly accessKeys: { id: string; status: string }[];
  readonly mfaDevices: string[];
  readonly signingCertificates: { id: string; status: string }[];
}

/** "No password" is GetLoginProfile failing with NoSuchEntity (the SDK names it NoSuchEntityException). */
export function isNoSuchEntity(err: unknown): boolean {
  const code = errorCode(err);
  return code === "NoSuchEntity" || code === "NoSuchEntityException";
}

export async function hasLoginProfile(iam: IAMClient): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({}));
    return true;
  } catch (err) {
    if (isNoSuchEntity(err)) return false;
    throw err;
  }
}

/** The four reads run side by side; any failure fails the whole read (never "no credentials"). */
export async function readRootCredentials(iam: IAMClient): Promise<RootCredentials> {
  const [loginProfile, accessKeys, mfaDevices, signingCertificates] = await Promise.all([
    call("iam:GetLoginProfile", () => hasLoginProfile(iam)),
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

/** A root user has credentials when it has any of: a password, an access key (active or not), an MFA device, a signing certificate. */
export function hasRootCredentials(c: RootCredentials): boolean {
  return c.loginProfile || c.accessKeys.length > 0 || c.mfaDevices.length > 0 || c.signingCertificates.length > 0;
}

/** One root credential item, as the delete command plans and reports it. */
export interface CredentialItem {
  readonly kind: "login-profile" | "access-keys" | "mfa-devices" | "signing-certificates";
  /** The access key ID, MFA serial number or certificate ID; none for the login profile. */
  readonly id?: string;
}

/** Deletes one item in an IAMDeleteRootUserCredentials session. MFA devices are deactivated, then deleted when virtual. */
export async function deleteCredentialItem(iam: IAMClient, item: CredentialItem): Promise<void> {
  switch (item.kind) {
    case "login-profile":
      await iam.send(new DeleteLoginProfileCommand({}));
      return;
    case "access-keys":
      await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: item.id }));
      return;
    case "signing-certificates":
      await iam.send(new DeleteSigningCertificateCommand({ CertificateId: item.id }));
      return;
    case "mfa-devices":
      await iam.send(new DeactivateMFADeviceCommand({ SerialNumber: item.id }));
      // Virtual devices (serial numbers are ARNs ending in :mfa/<name>) also exist apart from the user.
      if (item.id && /^arn:aws[\w-]*:iam::\d{12}:mfa\//.test(item.id)) await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: item.id }));
      return;
  }
}

/** Allows root password recovery (IAMCreateRootUserPassword): true when created, false when it already existed. */
export async function createRootLoginProfile(iam: IAMClient): Promise<boolean> {
  if (await hasLoginProfile(iam)) return false;
  await iam.send(new CreateLoginProfileCommand({}));
  return true;
}
