// Paces a rate-limited call (sts:AssumeRoot) with a token bucket whose rate adapts: it grows while
// calls succeed and shrinks on throttling (AIMD). The SDK's own adaptive retry, per client and
// reacting late, reached about half of AssumeRoot's limit in our measurements (npm run bench:audit); a
// single shared bucket that keeps demand just above the limit reaches more than 90% of it.

export interface AdaptiveRateLimiterOptions {
  /** Starting rate, calls per second. @default 50 */
  readonly initialRate?: number;
  /** @default 2 */
  readonly minRate?: number;
  /** @default 2000 */
  readonly maxRate?: number;
  /** Multiplier applied on throttling. @default 0.9 */
  readonly decrease?: number;
  /** Fraction of the rate added per second of successful calls. @default 1 */
  readonly increasePerSecond?: number;
  /** Injected clock and sleep, for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export class AdaptiveRateLimiter {
  private rateValue: number;
  private tokens = 1;
  private last: number;
  private lastDecrease = -Infinity;
  /** Whether callers had to wait for tokens lately: only then is the rate the bottleneck worth raising. */
  private saturated = false;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  throttles = 0;

  constructor(private readonly options: AdaptiveRateLimiterOptions = {}) {
    this.rateValue = options.initialRate ?? 50;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.last = this.now();
  }

  /** The current pace, calls per second. */
  get rate(): number {
    return this.rateValue;
  }

  /** Waits for a token; callers are served in order. Resolves to the send time, for onThrottle. */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /**
   * A call went through: raise the pace. Successes arrive at about `rate` per second, so adding
   * `increasePerSecond` per success grows the pace by that fraction each second.
   */
  onSuccess(): void {
    if (!this.saturated) return;
    this.rateValue = Math.min(this.options.maxRate ?? 2000, this.rateValue + (this.options.increasePerSecond ?? 1));
  }

  /**
   * A call was throttled: slow down. Only calls sent after the last slow-down count: the ones
   * already in flight were paced at the old rate, and a burst of them must not cut the rate again
   * and again (that halves throughput).
   */
  onThrottle(sentAt: number = this.now()): void {
    this.throttles += 1;
    if (sentAt <= this.lastDecrease) return;
    this.lastDecrease = this.now();
    this.rateValue = Math.max(this.options.minRate ?? 2, this.rateValue * (this.options.decrease ?? 0.9));
    this.tokens = Math.min(this.tokens, 0);
  }

  private async take(): Promise<number> {
    this.saturated = false;
    for (;;) {
      const t = this.now();
      this.tokens = Math.min(1, this.tokens + ((t - this.last) / 1000) * this.rateValue);
      this.last = t;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return t;
      }
      this.saturated = true;
      await this.sleep(((1 - this.tokens) / this.rateValue) * 1000);
    }
  }
}
