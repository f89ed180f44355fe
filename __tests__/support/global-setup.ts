// Every temporary file of a test run (stack folders, plans, logs, cdktf's outdirs, browser
// profiles, provider sockets, and those of terraform, cdktf and the CLI started by the tests) goes
// into one folder per run, removed when the run ends: a run used to leave about 50 MB and 400
// folders in the system's temporary folder. TMPDIR reaches the workers and every child process
// (Node's os.tmpdir() and Go's os.TempDir() read it).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), "ra-jest-"));
  process.env.ROOT_ACCESS_TEST_TMP = dir;
  process.env.TMPDIR = dir;
}
