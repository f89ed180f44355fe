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

  it("gives an operator role with one task policy exactly the command of that policy", () => {
    for (const [command, taskPolicy] of Object.entries(COMMAND_TASK_POLICY)) expect(commandsServedBy([taskPolicy])).toEqual([command]);
  });

  it("unlocks each kind of resource policy with its command's task policy", () => {
    expect(UNLOCK_TASK_POLICY).toEqual({ "s3-bucket-policy": "S3UnlockBucketPolicy", "sqs-queue-policy": "SQSUnlockQueuePolicy" });
  });
});
