// A bounded pool of workers pulling from one source: at most `concurrency` tasks in flight and
// never one promise per item, so memory stays flat however many accounts there are.

export interface PoolOptions {
  /** Workers, each running one task at a time. */
  readonly concurrency: number;
  /** When aborted, no worker takes a new item; tasks in flight finish. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `task` for every item of `source` (an array, a generator or pages still being listed),
 * `concurrency` at a time. Returns how many items were started; a task's own errors are its own
 * business (it should return a result), a throw stops the pool and is rethrown.
 */
export async function runPool<T>(source: Iterable<T> | AsyncIterable<T>, task: (item: T) => Promise<void>, options: PoolOptions): Promise<number> {
  const iterator = Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : toAsync((source as Iterable<T>)[Symbol.iterator]());
  let started = 0;
  let failed: { error: unknown } | undefined;
  // Async generators queue concurrent next() calls, and this lock keeps plain iterators in order too.
  let pulling: Promise<unknown> = Promise.resolve();
  const next = (): Promise<IteratorResult<T>> => {
    const turn = pulling.then(() => iterator.next());
    pulling = turn.catch(() => undefined);
    return turn;
  };
  const worker = async (): Promise<void> => {
    while (!failed && !options.signal?.aborted) {
      const item = await next();
      if (item.done || failed || options.signal?.aborted) return;
      started += 1;
      try {
        await task(item.value);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (failed) throw failed.error;
  return started;
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}

/** `fn` over `items`, `concurrency` at a time, results in the items' order (for lists already in memory). */
export async function mapPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  await runPool(
    items.map((item, index) => ({ item, index })),
    async ({ item, index }) => void (results[index] = await fn(item)),
    { concurrency },
  );
  return results;
}
