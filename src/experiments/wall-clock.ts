import { performance } from 'node:perf_hooks';

/**
 * Wall-clock seconds since `start()` was called: for progress and throughput reports only. The simulation never
 * reads a wall clock (docs/design.md, the determinism contract); layers above it time their work through this.
 */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
}
