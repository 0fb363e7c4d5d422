import { z } from 'zod';
import { parseParams } from '../core/zod-issues.js';
import { defineAttack, type Attack } from './attack.js';

/** The largest finite float32, so the crafted vector stays finite after rounding to float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;

/** Parameters of {@link huge}. */
export const hugeParams = z.strictObject({
  /** The magnitude of every coordinate; finite, at most the largest float32 (3.4e38). @default 1e30 */
  value: z.number().gt(0).max(FLOAT32_MAX).default(1e30),
});

/** Huge-attack parameters as written by a user. */
export type HugeOptions = z.input<typeof hugeParams>;

/**
 * Huge finite values: out_i = value · sign(g_i) with sign(0) = sign(−0) = +1 (and NaN → +1), so the vector
 * is finite and passes the NaN/Inf screen but dwarfs every honest one; its squared norm overflows float32
 * (not float64) sums.
 * @see Blanchard, El Mhamdi, Guerraoui, Stainer. Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent. NeurIPS 2017 (one vector moves the mean anywhere).
 */
export function huge(options: HugeOptions = {}): Attack {
  const { value } = parseParams(hugeParams, options, 'byzantine.attack');
  return defineAttack('huge', (honest, out) => {
    for (let i = 0; i < out.length; i++) out[i] = honest[i] < 0 ? -value : value;
  });
}
