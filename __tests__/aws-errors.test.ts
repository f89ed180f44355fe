// The documented AWS error codes become clear messages; unknown ones keep the SDK's name and message.
import { IAMClient, IAMServiceException, ListOrganizationsFeaturesCommand } from "@aws-sdk/client-iam";
import { DescribeOrganizationCommand, OrganizationsClient, ListAccountsCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { AwsError } from "../lib/aws/aws-error";
import { OrganizationsApi } from "../lib/aws/organizations-api";

const iam = mockClient(IAMClient);
const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const api = new OrganizationsApi({
  iam: new IAMClient({ region: "us-east-1" }),
  organizations: new OrganizationsClient({ region: "us-east-1" }),
  sts: new STSClient({ region: "us-east-1" }),
});

function sdkError(name: string, message = "AWS said no") {
  return new IAMServiceException({ name, message, $fault: "client", $metadata: { httpStatusCode: 400 } });
}

beforeEach(() => {
  iam.reset();
  organizations.reset();
  sts.reset();
});

describe("AWS error mapping", () => {
  it.each([
    [
      "AccountNotManagementOrDelegatedAdministrator",
      "iam:ListOrganizationsFeatures: this account is not the management account or the IAM delegated administrator; use credentials of one of them (--profile)",
    ],
    [
      "ServiceAccessNotEnabled",
      "iam:ListOrganizationsFeatures: IAM trusted access is not enabled: deploy the stack or run `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com`",
    ],
    [
      "OrganizationNotInAllFeaturesMode",
      "iam:ListOrganizationsFeatures: the organization is not in all-features mode; enable all features in AWS Organizations first",
    ],
    ["OrganizationNotFound", "iam:ListOrganizationsFeatures: this account is not in an AWS organization"],
    ["SomethingNew", "iam:ListOrganizationsFeatures: SomethingNew: AWS said no"],
  ])("maps %s", async (code, message) => {
    iam.on(ListOrganizationsFeaturesCommand).rejects(sdkError(code));
    const err = await api.organizationsFeatures().catch((e) => e);
    expect(err).toBeInstanceOf(AwsError);
    expect(err.code).toBe(code);
    expect(err.operation).toBe("iam:ListOrganizationsFeatures");
    expect(err.message).toBe(message);
    expect(err.cause.name).toBe(code);
  });

  it("maps an organization-less account on DescribeOrganization", async () => {
    organizations.on(DescribeOrganizationCommand).rejects(sdkError("AWSOrganizationsNotInUseException"));
    await expect(api.describeOrganization()).rejects.toThrow("organizations:DescribeOrganization: this account is not in an AWS organization");
  });

  it("keeps only known feature names from ListOrganizationsFeatures", async () => {
    iam.on(ListOrganizationsFeaturesCommand).resolves({ OrganizationId: "o-abc123defg", EnabledFeatures: ["RootSessions", "SomethingElse" as any] });
    expect(await api.organizationsFeatures()).toEqual({ organizationId: "o-abc123defg", enabledFeatures: ["RootSessions"] });
  });

  it("pages through ListAccounts and reads State, not the retired Status", async () => {
    organizations
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({ Accounts: [{ Id: "1", Name: "a", Email: "a@x", State: "ACTIVE", Status: "ACTIVE" }], NextToken: "t" })
      .on(ListAccountsCommand, { NextToken: "t" })
      .resolves({ Accounts: [{ Id: "2", Name: "b", Email: "b@x", State: "SUSPENDED", Status: "ACTIVE" }] });
    const pages = [];
    for await (const page of api.accountPages()) pages.push(page);
    expect(pages).toEqual([[{ id: "1", name: "a", email: "a@x", state: "ACTIVE" }], [{ id: "2", name: "b", email: "b@x", state: "SUSPENDED" }]]);
  });

  it("returns the caller identity", async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: "111111111111", Arn: "arn:aws:iam::111111111111:user/ops" });
    expect(await api.callerIdentity()).toEqual({ accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/ops" });
  });
});
