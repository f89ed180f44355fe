// `npm run test:fast` (ROOT_ACCESS_FAST=1) leaves out the tests that mostly wait on real time: the
// SDK's retry back-off after throttling and 5xx answers, the wait for an SQS change to show, a
// clock skew corrected by retries. `npm test` runs them; under test:fast the title says why not.
export const FAST = Boolean(process.env.ROOT_ACCESS_FAST);

type Body = () => Promise<unknown>;

/** `it` for a test that waits on real time (retry back-off, propagation): skipped by test:fast, named so. */
export function itWaits(name: string, fn: Body, timeout?: number): void {
  if (FAST) it.skip(`${name} (skipped by npm run test:fast: it waits on real retry back-off; npm test runs it)`, fn, timeout);
  else it(name, fn, timeout);
}
