// The progress bar of long multi-account runs (audit, remediate): on stderr, only on a terminal.
import { SingleBar } from "cli-progress";
import type { Output } from "./output";

export interface BarProgress {
  readonly total: number;
  readonly done: number;
  readonly errors: number;
  /** False while accounts are still being listed: the total is not known yet. */
  readonly listed: boolean;
}

/**
 * A progress bar on stderr, only when stderr is a terminal. Until every account is listed the total
 * is not known: it shows a count with "listing accounts" instead of a bar that looks full.
 */
export function progressBar(out: Output, verb: string): { update: (p: BarProgress) => void; stop: () => void } | undefined {
  if (!out.stderrIsTty) return undefined;
  const started = performance.now();
  const bar = new SingleBar({
    format: (options, params, payload: { errors: number; rate: string; listed: boolean }) => {
      const tail = `${payload.errors} errors | ${payload.rate}/s`;
      if (!payload.listed) return `${verb} ${params.value} accounts so far, listing accounts... | ${tail}`;
      const width = options.barsize ?? 40;
      const filled = Math.round((params.progress ?? 0) * width);
      const eta = Number.isFinite(params.eta) ? `${Math.max(0, Math.round(params.eta))}s` : "-";
      return `${verb} ${"\u2588".repeat(filled)}${"\u2591".repeat(width - filled)} ${params.value}/${params.total} accounts | ${tail} | eta ${eta}`;
    },
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  let stopped = false;
  return {
    update: (p) => {
      if (stopped) return;
      const payload = { errors: p.errors, rate: (p.done / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(1), listed: p.listed };
      if (!running) {
        bar.start(Math.max(p.total, 1), p.done, payload);
        running = true;
      }
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, payload);
    },
    stop: () => {
      if (running && !stopped) bar.stop();
      stopped = true;
    },
  };
}
