// The action log: evidence of every privileged run, kept next to CloudTrail; one JSON line per
// event (time and caller first), never a secret. Files are created 0600.
import { appendFileSync } from "node:fs";
import type { ActionLogEntry, ActionLogPort, CallerIdentity } from "../../domain/ports";

export function fileActionLog(file: string, caller: CallerIdentity, now: () => Date = () => new Date()): ActionLogPort {
  return {
    write(entry: ActionLogEntry): void {
      appendFileSync(file, `${JSON.stringify({ time: now().toISOString(), caller, ...entry })}\n`, { mode: 0o600 });
    },
  };
}
