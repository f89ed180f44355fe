// Evidence of every privileged run, kept next to CloudTrail: one JSON line per event, never a secret.
import { appendFileSync } from "node:fs";
import { TaskPolicy } from "../../aws-constants";

export interface ActionLogEntry {
  readonly account: string;
  readonly taskPolicy?: TaskPolicy;
  /** e.g. "delete-access-key", "confirm", "backup-bucket-policy". */
  readonly action: string;
  readonly target?: string;
  /** e.g. "deleted", "already absent", "failed", "dry-run", "not confirmed". */
  readonly result: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export class ActionLog {
  constructor(
    readonly file: string,
    private readonly caller: { readonly accountId: string; readonly arn: string },
    private readonly now: () => Date = () => new Date(),
  ) {}

  write(entry: ActionLogEntry): void {
    const line = JSON.stringify({ time: this.now().toISOString(), caller: this.caller, ...entry });
    appendFileSync(this.file, `${line}\n`, { mode: 0o600 });
  }
}
