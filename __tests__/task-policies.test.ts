// One table says which task policy each command's root sessions use (COMMAND_TASK_POLICY): the
// operations table, and so the operator roles and the README, agree with it.
import { COMMAND_TASK_POLICY, UNLOCK_TASK_POLICY } from "../lib/aws-constants";
import { COMMAND_OPERATIONS, commandsServedBy } from "../lib/permissions";

describe("the command -> task policy table", () => {
  it("is what the operations table declares for every command, and no command opens root sessions without a row", () => {
    const declared = Object.fromEntries(
      Object.entries(COMMAND_OPERATIONS)
        .filter(([, c]) => c.taskPolicies.length > 0)
        .map(([name, c]) => [name, [...c.taskPolicies]]),
    );
    expect(declared).toEqual(Object.fromEntries(Object.entries(COMMAND_TASK_POLICY).map(([name, t]) => [name, [t]])));
  });

  it("gives an operator role with one task policy exactly the commands of that policy", () => {
    const commandsOf = (taskPolicy: string) =>
      Object.keys(COMMAND_TASK_POLICY).filter((c) => COMMAND_TASK_POLICY[c as keyof typeof COMMAND_TASK_POLICY] === taskPolicy);
    for (const taskPolicy of new Set(Object.values(COMMAND_TASK_POLICY))) expect(commandsServedBy([taskPolicy]).sort()).toEqual(commandsOf(taskPolicy).sort());
    expect(commandsServedBy(["IAMAuditRootUserCredentials"]).sort()).toEqual(["audit", "remediate plan"]);
  });

  it("unlocks each kind of resource policy with its command's task policy", () => {
    expect(UNLOCK_TASK_POLICY).toEqual({ "s3-bucket-policy": "S3UnlockBucketPolicy", "sqs-queue-policy": "SQSUnlockQueuePolicy" });
  });
});
