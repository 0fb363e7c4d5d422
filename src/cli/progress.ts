import cliProgress from 'cli-progress';
import { onInterrupt } from './interrupt.js';
import { noteAboveBar } from './note-above-bar.js';

export interface Progress {
  update(done: number, total: number): void;
  /** Prints a message (a note, a warning) on a line of its own, never onto the bar. */
  note(message: string): void;
  stop(): void;
}

/** Seconds between progress lines when stderr is not a terminal (BYZSIM_PROGRESS_SECONDS overrides). */
const lineSeconds = () => {
  const s = Number(process.env.BYZSIM_PROGRESS_SECONDS);
  return Number.isFinite(s) && s > 0 ? s : 5;
};

/** `1h 02m`, `3m 05s`, `12s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/**
 * Progress on stderr: a bar when stderr is a terminal; otherwise (CI logs, nohup, pipes) one line every few
 * seconds with the share done, elapsed time and ETA. The bar is stopped (cursor and line wrap restored) also
 * when the command is interrupted.
 */
export function progressBar(label: string, unit = 'arrivals'): Progress {
  return process.stderr.isTTY ? terminalBar(label, unit) : progressLines(label, unit);
}

function terminalBar(label: string, unit: string): Progress {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50, forceRedraw: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const stop = () => {
    if (started) bar.stop();
    started = false;
  };
  const remove = onInterrupt(stop);
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    note(message) {
      noteAboveBar(bar, started, message);
    },
    stop() {
      stop();
      remove();
    },
  };
}

/**
 * Progress lines for a log: the first one second after work starts moving, then one every few seconds. `now` and
 * `write` are the clock and stderr (a test passes its own).
 */
export function progressLines(label: string, unit: string, now: () => number = Date.now, write: (line: string) => void = (line) => void process.stderr.write(line)): Progress {
  const start = now();
  // The rate is measured from the first update that shows work done, so start-up (loading data, starting the pool)
  // does not skew the ETA: a sweep reports its finished cells before its pools start.
  let initial: number | undefined;
  let first: { at: number; done: number } | undefined;
  let last = start;
  let lines = 0;
  return {
    update(done, total) {
      const t = now();
      initial ??= done;
      if (first === undefined) {
        if (done > initial) first = { at: t, done };
        return;
      }
      // The first line comes after one second of work, so a long run's ETA shows almost at once.
      if (t - Math.max(last, first.at) < 1000 * (lines === 0 ? Math.min(1, lineSeconds()) : lineSeconds()) || done <= first.done || done >= total) return;
      last = t;
      lines++;
      const eta = ((t - first.at) / 1000) * ((total - done) / (done - first.done));
      write(`${label}: ${done}/${total} ${unit} (${((100 * done) / total).toFixed(0)}%), ${formatDuration((t - start) / 1000)} elapsed, ETA ${formatDuration(eta)}\n`);
    },
    note(message) {
      write(`${message}\n`);
    },
    stop() {},
  };
}
