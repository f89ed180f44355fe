// The AWS layer's entry point: connect() gives the domain's ports for one set of credentials.
// The CLI loads this module only when a command calls AWS, so `--help` never loads the SDK.
import type { OrganizationsPort, OrganizationTreePort, RootSessionsPort, RootUserSummaryPort, TrailsPort } from "../domain/ports";
import { AccountSummaryApi } from "./account-summary-api";
import { AdaptiveRateLimiter } from "./adaptive-rate-limiter";
import { AwsContext, createClients } from "./clients";
import { CloudTrailApi } from "./cloudtrail-api";
import { OrganizationsApi } from "./organizations-api";
import { RootSessionOpener, RootSessions } from "./root-session";

export type { AwsContext } from "./clients";
export { COMMAND_OPERATIONS, OPERATIONS, callerActions } from "../permissions";

export interface AwsPorts {
  /** The region calls go to (STS AssumeRoot is regional). */
  readonly region: string;
  readonly organizations: OrganizationsPort;
  readonly rootSessions: RootSessionsPort;
  readonly trails: TrailsPort;
  readonly accountSummary: RootUserSummaryPort;
  readonly tree: OrganizationTreePort;
  /** Destroys every client (and root-session credentials still held). */
  close(): void;
}

export async function connect(context: AwsContext): Promise<AwsPorts> {
  const clients = await createClients(context);
  let opener: RootSessionOpener | undefined;
  const organizations = new OrganizationsApi({
    get organizations() {
      return clients.client("organizations");
    },
    get iam() {
      return clients.client("iam");
    },
    get sts() {
      return clients.client("sts");
    },
  });
  // Built on first use (discover and check never open a root session), in the session region.
  let rootSessions: Promise<RootSessions> | undefined;
  const sessions = async (): Promise<RootSessions> => {
    const chosen = context.sessionRegion ? context.sessionRegion(await organizations.describeOrganization()) : undefined;
    const options = chosen && chosen !== clients.region ? { ...clients.options, region: chosen } : clients.options;
    return new RootSessions((opener = new RootSessionOpener(options, new AdaptiveRateLimiter())));
  };
  return {
    region: clients.region,
    organizations,
    trails: new CloudTrailApi(() => clients.client("cloudtrail")),
    accountSummary: new AccountSummaryApi(() => clients.client("iam")),
    tree: organizations,
    rootSessions: {
      withRootSession: async (accountId, taskPolicy, fn) => (await (rootSessions ??= sessions())).withRootSession(accountId, taskPolicy, fn),
    },
    close: () => {
      opener?.destroy();
      clients.destroy();
    },
  };
}
