import { createAssignment } from '../attacks/assignment.js';
import type { AttackSetup } from '../attacks/attack-setup.js';
import { Rng } from '../core/rng.js';
import { timingTraits, type TimingTable } from '../timing/registry.js';
import type { RunConfig } from './schema.js';

/**
 * The shape of the run a resolved config describes, as attacks check it before any work (see `AttackSetup`):
 * the fixed Byzantine workers exactly as the run draws them (the same seeded assignment), and what a synchronous
 * round can hold given the stragglers not waited for, the faults that lose pushes (crash, partition with
 * `heal: "drop"`) or turn them Byzantine, and whether the timing model keeps every worker in every round.
 * `defence`: whether the server's rule gives the attacker a copy to search against (sync mode, no assess step).
 */
export function attackSetup(config: RunConfig, timings: TimingTable, defence: boolean): AttackSetup {
  const { workers, mode, byzantine } = config;
  const traits = timingTraits(config.timing, timings);
  const faults = config.faults ?? [];
  const lossy = new Set(faults.flatMap((f) => (f.kind === 'crash' || (f.kind === 'partition' && f.heal === 'drop') ? f.workers : [])));
  const turned = new Set(faults.flatMap((f) => (f.kind === 'byzantine' ? f.workers : [])));
  let byzantineWorkers: number[] | undefined;
  if (byzantine.assignment === 'fixed') {
    const assignment = createAssignment('fixed', byzantine.pick, byzantine.count, workers, Rng.root(config.seed));
    byzantineWorkers = Array.from({ length: workers }, (_, w) => w).filter((w) => assignment.isByzantine(w, 0));
  }
  const size = mode === 'sync' ? workers - config.sync.dropSlowest : workers;
  const mayBeByzantine = byzantineWorkers ? new Set([...byzantineWorkers, ...turned]).size : byzantine.count > 0 ? size : turned.size;
  return {
    mode,
    knowledge: byzantine.knowledge,
    assignment: byzantine.assignment,
    workers,
    count: byzantine.count,
    ...(byzantineWorkers ? { byzantineWorkers } : {}),
    timingAttacks: traits.timingAttacks,
    round: {
      size,
      minSize: Math.max(1, traits.fullRounds ? size - lossy.size : (traits.roundShape?.minSize ?? 1) - lossy.size),
      maxByzantine: traits.fullRounds ? Math.min(size, mayBeByzantine) : Math.min(size, traits.roundShape?.maxByzantine ?? size),
      allWorkers: mode === 'sync' && traits.fullRounds && config.sync.dropSlowest === 0 && lossy.size === 0 && turned.size === 0,
    },
    defence: mode === 'sync' && defence,
  };
}
