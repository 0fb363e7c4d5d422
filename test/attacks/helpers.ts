import assert from 'node:assert/strict';
import type { Attack, AttackContext } from '../../src/attacks/attack.js';
import { Rng } from '../../src/core/rng.js';

/** The context of Byzantine worker `worker` at `step` under `seed`, as the simulator builds it. */
export function ctxAt(seed: number, step: number, round?: readonly Float32Array[], worker = 0): AttackContext {
  return { rng: Rng.root(seed).fork('attack', worker).stream(step), worker, step, round };
}

/** Crafts into a fresh vector and asserts that neither the honest gradient nor ctx.round changed (bitwise). */
export function craftChecked(attack: Attack, honest: Float32Array, ctx: AttackContext): Float32Array {
  const bits = (v: Float32Array) => [...new Uint32Array(v.slice().buffer)];
  const before = bits(honest);
  const roundBefore = ctx.round?.map(bits);
  const out = new Float32Array(honest.length);
  attack.craft(honest, out, ctx);
  assert.deepEqual(bits(honest), before, 'honest gradient mutated');
  if (roundBefore) assert.deepEqual(ctx.round?.map(bits), roundBefore, 'ctx.round mutated');
  return out;
}

/** k vectors of length d: mean + noise·N(0, 1), drawn from a seeded stream. */
export function noisyVectors(k: number, mean: readonly number[], noise: number | readonly number[], seed = 1): Float32Array[] {
  const rng = Rng.root(seed).stream();
  return Array.from({ length: k }, () =>
    Float32Array.from(mean, (m, j) => m + (typeof noise === 'number' ? noise : noise[j]) * rng.normal()),
  );
}

/** Asserts |a_i − b_i| ≤ tol·max(1, |b_i|) for every i. */
export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])), `index ${i}: ${a[i]} vs ${b[i]}`);
}
