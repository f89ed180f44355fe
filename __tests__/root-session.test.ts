import { inspect } from "node:util";
import { AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import { STSServiceException } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { AdaptiveRateLimiter } from "../lib/aws/adaptive-rate-limiter";
import { RootSessionOpener } from "../lib/aws/root-session";

function fakeClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe("AdaptiveRateLimiter", () => {
  it("paces calls at its rate", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 10, ...clock });
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(clock.elapsed()).toBeCloseTo(400, 5);
  });

  it("slows down by 10% on throttling, once for calls sent before the slow-down", async () => {
    const clock = fakeClock();
    const limiter = new AdaptiveRateLimiter({ initialRate: 100, ...clock });
    const first = await limiter.acquire();
    const second = await limiter.acquire();
    limiter.onThrottle(second);
    limiter.onThrottle(first); // in flight before the slow-down: no second cut
    expect(limiter.rate).toBeCloseTo(90, 5);
    const third = await limiter.acquire();
    limiter.onThrottle(third); // sent after it: cut again
    expect(limiter.rate).toBeCloseTo(81, 5);
    expect(limiter.throttles).toBe(3);
  });

  it("speeds up while it is the bottleneck, up to its maximum, and never below its minimum", async () => {
    const limiter = new AdaptiveRateLimiter({ initialRate: 10, maxRate: 12.5, minRate: 9, ...fakeClock() });
    await limiter.acquire();
    limiter.onSuccess(); // the caller did not wait: the rate is not what limits it
    expect(limiter.rate).toBe(10);
    await limiter.acquire(); // this one waited for a token
    limiter.onSuccess();
    expect(limiter.rate).toBe(11);
    for (let i = 0; i < 10; i++) limiter.onSuccess();
    expect(limiter.rate).toBe(12.5);
    const slow = new AdaptiveRateLimiter({
      initialRate: 9.5,
      minRate: 9,
      now: (() => {
        let t = 0;
        return () => (t += 10_000);
      })(),
    });
    for (let i = 0; i < 5; i++) slow.onThrottle(1e12 + i);
    expect(slow.rate).toBe(9);
  });
});

describe("RootSessionOpener", () => {
  const sts = mockClient(STSClient);
  beforeEach(() => sts.reset());
  const options = {
    region: "us-east-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    maxAttempts: 1,
    retryMode: "adaptive" as const,
    customUserAgent: "t",
  };
  const credentials = { AccessKeyId: "ASIASECRETKEY", SecretAccessKey: "SECRETVALUE", SessionToken: "SECRETTOKEN", Expiration: new Date() };

  it("asks for the task policy and at most 900 seconds, and never shows the credentials", async () => {
    sts.on(AssumeRootCommand).resolves({ Credentials: credentials });
    const opener = new RootSessionOpener(options, new AdaptiveRateLimiter({ initialRate: 1000 }));
    const session = await opener.open("222222222222", "IAMAuditRootUserCredentials");
    expect(sts.commandCalls(AssumeRootCommand)[0].args[0].input).toEqual({
      TargetPrincipal: "222222222222",
      TaskPolicyArn: { arn: "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials" },
      DurationSeconds: 900,
    });
    const shown = `${JSON.stringify(session)} ${inspect(session, { depth: 5 })} ${String(session)}`;
    expect(shown).not.toMatch(/SECRET/);
    expect(JSON.parse(JSON.stringify(session))).toEqual({ accountId: "222222222222", taskPolicy: "IAMAuditRootUserCredentials" });
  });

  it("retries throttling through the limiter, then succeeds", async () => {
    const throttle = new STSServiceException({ name: "Throttling", message: "Rate exceeded", $fault: "client", $metadata: { httpStatusCode: 400 } });
    sts.on(AssumeRootCommand).rejectsOnce(throttle).rejectsOnce(throttle).resolves({ Credentials: credentials });
    const limiter = new AdaptiveRateLimiter({ initialRate: 1000 });
    const session = await new RootSessionOpener(options, limiter).open("222222222222", "IAMAuditRootUserCredentials");
    expect(session.accountId).toBe("222222222222");
    expect(limiter.throttles).toBe(2);
    expect(sts.commandCalls(AssumeRootCommand)).toHaveLength(3);
  });

  it("does not retry an access denial, and names the operation", async () => {
    sts
      .on(AssumeRootCommand)
      .rejects(new STSServiceException({ name: "AccessDenied", message: "not allowed", $fault: "client", $metadata: { httpStatusCode: 403 } }));
    await expect(new RootSessionOpener(options).open("222222222222", "IAMAuditRootUserCredentials")).rejects.toThrow(
      "sts:AssumeRoot: AccessDenied: not allowed",
    );
    expect(sts.commandCalls(AssumeRootCommand)).toHaveLength(1);
  });
});
