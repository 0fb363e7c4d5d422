import { z } from 'zod';
import { allFinite } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { RowSums } from './row-sums.js';

/** Parameters of centered clipping. Defaults follow the CC repo's main script and ByzFL. */
export const centeredClippingParams = z.strictObject({
  /** τ, clipping radius around the centre. @default 100 */
  tau: z.number().gt(0).default(100),
  /** L, clipping iterations per call. @default 1 */
  iterations: z.int().min(1).default(1),
  /** v_0: 'previous', the last call's output as in the CC paper and repo and ByzFL (here 0 on the first call), or 'zero', 0 every call. @default 'previous' */
  start: z.enum(['previous', 'zero']).default('previous'),
});

/** Centered-clipping parameters as written by a user. */
export type CenteredClippingOptions = z.input<typeof centeredClippingParams>;

/** Centered clipping keeps the previous aggregate between calls; `reset` replaces it. */
export interface CenteredClipping extends Aggregator {
  /**
   * Sets v_0 of the next call to `start` (copied; must be finite), or forgets the history (v_0 = 0) when
   * omitted. Only matters with start 'previous'.
   */
  reset(start?: Float32Array): void;
}

/**
 * Centered clipping: from v_0, for l = 0 … L−1,
 *   v_{l+1} = v_l + (1/n) Σᵢ (xᵢ − v_l) · min(1, τ / ‖xᵢ − v_l‖),
 * where ‖xᵢ − v_l‖ = 0 gives the factor 1 (the term is 0 anyway). Output v_L, which becomes the next call's
 * v_0 with start 'previous'. n counts the finite vectors of this call (the asynchronous variant of the CC
 * repo divides by the total n even when some are missing). O(L·n·d), one pass of the engine kernel clipStep
 * (assembly/weighted.ts) per iteration.
 * @see Karimireddy, He, Jaggi. Learning from History for Byzantine Robust Optimization. ICML 2021 (arXiv:2012.10333).
 */
export function centeredClipping(options: CenteredClippingOptions = {}, prefix = 'policy'): CenteredClipping {
  const { tau, iterations, start } = parseParams(centeredClippingParams, options, prefix);
  let previous: Float32Array | undefined; // undefined means 0
  const sums = new RowSums();
  // Engine float64 vectors, reused across calls: the centre, squared distances to it, clipping factors.
  let v: Float64Array | undefined;
  let dist2: Float64Array | undefined;
  let scale: Float64Array | undefined;
  const aggregator = defineAggregator(
    {
      name: 'centered-clipping',
      requirements: [],
      combine(rows, out) {
        const n = rows.length;
        const d = out.length;
        if (start === 'previous' && previous !== undefined && previous.length !== d) {
          throw new RangeError(`centered-clipping: vectors have length ${d} but the previous aggregate has length ${previous.length}; call reset() first`);
        }
        v = sums.vector(v, d);
        dist2 = sums.vector(dist2, n);
        scale = sums.vector(scale, n);
        if (start === 'previous' && previous !== undefined) for (let j = 0; j < d; j++) v[j] = previous[j];
        else v.fill(0);
        sums.distancesTo(rows, v, dist2);
        for (let l = 0; l < iterations; l++) {
          for (let i = 0; i < n; i++) {
            const r = Math.sqrt(dist2[i]);
            scale[i] = r <= tau ? 1 : tau / r; // r = 0 → 1, no 0/0
          }
          // v += (1/n) Σᵢ scaleᵢ·(xᵢ − v) in place, block by block, and the distances to the new v if needed.
          sums.clipStep(rows, scale, v, dist2, l + 1 < iterations);
        }
        for (let j = 0; j < d; j++) out[j] = v[j];
        if (start === 'previous') {
          if (previous === undefined || previous.length !== d) previous = new Float32Array(d);
          previous.set(out);
        }
      },
    },
    prefix,
  );
  return {
    name: aggregator.name,
    aggregate: aggregator.aggregate,
    reset(v0?: Float32Array) {
      if (v0 !== undefined && !allFinite(v0)) throw new RangeError('centered-clipping: reset() needs a finite vector');
      previous = v0 === undefined ? undefined : Float32Array.from(v0);
    },
    state: {
      save: () => previous?.slice(),
      load(s: unknown) {
        previous = s === undefined ? undefined : Float32Array.from(s as Float32Array);
      },
    },
  };
}
