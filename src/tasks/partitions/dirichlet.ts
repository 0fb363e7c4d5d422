import { dirichletSample } from '../../core/gamma-sample.js';
import type { Partition } from './partition.js';

/** Parameters of {@link dirichlet}. */
export type DirichletParams = {
  /** Concentration α > 0: small α gives each worker few classes, large α approaches IID. */
  readonly alpha: number;
};

/** Redraws allowed before giving up on giving every worker at least one sample. */
export const DIRICHLET_ATTEMPTS = 100;

/**
 * Dirichlet label skew: for each class c, proportions p_c ~ Dir(α, …, α) over the n workers; the class's
 * samples (in train-split order) are cut at ⌊N_c·(p_c1 + … + p_cw)⌋, worker w taking the w-th piece. Shard
 * sizes therefore differ. If a worker ends up with no sample, the whole draw is repeated from the next seeded
 * stream (at most {@link DIRICHLET_ATTEMPTS} times, then an error): an empty worker could not compute a gradient.
 * @see byzfl/fed_framework/data_distributor.py, `dirichlet_niid_idx` (LPD-EPFL/byzfl), which has no redraw.
 */
export function dirichlet({ alpha }: DirichletParams): Partition {
  return ({ labels, classes, weights, rng }) => {
    const n = weights.length;
    const byClass: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
    const p = new Float64Array(n);
    for (let attempt = 0; attempt < DIRICHLET_ATTEMPTS; attempt++) {
      const stream = rng.stream(attempt);
      const pieces: number[][] = Array.from({ length: n }, () => []);
      for (const members of byClass) {
        dirichletSample(stream, alpha, p);
        let cum = 0;
        let start = 0;
        for (let w = 0; w < n; w++) {
          cum += p[w];
          const end = w === n - 1 ? members.length : Math.min(members.length, Math.floor(cum * members.length));
          for (let k = start; k < end; k++) pieces[w].push(members[k]);
          start = Math.max(start, end);
        }
      }
      if (pieces.every((s) => s.length > 0)) return pieces.map((s) => Int32Array.from(s));
    }
    throw new RangeError(`dirichlet: after ${DIRICHLET_ATTEMPTS} draws some worker still had no training sample (α = ${alpha}, ${n} workers, ${labels.length} samples); raise alpha or use fewer workers`);
  };
}
