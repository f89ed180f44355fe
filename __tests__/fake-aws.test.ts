// The local AWS fake itself: what it refuses, and how, through the real SDK.
import { ListHandshakesForAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { FakeOrganization, startFake } from "./support/fake-aws";

describe("the local AWS fake", () => {
  it("answers an operation it does not implement with an error naming it", async () => {
    const fake = await startFake(new FakeOrganization());
    const client = new OrganizationsClient({ region: "us-east-1", endpoint: fake.url, credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "x" }, maxAttempts: 1 });
    try {
      await expect(client.send(new ListHandshakesForAccountCommand({}))).rejects.toThrow("The local AWS fake does not implement organizations:ListHandshakesForAccount");
    } finally {
      client.destroy();
      await fake.stop();
    }
  });
});
