import type { Rng } from '../core/rng.js';
import type { ParamBlock } from './param-block.js';

/**
 * Glorot/Xavier uniform initialization in plain JS, deterministic from `rng`: every block of two or more dimensions
 * (a dense [in, out] matrix, or a [kh, kw, in, out] filter with fans kh·kw·in and kh·kw·out, as tf's glorot) gets
 * U(−√(6/(in+out)), +√(6/(in+out))) from stream `rng.fork('W', l).stream(0)`, l the number in its name `W<l>` (else
 * its position in the layout); one-dimensional blocks (biases) are left as they are in `out` (zero).
 */
export function glorotInit(layout: readonly ParamBlock[], rng: Rng, out: Float32Array): void {
  layout.forEach((block, position) => {
    if (block.shape.length === 1) return; // biases stay zero
    const receptive = block.shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const [inW, outW] = block.shape.slice(-2).map((w) => w * receptive);
    const limit = Math.sqrt(6 / (inW + outW));
    // One stream per layer: changing one layer's width never changes another layer's draws.
    const l = /^W\d+$/.test(block.name) ? Number(block.name.slice(1)) : position;
    const s = rng.fork('W', l).stream(0);
    for (let i = 0; i < block.size; i++) out[block.offset + i] = (2 * s.float() - 1) * limit;
  });
}
