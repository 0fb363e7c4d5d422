import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';
import { needsRoundIssues, type AttackSetup } from './attack-setup.js';

/** Parameters of {@link mimic}. */
export const mimicParams = z.strictObject({
  /** Index into the round (worker order) of the honest worker to copy; must be < n. @default 0 */
  target: z.int().min(0).default(0),
});

/** Mimic parameters as written by a user. */
export type MimicOptions = z.input<typeof mimicParams>;

/**
 * Mimic: every Byzantine worker sends out = g_target, the honest gradient of worker `target` in `ctx.round`,
 * over-weighting one worker's data (harmful under heterogeneity). In async mode (no round) it sends its own
 * honest gradient, i.e. behaves honestly, so a run refuses that before any work ({@link mimicIssues}). Throws a
 * ConfigError when target ≥ the round's length.
 * @see Karimireddy, He, Jaggi. Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing. ICLR 2022.
 */
export function mimic(options: MimicOptions = {}): Attack {
  const { target } = parseParams(mimicParams, options, 'byzantine.attack');
  return defineAttack('mimic', (honest, out, ctx) => {
    const round = ctx.round;
    if (round === undefined) return void out.set(honest);
    if (target >= round.length) throw ConfigError.at('byzantine.attack.target', `expected an integer < n (n = ${round.length}), got ${target}`);
    const g = round[target];
    if (g.length !== out.length) throw new RangeError(`mimic.craft: ctx.round[${target}] has length ${g.length}, expected ${out.length}`);
    out.set(g);
  });
}

/**
 * Where mimic would do nothing or fail mid-run (docs/rules.md, "Where each attack acts"): it needs the round
 * (sync mode, omniscient knowledge); `target` must index every round (a round aggregates workers −
 * sync.dropSlowest vectors, fewer when faults lose pushes or the timing model leaves workers out); and when the
 * target is the only Byzantine worker it would copy its own gradient.
 */
export function mimicIssues({ target }: z.output<typeof mimicParams>, setup: AttackSetup): ConfigIssue[] {
  const round = needsRoundIssues('mimic', 'copies worker `target`, taken', setup);
  if (round.length > 0) return round;
  const { size, minSize, allWorkers } = setup.round;
  if (target >= size) {
    return [{ path: 'target', message: `expected an index into the round, below the ${size} vectors a round aggregates (workers − sync.dropSlowest), got ${target}` }];
  }
  if (target >= minSize) {
    return [{ path: 'target', message: `a round of this run can hold as few as ${minSize} vectors (faults that lose pushes, or a timing model that leaves workers out), and then index ${target} does not exist: expected below ${minSize}, got ${target}` }];
  }
  const byz = setup.byzantineWorkers;
  if (allWorkers && byz !== undefined && byz.length === 1 && byz[0] === target) {
    return [{ path: 'target', message: `worker ${target} is the only Byzantine worker, so it would copy its own honest gradient: mimic copies an honest worker; give an honest worker's id (any but ${target})` }];
  }
  return [];
}
