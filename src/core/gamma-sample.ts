import type { RandomStream } from './rng.js';

/**
 * log X for X ~ Gamma(shape, 1), by Marsaglia and Tsang's squeeze method; shapes below 1 use the boost
 * X = Y·U^(1/shape) with Y ~ Gamma(shape + 1). The log is returned because for small shapes (Dirichlet α = 0.01)
 * X itself underflows to 0; callers normalise in log space.
 * @see Marsaglia, Tsang. A Simple Method for Generating Gamma Variables. ACM TOMS 26(3), 2000, §§3–4.
 */
export function logGammaSample(stream: RandomStream, shape: number): number {
  if (!(shape > 0 && Number.isFinite(shape))) throw new RangeError(`gamma shape must be a positive finite number, got ${shape}`);
  if (shape < 1) {
    let u = stream.float();
    while (u === 0) u = stream.float();
    return logGammaSample(stream, shape + 1) + Math.log(u) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = stream.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = stream.float();
    if (u < 1 - 0.0331 * x * x * x * x) return Math.log(d * v);
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** A draw from the symmetric Dirichlet(α, …, α) over `k` components, written into `out` (summing to 1). */
export function dirichletSample(stream: RandomStream, alpha: number, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (let j = 0; j < out.length; j++) {
    out[j] = logGammaSample(stream, alpha);
    if (out[j] > max) max = out[j];
  }
  let sum = 0;
  for (let j = 0; j < out.length; j++) {
    out[j] = Math.exp(out[j] - max);
    sum += out[j];
  }
  for (let j = 0; j < out.length; j++) out[j] /= sum;
  return out;
}
