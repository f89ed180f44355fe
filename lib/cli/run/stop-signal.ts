// Ctrl-C and SIGTERM during a command that changes AWS: the first one aborts the workflow's
// AbortSignal (no new step starts; calls in flight finish and are logged), a second one exits at
// once (the action log already holds an attempt line for every call sent).
import { EXIT, ExitCode } from "../exit-codes";
import type { Output } from "../output";

export type StopSignalName = "SIGINT" | "SIGTERM";

/** 128 + the signal number, as shells report a process ended by it. */
export const SIGNAL_EXIT: Record<StopSignalName, ExitCode> = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated };

export interface StopSignal {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** The signal received, if any. */
  readonly received: StopSignalName | undefined;
  /** 130 after SIGINT, 143 after SIGTERM; undefined when none came. */
  exitCode(): ExitCode | undefined;
  /** Removes the handlers (the default behaviour of both signals comes back). */
  dispose(): void;
}

/** Installs the handlers until dispose(). */
export function installStopSignal(out: Output, exit: (code: number) => never = (code) => process.exit(code)): StopSignal {
  const controller = new AbortController();
  let received: StopSignalName | undefined;
  const handler = (name: StopSignalName) => {
    if (received) {
      out.info(`${name} again: stopping now; the action log shows every step that was sent`);
      exit(SIGNAL_EXIT[name]);
    }
    received = name;
    out.info(`${name}: stopping: no new step is started; waiting for the calls in flight to finish and be logged (${name} again stops at once)`);
    controller.abort(new Error(`stopped by ${name}`));
  };
  const onInt = () => handler("SIGINT");
  const onTerm = () => handler("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    exitCode: () => (received ? SIGNAL_EXIT[received] : undefined),
    dispose: () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}
