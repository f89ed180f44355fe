// iam:GetAccountSummary: what the caller's own account says about its root user (the management
// account's root is outside centralized root access, so only this call shows it). Implements RootUserSummaryPort.
import { GetAccountSummaryCommand } from "@aws-sdk/client-iam";
import type { IAMClient, SummaryKeyType } from "@aws-sdk/client-iam";
import type { RootUserSummary, RootUserSummaryPort } from "../domain/ports";
import { call } from "./aws-error";

export class AccountSummaryApi implements RootUserSummaryPort {
  constructor(private readonly iam: () => IAMClient) {}

  async rootUserSummary(): Promise<RootUserSummary> {
    const out = await call("iam:GetAccountSummary", () => this.iam().send(new GetAccountSummaryCommand({})));
    const map = out.SummaryMap ?? {};
    const flag = (key: SummaryKeyType) => (map[key] ?? 0) > 0;
    return {
      mfaEnabled: flag("AccountMFAEnabled"),
      accessKeysPresent: flag("AccountAccessKeysPresent"),
      passwordPresent: flag("AccountPasswordPresent"),
      signingCertificatesPresent: flag("AccountSigningCertificatesPresent"),
    };
  }
}
