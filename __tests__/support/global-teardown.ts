// Removes the run's temporary folder (see global-setup.ts). ROOT_ACCESS_KEEP_TEST_TMP=1 keeps it, for a look.
import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.ROOT_ACCESS_TEST_TMP;
  if (!dir) return;
  if (process.env.ROOT_ACCESS_KEEP_TEST_TMP) process.stderr.write(`kept the test run's temporary files in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
