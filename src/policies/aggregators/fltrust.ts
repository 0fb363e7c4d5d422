import { z } from 'zod';
import { dot, norm } from '../../engine/vectors.js';
import { parseParams } from '../../core/zod-issues.js';
import { defineAggregator, type Aggregator } from './aggregator.js';

export const fltrustParams = z.strictObject({
  /** Validation samples in the server's root-data gradient g₀, drawn afresh each round. @default 64 */
  validationBatch: z.int().positive().default(64),
});

export type FltrustOptions = z.input<typeof fltrustParams>;

const BLOCK = 2048;

/**
 * FLTrust: with the server's root-data gradient g₀ (`context.reference`), trust scores TSᵢ = ReLU(cos(xᵢ, g₀)),
 * each xᵢ rescaled to ‖g₀‖, and out = Σ TSᵢ·(‖g₀‖/‖xᵢ‖)·xᵢ / Σ TSᵢ. A zero vector (xᵢ or g₀) has cosine 0, so
 * trust 0; when every trust score is 0 the output is the zero vector (no step). Vectors with positive trust
 * are reported as selected.
 * @see Cao, Fang, Liu, Gong. FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping. NDSS 2021, §III (Algorithm 2).
 */
export function fltrust(options: FltrustOptions = {}, prefix = 'policy'): Aggregator {
  const { validationBatch } = parseParams(fltrustParams, options, prefix);
  const acc = new Float64Array(BLOCK);
  return defineAggregator(
    {
      name: 'fltrust',
      requirements: [],
      needsReference: validationBatch,
      combine(rows, out, selected, context) {
        const g0 = context!.reference!;
        const n0 = norm(g0);
        // Each row's coefficient TSᵢ·‖g₀‖/‖xᵢ‖; Σ TSᵢ normalises.
        const weights = new Float64Array(rows.length);
        let total = 0;
        rows.forEach((x, i) => {
          const nx = norm(x);
          const trust = nx === 0 || n0 === 0 ? 0 : Math.max(0, dot(x, g0) / (nx * n0));
          if (trust === 0) return;
          weights[i] = (trust * n0) / nx;
          total += trust;
          selected.push(i);
        });
        if (total === 0) {
          out.fill(0);
          return;
        }
        for (let start = 0; start < out.length; start += BLOCK) {
          const len = Math.min(BLOCK, out.length - start);
          acc.fill(0, 0, len);
          for (let i = 0; i < rows.length; i++) {
            if (weights[i] === 0) continue;
            const row = rows[i];
            for (let k = 0; k < len; k++) acc[k] += weights[i] * row[start + k];
          }
          for (let k = 0; k < len; k++) out[start + k] = acc[k] / total;
        }
      },
    },
    prefix,
  );
}
