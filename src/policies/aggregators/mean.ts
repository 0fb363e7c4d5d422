import { z } from 'zod';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';
import { RowSums } from './row-sums.js';

/** The mean takes no parameters (an unknown key is an error). */
export const meanParams = z.strictObject({});

/** Mean parameters as written by a user. */
export type MeanOptions = z.input<typeof meanParams>;

let sums: RowSums | undefined;

/**
 * out = (1/|rows|) Σ rows[i]: float64 sums, rows added in index order per coordinate, rounded once to out's
 * type (the engine kernel meanRows, assembly/weighted.ts). Shared by Mean, Multi-Krum, the geometric median's
 * start and the pre-aggregators.
 */
export function meanOfRows<T extends Float32Array | Float64Array>(rows: readonly Float32Array[], out: T): T {
  sums ??= new RowSums();
  return sums.mean(rows, out);
}

/**
 * Arithmetic mean, x̄ = (1/n) Σᵢ xᵢ. Not robust: one Byzantine vector can move it anywhere.
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017 (mean breaks with one Byzantine worker).
 */
export function mean(options: MeanOptions = {}, prefix = 'policy'): Aggregator {
  parseParams(meanParams, options, prefix);
  return defineAggregator(
    {
      name: 'mean',
      requirements: [],
      // Float64 sums of float32 values cannot overflow, so a NaN or ±∞ in out means one in the inputs.
      finiteFromResult: true,
      combine(rows, out) {
        meanOfRows(rows, out);
      },
    },
    prefix,
  );
}
