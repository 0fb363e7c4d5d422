import { roundsWithFaults } from '../faults/faults.js';
import type { Aggregator } from '../policies/aggregators/aggregator.js';
import type { ZenoRule } from '../policies/aggregators/zeno.js';
import { EventPriority } from '../scheduler/event-priority.js';
import type { RoundTimings } from '../timing/timing.js';
import { referenceGradient } from './reference-gradient.js';
import type { ServerPolicy } from './server-policy.js';
import { SyncServerActor } from './sync-server.js';
import { zenoScorer } from './zeno-scorer.js';

/** What the synchronous server is made of. `steps` counts rounds. */
export interface SyncPolicyOptions {
  readonly rule: { readonly kind: 'aggregator'; readonly aggregator: Aggregator } | { readonly kind: 'zeno'; readonly zeno: ZenoRule };
  /** Whether attacks see the round's honest gradients. */
  readonly omniscient: boolean;
  /** A separate instance of the rule for attacks that know the defence (undefined for Zeno). */
  readonly defence?: Aggregator;
  /** Stragglers dropped per round: the server waits for the first n − k pushes. */
  readonly dropSlowest: number;
  /** Each worker's push timing (delay in ticks from a round's start), or undefined if it skips the round. */
  readonly rounds: RoundTimings;
}

/** Synchronous mode: rounds with a barrier, aggregated by a robust rule or Zeno. */
export interface SyncPolicy extends ServerPolicy, SyncPolicyOptions {
  readonly mode: 'sync';
}

/** The synchronous server's policy: a {@link SyncServerActor} that waits for each round (with the run's faults). */
export function syncPolicy(options: SyncPolicyOptions): SyncPolicy {
  const { rule } = options;
  return {
    ...options,
    mode: 'sync',
    unit: 'rounds',
    keepVersions: 1,
    createServer({ base, sim, compute, info, rng, workers, steps, faults, ids }) {
      const jobs = { compute, info, rng };
      return new SyncServerActor({
        ...base,
        rule: rule.kind === 'aggregator' ? rule : { ...rule, scorer: zenoScorer(jobs, rule.zeno, base.slots) },
        continueWhen: (pending, run) =>
          sim.schedule({ delay: 0, priority: EventPriority.validation, actor: ids.server, kind: 'zeno-scores', pending, run: run as (v: unknown) => void }),
        workers,
        omniscient: options.omniscient,
        defence: options.defence,
        ...(rule.kind === 'aggregator' && rule.aggregator.needsReference !== undefined ? { reference: referenceGradient(jobs, base.slots) } : {}),
        dropSlowest: options.dropSlowest,
        roundTimings: roundsWithFaults(options.rounds, faults, () => sim.now),
        rounds: steps,
      });
    },
  };
}
