export { FakeOrganization, organizationWithMembers } from "./model";
export type { FakeAccount, RootCredentials } from "./model";
export { FakeAws } from "./server";
export type { FakeAwsOptions, FailureRule, UnansweredRule } from "./server";

import { FakeOrganization } from "./model";
import { FakeAws, FakeAwsOptions } from "./server";

/** Starts a fake for one test file; stop it in afterAll. */
export async function startFake(org: FakeOrganization, options: FakeAwsOptions = {}): Promise<FakeAws> {
  const fake = new FakeAws(org, options);
  await fake.start();
  return fake;
}

/** Runs `fn` with a fake of its own, stopped afterwards whatever happens. */
export async function withFake<T>(org: FakeOrganization, fn: (fake: FakeAws) => Promise<T>, options: FakeAwsOptions = {}): Promise<T> {
  const fake = await startFake(org, options);
  try {
    return await fn(fake);
  } finally {
    await fake.stop();
  }
}
