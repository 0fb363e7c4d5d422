import cliProgress from 'cli-progress';
import type { QueueProgress } from '../distributed/coordinator.js';
import { onInterrupt } from './interrupt.js';
import { noteAboveBar } from './note-above-bar.js';
import { formatDuration } from './progress.js';

const line = (p: QueueProgress) =>
  `${p.done}/${p.total} cells done, ${p.running} running, ${p.failed} failed, ${p.workersSeen.length} workers seen (${p.workersConnected} connected)`;
/** What a new line is printed for: the running count alone changes too often to be worth a line. */
const key = (p: QueueProgress) => `${p.done} ${p.failed} ${p.workersSeen.length} ${p.workersConnected}`;

/**
 * The time left of a sweep, from the pace of the cells finished since this was made (cells that were already on
 * disk took no time): '?' until one finishes.
 */
export function cellEta(now: () => number = Date.now): (p: Pick<QueueProgress, 'done' | 'total'>) => string {
  const since = now();
  let first: number | undefined;
  return (p) => {
    first ??= p.done;
    return p.done > first ? formatDuration((((now() - since) / 1000) * (p.total - p.done)) / (p.done - first)) : '?';
  };
}

/**
 * A distributed sweep's progress on stderr, and its notes on lines of their own: a bar in a terminal; otherwise a line whenever a count changes and at
 * least every `quietSeconds`, so logs show the sweep is alive (and say so when no worker is connected).
 */
export function queueProgress(label: string, quietSeconds = 30): { update(p: QueueProgress): void; note(message: string): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} cells | running {running} | failed {failed} | workers {workers} | ETA {remaining}`,
        stream: process.stderr,
        hideCursor: true,
        forceRedraw: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const eta = cellEta();
    const stop = () => {
      if (started) bar.stop();
      started = false;
    };
    const remove = onInterrupt(stop);
    return {
      update(p) {
        const payload = { running: p.running, failed: p.failed, workers: `${p.workersConnected} now, ${p.workersSeen.length} seen`, remaining: eta(p) };
        if (!started) bar.start(p.total, p.done, payload);
        else bar.update(p.done, payload);
        started = true;
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
  let last = '';
  let lastAt = 0;
  return {
    update(p) {
      const now = Date.now();
      if (key(p) === last && now - lastAt < quietSeconds * 1000) return;
      last = key(p);
      lastAt = now;
      const text = line(p);
      const hint = p.workersConnected === 0 && p.done < p.total ? '; no worker connected: start one with byzsim worker --queue <url>' : '';
      process.stderr.write(`${label}: ${text}${hint}\n`);
    },
    note: (message) => void process.stderr.write(`${message}\n`),
    stop() {},
  };
}
