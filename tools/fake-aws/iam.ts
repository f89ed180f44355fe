// AWS IAM (awsQuery) operations of the fake: organization features, and the root-user calls that
// root sessions make, limited to what each task policy allows (anything else is AccessDenied).
import { Feature, TaskPolicy } from "../../lib/aws-constants";
import { FakeAccount } from "./model";
import { iamRoleHandlers } from "./provider-services";
import { FakeAwsError, FakeResponse, queryResponse, XmlMap } from "./protocol";
import type { HandlerContext } from "./context";

export const IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

const AUDIT = ["GetUser", "GetLoginProfile", "ListAccessKeys", "GetAccessKeyLastUsed", "ListMFADevices", "ListSigningCertificates"];
/** The IAM actions each task policy allows in a root session (IAM User Guide, "Perform a privileged task on an AWS Organizations member account"; the policies under arn:aws:iam::aws:policy/root-task/). */
export const TASK_POLICY_IAM_ACTIONS: Record<TaskPolicy, readonly string[]> = {
  IAMAuditRootUserCredentials: AUDIT,
  IAMDeleteRootUserCredentials: [
    ...AUDIT,
    "DeleteLoginProfile",
    "DeleteAccessKey",
    "DeactivateMFADevice",
    "DeleteVirtualMFADevice",
    "DeleteSigningCertificate",
  ],
  IAMCreateRootUserPassword: ["CreateLoginProfile", "GetLoginProfile"],
  S3UnlockBucketPolicy: [],
  SQSUnlockQueuePolicy: [],
};

const CREATED = "2024-01-01T00:00:00Z";

type Handler = (ctx: HandlerContext, params: URLSearchParams) => Record<string, unknown> | undefined;

/** The member account whose root user a root session acts on, after checking the task policy allows `action`. */
function rootAccount(ctx: HandlerContext, action: string): FakeAccount {
  const session = ctx.caller.rootSession;
  if (!session) {
    // Outside a root session these calls would act on the caller's own IAM user; the fake serves root only.
    throw new FakeAwsError("AccessDenied", `The local AWS fake serves iam:${action} only in root sessions (sts:AssumeRoot)`, 403);
  }
  if (!TASK_POLICY_IAM_ACTIONS[session.taskPolicy as TaskPolicy]?.includes(action)) {
    throw new FakeAwsError(
      "AccessDenied",
      `User: arn:aws:iam::${session.accountId}:root is not authorized to perform: iam:${action} because no session policy allows the iam:${action} action`,
      403,
    );
  }
  return ctx.org.accounts.get(session.accountId) as FakeAccount;
}

function noSuchEntity(what: string): FakeAwsError {
  return new FakeAwsError("NoSuchEntity", what, 404);
}

function features(ctx: HandlerContext, managementOnly: boolean): void {
  const { org, caller } = ctx;
  if (managementOnly && caller.accountId !== org.managementAccountId) {
    throw new FakeAwsError("CallerIsNotManagementAccount", "Only the management account can enable or disable organization features.", 400);
  }
  if (!managementOnly && caller.accountId !== org.managementAccountId && !org.isDelegatedAdministrator(caller.accountId, "iam.amazonaws.com")) {
    throw new FakeAwsError("AccountNotManagementOrDelegatedAdministrator", "The account is not the management account or a delegated administrator.");
  }
  if (org.featureSet !== "ALL") throw new FakeAwsError("OrganizationNotInAllFeaturesMode", "The organization is not in all features mode.");
  if (!org.servicePrincipals.has("iam.amazonaws.com"))
    throw new FakeAwsError("ServiceAccessNotEnabled", "Trusted access is not enabled for IAM in AWS Organizations.");
}

function setFeature(feature: Feature, on: boolean): Handler {
  return (ctx) => {
    features(ctx, true);
    if (on) ctx.org.iamFeatures.add(feature);
    else ctx.org.iamFeatures.delete(feature);
    return { OrganizationId: ctx.org.id, EnabledFeatures: [...ctx.org.iamFeatures].sort() };
  };
}

const handlers: Record<string, Handler> = {
  ...iamRoleHandlers,
  ListOrganizationsFeatures: (ctx) => {
    features(ctx, false);
    return { OrganizationId: ctx.org.id, EnabledFeatures: [...ctx.org.iamFeatures].sort() };
  },
  EnableOrganizationsRootCredentialsManagement: setFeature("RootCredentialsManagement", true),
  DisableOrganizationsRootCredentialsManagement: setFeature("RootCredentialsManagement", false),
  EnableOrganizationsRootSessions: setFeature("RootSessions", true),
  DisableOrganizationsRootSessions: setFeature("RootSessions", false),

  // The caller's own account (in a root session the task policies do not allow it: AccessDenied, as in AWS).
  GetAccountSummary: (ctx) => {
    const c = (ctx.caller.rootSession ? rootAccount(ctx, "GetAccountSummary") : ctx.org.accounts.get(ctx.caller.accountId))?.rootCredentials;
    if (!c) throw new FakeAwsError("AccessDenied", `The local AWS fake has no account ${ctx.caller.accountId}`, 403);
    const flag = (on: boolean) => (on ? "1" : "0");
    return {
      SummaryMap: new XmlMap({
        AccountMFAEnabled: flag(c.mfaDevices.length > 0),
        AccountAccessKeysPresent: flag(c.accessKeys.length > 0),
        AccountPasswordPresent: flag(c.loginProfile),
        AccountSigningCertificatesPresent: flag(c.signingCertificates.length > 0),
        Users: "0",
        Roles: String(ctx.org.rolesOf(ctx.caller.accountId).size),
      }),
    };
  },
  GetUser: (ctx) => {
    const a = rootAccount(ctx, "GetUser");
    return { User: { Path: "/", UserName: a.name, UserId: a.id, Arn: `arn:aws:iam::${a.id}:root`, CreateDate: CREATED } };
  },
  GetLoginProfile: (ctx) => {
    const a = rootAccount(ctx, "GetLoginProfile");
    if (!a.rootCredentials.loginProfile) throw noSuchEntity(`Login Profile for User root cannot be found.`);
    return { LoginProfile: { UserName: "root", CreateDate: CREATED, PasswordResetRequired: false } };
  },
  ListAccessKeys: (ctx) => {
    const a = rootAccount(ctx, "ListAccessKeys");
    return {
      AccessKeyMetadata: a.rootCredentials.accessKeys.map((k) => ({
        UserName: "root",
        AccessKeyId: k.id,
        Status: k.status,
        CreateDate: k.createdAt ?? CREATED,
      })),
      IsTruncated: false,
    };
  },
  // A key never used has no date, and "N/A" for its service and region.
  GetAccessKeyLastUsed: (ctx, params) => {
    const a = rootAccount(ctx, "GetAccessKeyLastUsed");
    const id = params.get("AccessKeyId");
    const key = a.rootCredentials.accessKeys.find((k) => k.id === id);
    if (!key) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
    const used = key.lastUsed;
    return {
      UserName: "root",
      AccessKeyLastUsed: used ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region } : { ServiceName: "N/A", Region: "N/A" },
    };
  },
  ListMFADevices: (ctx) => {
    const a = rootAccount(ctx, "ListMFADevices");
    return { MFADevices: a.rootCredentials.mfaDevices.map((serial) => ({ UserName: "root", SerialNumber: serial, EnableDate: CREATED })), IsTruncated: false };
  },
  ListSigningCertificates: (ctx) => {
    const a = rootAccount(ctx, "ListSigningCertificates");
    return {
      Certificates: a.rootCredentials.signingCertificates.map((c) => ({
        UserName: "root",
        CertificateId: c.id,
        CertificateBody: "-----BEGIN CERTIFICATE-----",
        Status: c.status,
        UploadDate: CREATED,
      })),
      IsTruncated: false,
    };
  },
  DeleteLoginProfile: (ctx) => {
    const a = rootAccount(ctx, "DeleteLoginProfile");
    if (!a.rootCredentials.loginProfile) throw noSuchEntity("Login Profile for User root cannot be found.");
    a.rootCredentials.loginProfile = false;
    return undefined;
  },
  CreateLoginProfile: (ctx) => {
    const a = rootAccount(ctx, "CreateLoginProfile");
    if (a.rootCredentials.loginProfile) throw new FakeAwsError("EntityAlreadyExists", "Login Profile for user root already exists.", 409);
    a.rootCredentials.loginProfile = true;
    return { LoginProfile: { UserName: "root", CreateDate: CREATED, PasswordResetRequired: false } };
  },
  DeleteAccessKey: (ctx, params) => {
    const a = rootAccount(ctx, "DeleteAccessKey");
    const id = params.get("AccessKeyId");
    const before = a.rootCredentials.accessKeys.length;
    a.rootCredentials.accessKeys = a.rootCredentials.accessKeys.filter((k) => k.id !== id);
    if (a.rootCredentials.accessKeys.length === before) throw noSuchEntity(`The Access Key with id ${id} cannot be found.`);
    return undefined;
  },
  DeactivateMFADevice: (ctx, params) => {
    const a = rootAccount(ctx, "DeactivateMFADevice");
    const serial = params.get("SerialNumber") ?? "";
    if (!a.rootCredentials.mfaDevices.includes(serial)) throw noSuchEntity(`MFA Device with serial number ${serial} does not exist.`);
    a.rootCredentials.mfaDevices = a.rootCredentials.mfaDevices.filter((s) => s !== serial);
    return undefined;
  },
  DeleteVirtualMFADevice: (ctx, params) => {
    rootAccount(ctx, "DeleteVirtualMFADevice");
    const serial = params.get("SerialNumber") ?? "";
    if (!serial.includes(":mfa/")) throw noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`);
    return undefined;
  },
  DeleteSigningCertificate: (ctx, params) => {
    const a = rootAccount(ctx, "DeleteSigningCertificate");
    const id = params.get("CertificateId");
    const before = a.rootCredentials.signingCertificates.length;
    a.rootCredentials.signingCertificates = a.rootCredentials.signingCertificates.filter((c) => c.id !== id);
    if (a.rootCredentials.signingCertificates.length === before) throw noSuchEntity(`The Certificate with id ${id} cannot be found.`);
    return undefined;
  },
};

export function handleIam(ctx: HandlerContext, action: string, params: URLSearchParams): FakeResponse {
  const handler = handlers[action];
  if (!handler) throw new FakeAwsError("InvalidAction", `The local AWS fake does not implement iam:${action}`);
  return queryResponse(action, IAM_NAMESPACE, handler(ctx, params));
}
