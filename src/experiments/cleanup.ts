/**
 * Undo steps for work in progress (a half-written run folder, a sweep's lock), run synchronously when the
 * process is interrupted (SIGINT/SIGTERM), so an interrupted command leaves nothing partial behind.
 */
const pending = new Set<() => void>();

/** Registers `undo` until the returned function is called (when the work finished normally). */
export function registerCleanup(undo: () => void): () => void {
  pending.add(undo);
  return () => pending.delete(undo);
}

/**
 * Runs every registered undo step (each at most once), the latest first, as nested work unwinds: a run's
 * half-written folder goes before the sweep's lock, and that before the sweep's own empty folders. Errors are
 * ignored: the process is exiting anyway.
 */
export function runCleanups(): void {
  for (const undo of [...pending].reverse()) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // best effort
    }
  }
}
