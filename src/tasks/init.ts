import type { Rng } from '../core/rng.js';
import { paramCount, paramLayout } from './layout.js';
import type { TaskSpec } from './task.js';

/**
 * Initial model in the flat layout, in plain JS (no tfjs), deterministic from `rng`:
 * weights (and convolution filters, with fans kh·kw·in and kh·kw·out) Glorot/Xavier uniform
 * U(−√(6/(in+out)), +√(6/(in+out))) from stream `rng.fork('W', layer).stream(0)`,
 * biases zero; linreg starts at all zeros (its loss is convex, so the start only sets the distance to go).
 * Writes into `out` when given (e.g. a SharedArrayBuffer view), else into a new Float32Array.
 */
export function initParams(spec: TaskSpec, rng: Rng, out: Float32Array = new Float32Array(paramCount(spec))): Float32Array {
  const dim = paramCount(spec);
  if (out.length !== dim) throw new RangeError(`initParams: out has length ${out.length}, expected ${dim}`);
  out.fill(0);
  if (spec.name === 'linreg') return out;
  for (const block of paramLayout(spec)) {
    if (block.shape.length === 1) continue; // biases stay zero
    // Fans of a dense [in, out] matrix, or of a [kh, kw, in, out] filter: kh·kw·in and kh·kw·out (as tf's glorot).
    const receptive = block.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const [inW, outW] = block.shape.slice(-2).map((w) => w * receptive);
    const limit = Math.sqrt(6 / (inW + outW));
    // One stream per layer: changing one layer's width never changes another layer's draws.
    const s = rng.fork('W', Number(block.name.slice(1))).stream(0);
    for (let i = 0; i < block.size; i++) out[block.offset + i] = (2 * s.float() - 1) * limit;
  }
  return out;
}
