// Root sessions for audit and the privileged commands: unless --no-predict, the organization's SCPs
// and RCPs are read once and an account whose task they would refuse gets no session.
import type { AwsPorts } from "../../aws";
import { partitionOf } from "../../aws-constants";
import type { RootSessionsPort } from "../../domain/ports";
import { loadReadinessPredictor } from "../../domain/readiness/load-predictor";
import type { ReadinessPredictor } from "../../domain/readiness/prediction";
import { predictedRootSessions } from "../../domain/readiness/predicted-sessions";
import type { Output } from "../output";

export interface PredictOptions {
  /** false with --no-predict. */
  readonly predict?: boolean;
}

/**
 * The readiness predictor for this run (the organization's SCPs and RCPs, read once), or none and
 * one warning line (printed) when the caller may not read the policies. The accounts asked about
 * come from the organization's own listings, so the root's accounts are not listed.
 */
export async function runPredictor(aws: AwsPorts, out: Output, accountIds?: readonly string[]): Promise<{ predictor?: ReadinessPredictor; warning?: string }> {
  const caller = await aws.organizations.callerIdentity();
  const loaded = await loadReadinessPredictor(
    { organizations: aws.organizations },
    {
      partition: partitionOf(aws.region) ?? "aws",
      region: aws.region,
      caller: { accountId: caller.accountId, arn: caller.arn },
      accountIds,
      membersUnderRootUnlisted: true,
    },
  );
  if (loaded.warning) out.info(`root-access: ${loaded.warning}`);
  return loaded;
}

/**
 * The root sessions to use. The policies are read when the first session is about to open (after the
 * command's own checks, so a refusal comes first and costs no reads), once; a caller that may not read
 * them gets one warning line and sessions without prediction.
 */
export async function rootSessionsFor(aws: AwsPorts, opts: PredictOptions, out: Output, accountIds?: readonly string[]): Promise<RootSessionsPort> {
  if (opts.predict === false) return aws.rootSessions;
  let loaded: Promise<RootSessionsPort> | undefined;
  const load = async (): Promise<RootSessionsPort> => {
    const { predictor } = await runPredictor(aws, out, accountIds);
    return predictor ? predictedRootSessions(aws.rootSessions, predictor) : aws.rootSessions;
  };
  return {
    withRootSession: async (accountId, taskPolicy, fn) => (await (loaded ??= load())).withRootSession(accountId, taskPolicy, fn),
  };
}
