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

/** Runs every registered undo step (each at most once); errors are ignored: the process is exiting anyway. */
export function runCleanups(): void {
  for (const undo of [...pending]) {
    pending.delete(undo);
    try {
      undo();
    } catch {
      // best effort
    }
  }
}
