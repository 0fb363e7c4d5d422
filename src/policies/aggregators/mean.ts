import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { atLeast } from './scratch.js';

/** The mean takes no parameters (an unknown key is an error). */
export const meanParams = z.strictObject({});

/** Mean parameters as written by a user. */
export type MeanOptions = z.input<typeof meanParams>;

/** Coordinates summed per block: the float64 partial sums (16 KiB) stay in L1 while every row streams past. */
const BLOCK = 2048;

/**
 * out = (1/|rows|) Σ rows[i], in float64, row by row in index order within blocks of coordinates.
 * `acc` is scratch (returned, possibly grown). Shared by Mean, Multi-Krum and the geometric median's start.
 */
export function meanOfRows(rows: readonly Float32Array[], out: Float32Array | Float64Array, acc: Float64Array = new Float64Array(BLOCK)): Float64Array {
  acc = atLeast(acc, BLOCK);
  const n = rows.length;
  const d = out.length;
  for (let start = 0; start < d; start += BLOCK) {
    const len = Math.min(BLOCK, d - start);
    acc.fill(0, 0, len);
    for (let i = 0; i < n; i++) {
      const row = rows[i];
      for (let c = 0; c < len; c++) acc[c] += row[start + c];
    }
    for (let c = 0; c < len; c++) out[start + c] = acc[c] / n;
  }
  return acc;
}

/**
 * Arithmetic mean, x̄ = (1/n) Σᵢ xᵢ. Not robust: one Byzantine vector can move it anywhere.
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017 (mean breaks with one Byzantine worker).
 */
export function mean(options: MeanOptions = {}, prefix = 'policy'): Aggregator {
  parseParams(meanParams, options, prefix);
  let acc: Float64Array = new Float64Array(BLOCK);
  return defineAggregator(
    {
      name: 'mean',
      requirements: [],
      combine(rows, out) {
        acc = meanOfRows(rows, out, acc);
      },
    },
    prefix,
  );
}
