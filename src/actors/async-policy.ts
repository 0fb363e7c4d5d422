import { pullsWithFaults } from '../faults/faults.js';
import type { AsyncFilter } from '../policies/filters/filter.js';
import { EventPriority } from '../scheduler/event-priority.js';
import { rxScheduler } from '../scheduler/rx-scheduler.js';
import type { PullPolicy } from '../timing/timing.js';
import { SubsetSampler } from './batches.js';
import { ServerActor } from './server.js';
import type { ServerPolicy } from './server-policy.js';
import { ValidatorActor } from './validator.js';

/** Asynchronous mode: each arrival is judged alone by a filter; the pull policy is the timing model. */
export interface AsyncPolicy extends ServerPolicy {
  readonly mode: 'async';
  readonly filter: AsyncFilter;
  readonly pulls: PullPolicy;
}

/**
 * The asynchronous server's policy: a {@link ServerActor} with `filter`, pulls from `pulls` (with the run's
 * faults), and, for filters that refresh a validation gradient, a validator actor feeding it.
 */
export function asyncPolicy(filter: AsyncFilter, pulls: PullPolicy): AsyncPolicy {
  return {
    mode: 'async',
    filter,
    pulls,
    unit: 'arrivals',
    keepVersions: pulls.keepVersions,
    createServer({ base, sim, compute, info, rng, steps, faults, ids, listen }) {
      const validator =
        filter.refreshEvery > 0
          ? new ValidatorActor(
              compute,
              base.history,
              new SubsetSampler(info.validationSize, filter.validationBatch, rng.fork('validation')),
              rxScheduler(sim, { priority: EventPriority.validation, actor: ids.validator, kind: 'validation' }),
              base.slots,
            )
          : undefined;
      const server = new ServerActor({
        ...base,
        filter,
        pulls: pullsWithFaults(pulls, faults, () => sim.now),
        later: (wait, worker, run) => sim.schedule({ delay: wait, priority: EventPriority.pull, actor: worker, kind: 'pull', run }),
        steps,
        requestValidation: (r) => validator!.requests.next(r),
      });
      if (validator) listen(validator.validations$, (v) => server.receiveValidation(v));
      return server;
    },
  };
}
