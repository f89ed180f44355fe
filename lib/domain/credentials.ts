// Root credentials as the domain reasons about them, and errors as results record them.
import { CREDENTIAL_KINDS, CredentialKind } from "../aws-constants";
import { UserError } from "../errors";
import { CredentialItem, ErrorInfo, RootCredentials } from "./ports";

/** A root user has credentials when it has any of: a password, an access key (active or not), an MFA device, a signing certificate. */
export function hasRootCredentials(c: RootCredentials): boolean {
  return c.loginProfile || c.accessKeys.length > 0 || c.mfaDevices.length > 0 || c.signingCertificates.length > 0;
}

/** The items of the selected kinds, in a stable order: password, keys, MFA devices, certificates. */
export function credentialItems(c: RootCredentials, only: readonly CredentialKind[] = CREDENTIAL_KINDS): CredentialItem[] {
  const items: CredentialItem[] = [];
  if (only.includes("login-profile") && c.loginProfile) items.push({ kind: "login-profile" });
  if (only.includes("access-keys")) for (const k of c.accessKeys) items.push({ kind: "access-keys", id: k.id });
  if (only.includes("mfa-devices")) for (const serial of c.mfaDevices) items.push({ kind: "mfa-devices", id: serial });
  if (only.includes("signing-certificates")) for (const cert of c.signingCertificates) items.push({ kind: "signing-certificates", id: cert.id });
  return items;
}

/** An AWS or user error as a result records it; anything else is a bug and keeps going up. */
export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof UserError) return { code: err.code, message: err.message };
  throw err;
}
