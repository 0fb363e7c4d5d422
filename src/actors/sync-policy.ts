import { roundsWithFaults } from '../faults/faults.js';
import type { Aggregator } from '../policies/aggregators/aggregator.js';
import { EventPriority } from '../scheduler/event-priority.js';
import type { RoundTimings } from '../timing/timing.js';
import { poolJobs } from './pool-jobs.js';
import type { ServerPolicy } from './server-policy.js';
import { SyncServerActor } from './sync-server.js';

/** What the synchronous server is made of. `steps` counts rounds. */
export interface SyncPolicyOptions {
  /** The robust rule; one that needs pool jobs asks for them through its `prepare` and `assess` steps. */
  readonly aggregator: Aggregator;
  /** Whether attacks see the round's honest gradients. */
  readonly omniscient: boolean;
  /** A separate instance of the rule for attacks that know the defence (unused for rules with `assess`). */
  readonly defence?: Aggregator;
  /** Stragglers dropped per round: the server waits for the first n − k pushes. */
  readonly dropSlowest: number;
  /** Each worker's push timing (delay in ticks from a round's start), or undefined if it skips the round. */
  readonly rounds: RoundTimings;
}

/** Synchronous mode: rounds with a barrier, aggregated by a robust rule. */
export interface SyncPolicy extends ServerPolicy, SyncPolicyOptions {
  readonly mode: 'sync';
}

/** The synchronous server's policy: a {@link SyncServerActor} that waits for each round (with the run's faults). */
export function syncPolicy(options: SyncPolicyOptions): SyncPolicy {
  return {
    ...options,
    mode: 'sync',
    unit: 'rounds',
    keepVersions: 1,
    createServer({ base, sim, compute, info, rng, workers, steps, faults, ids }) {
      return new SyncServerActor({
        ...base,
        aggregator: options.aggregator,
        jobs: poolJobs({ compute, info, rng }, base.slots),
        continueWhen: (pending, run) =>
          sim.schedule({ delay: 0, priority: EventPriority.validation, actor: ids.server, kind: 'pool-jobs', pending, run: run as (v: unknown) => void }),
        workers,
        omniscient: options.omniscient,
        defence: options.defence,
        dropSlowest: options.dropSlowest,
        roundTimings: roundsWithFaults(options.rounds, faults, () => sim.now),
        rounds: steps,
      });
    },
  };
}
