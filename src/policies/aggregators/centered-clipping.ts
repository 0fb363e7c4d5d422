import { z } from 'zod';
import { allFinite } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { atLeast } from './scratch.js';
import { squaredDistance } from './squared-distance.js';

/** Parameters of centered clipping. Defaults follow the CC repo's main script and ByzFL. */
export const centeredClippingParams = z.strictObject({
  /** τ, clipping radius around the centre. @default 100 */
  tau: z.number().gt(0).default(100),
  /** L, clipping iterations per call. @default 1 */
  iterations: z.int().min(1).default(1),
  /** v_0: 'previous', the last call's output as in the CC paper and repo (here 0 on the first call), or 'zero', 0 every call (ByzFL's default m). @default 'previous' */
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

/** Coordinates per block of the fused update-and-distance pass. */
const BLOCK = 2048;

/**
 * Centered clipping: from v_0, for l = 0 … L−1,
 *   v_{l+1} = v_l + (1/n) Σᵢ (xᵢ − v_l) · min(1, τ / ‖xᵢ − v_l‖),
 * where ‖xᵢ − v_l‖ = 0 gives the factor 1 (the term is 0 anyway). Output v_L, which becomes the next call's
 * v_0 with start 'previous'. n counts the finite vectors of this call (the asynchronous variant of the CC
 * repo divides by the total n even when some are missing). O(L·n·d).
 * @see Karimireddy, He, Jaggi. Learning from History for Byzantine Robust Optimization. ICML 2021 (arXiv:2012.10333).
 */
export function centeredClipping(options: CenteredClippingOptions = {}, prefix = 'policy'): CenteredClipping {
  const { tau, iterations, start } = parseParams(centeredClippingParams, options, prefix);
  let previous: Float32Array | undefined; // undefined means 0
  let v: Float64Array = new Float64Array(0);
  const acc = new Float64Array(BLOCK);
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
        v = atLeast(v, d).subarray(0, d);
        if (start === 'previous' && previous !== undefined) for (let j = 0; j < d; j++) v[j] = previous[j];
        else v.fill(0);
        const dist2 = new Float64Array(n);
        for (let i = 0; i < n; i++) dist2[i] = squaredDistance(v, rows[i], 0, d);
        const scale = new Float64Array(n);
        for (let l = 0; l < iterations; l++) {
          for (let i = 0; i < n; i++) {
            const r = Math.sqrt(dist2[i]);
            scale[i] = r <= tau ? 1 : tau / r; // r = 0 → 1, no 0/0
          }
          const more = l + 1 < iterations;
          dist2.fill(0);
          // v is updated in place block by block: a block's old values are used only within that block.
          for (let lo = 0; lo < d; lo += BLOCK) {
            const len = Math.min(BLOCK, d - lo);
            acc.fill(0, 0, len);
            for (let i = 0; i < n; i++) {
              const row = rows[i];
              const s = scale[i];
              for (let c = 0; c < len; c++) acc[c] += s * (row[lo + c] - v[lo + c]);
            }
            for (let c = 0; c < len; c++) v[lo + c] += acc[c] / n;
            if (more) for (let i = 0; i < n; i++) dist2[i] += squaredDistance(v, rows[i], lo, lo + len);
          }
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
  };
}
