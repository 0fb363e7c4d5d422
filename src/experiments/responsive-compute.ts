import type { Compute } from '../compute/jobs.js';

/**
 * A compute that lets the event loop turn (signals, timers, I/O) once every `every` job results. An inline
 * compute resolves jobs as microtasks only, so without this a run would never give Ctrl-C or SIGTERM a chance to
 * be handled before it ends. Results and their order are unchanged: the simulation awaits each job when its event
 * reaches the head of the queue, whenever the job resolves.
 */
export function responsive(compute: Compute, every = 32): Compute {
  let results = 0;
  return {
    backend: compute.backend,
    run: (job) =>
      compute.run(job).then((r) => (++results % every === 0 ? new Promise<typeof r>((resolve) => setImmediate(() => resolve(r))) : r)),
    close: () => compute.close(),
  };
}
