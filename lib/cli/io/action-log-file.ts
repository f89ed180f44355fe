// The action log: evidence of every privileged run, kept next to CloudTrail; one JSON line per
// event (time and caller first), never a secret. Each line is written at once, and an attempt is
// on disk (fsync'ed) before the step it announces is sent (an AppendLog: 0600, no symlinks).
import type { ActionLogEntry, ActionLogPort, CallerIdentity } from "../../domain/ports";
import { AppendLog } from "./append-log";

export function fileActionLog(log: AppendLog, caller: CallerIdentity, now: () => Date = () => new Date()): ActionLogPort {
  return {
    write(entry: ActionLogEntry): void {
      log.append({ time: now().toISOString(), caller, ...entry }, entry.result === "attempt");
    },
  };
}
