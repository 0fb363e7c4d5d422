import { runCleanups } from '../experiments/cleanup.js';

const exitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
const restorers = new Set<() => void>();

/** Registers a terminal restorer (a progress bar's stop) for an interruption; returns its remover. */
export function onInterrupt(restore: () => void): () => void {
  restorers.add(restore);
  return () => restorers.delete(restore);
}

/**
 * Ctrl-C, SIGTERM and SIGHUP stop the command cleanly: the terminal is restored (cursor shown, line wrap back
 * on), half-written folders and locks are removed, "interrupted" is printed, and the process exits with
 * 128 + the signal number (130, 143, 129), which also ends the pool's threads. Installed in the CLI process
 * itself, so it works however the CLI was started.
 */
export function handleInterrupts(): void {
  let stopping = false;
  for (const signal of Object.keys(exitCodes) as Array<keyof typeof exitCodes>) {
    process.on(signal, () => {
      if (stopping) return; // a second Ctrl-C (or a forwarded copy of the first) while cleaning up
      stopping = true;
      for (const restore of restorers) {
        try {
          restore();
        } catch {
          // best effort
        }
      }
      if (process.stderr.isTTY) process.stderr.write('\x1b[?25h\x1b[?7h');
      runCleanups();
      process.stderr.write(`\ninterrupted (${signal}): nothing partial was kept\n`);
      process.exit(exitCodes[signal]);
    });
  }
}

/**
 * npm (`npm start`, `npx byzsim`) runs the CLI under a shell and forwards SIGINT and SIGTERM only to that shell,
 * which dies without passing them on: the CLI would run on as an orphan and write its folder later. So when npm
 * started it (npm sets `npm_command`), the CLI also stops when its parent process goes away (checked every
 * `everyMs`): it prints why and sends itself SIGHUP, which stops the command as above (a worker finishes its
 * running cells first). Outside npm the parent is left alone, so `nohup byzsim sweep ... &` outlives its shell.
 */
export function stopWithNpmParent(everyMs = 250): void {
  if (process.env.npm_command === undefined) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    process.stderr.write(`\nbyzsim's parent process (pid ${parent}, started by npm) is gone: stopping\n`);
    process.kill(process.pid, 'SIGHUP');
  }, everyMs);
  timer.unref();
}
