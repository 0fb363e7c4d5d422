import assert from 'node:assert/strict';
import { sgdStep } from '../../../src/core/vectors.js';
import { fedAsync } from '../../../src/policies/filters/fedasync.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);

/** One FedAsync arrival applied the way the server applies it: x ← x − step·d. */
function mix(filter: ReturnType<typeof fedAsync>, u: Float32Array, ctx: ArrivalContext): Float32Array {
  const d = new Float32Array(u.length);
  const decision = filter.decide(u, ctx, d);
  assert.equal(decision.accepted, true);
  const next = new Float32Array(u.length);
  sgdStep(next, ctx.currentParams, decision.step ?? ctx.lr, d, 0);
  return next;
}

describe('fedasync', () => {
  const ctx = (staleness: number, workerLr?: number): ArrivalContext => ({
    validation: undefined, lr: 0.1, initialLr: 0.1, staleness, worker: 0,
    baseParams: f32(0, 0), currentParams: f32(1, 2), ...(workerLr === undefined ? {} : { workerLr }),
  });

  it('mixes the local model in: x ← (1 − α)x + α·x_new with x_new = x_base − η_w·u (α = 0.5, fresh)', () => {
    // x_new = (0, 0) − 0.5·(1, −1) = (−0.5, 0.5); 0.5·(1, 2) + 0.5·(−0.5, 0.5) = (0.25, 1.25)
    const next = mix(fedAsync({ alpha: 0.5 }), f32(1, -1), ctx(0, 0.5));
    assert.deepEqual([...next], [0.25, 1.25]);
  });

  it('scales α by s(τ): polynomial a = 0.5 at τ = 3 halves it', () => {
    const filter = fedAsync({ alpha: 0.8 });
    const d = new Float32Array(2);
    assert.equal(filter.decide(f32(1, 1), ctx(3), d).step, 0.4);
    assert.equal(fedAsync({ alpha: 0.8, staleness: 'constant' }).decide(f32(1, 1), ctx(3), d).step, 0.8);
    assert.equal(fedAsync({ alpha: 0.8, staleness: { name: 'hinge', a: 1, b: 1 } }).decide(f32(1, 1), ctx(3), d).step, 0.8 / 3);
  });

  it('treats a plain gradient as one local step at the current rate', () => {
    // x_new = (0, 0) − 0.1·(10, 0) = (−1, 0); α = 1 makes the server adopt it.
    const next = mix(fedAsync({ alpha: 1, staleness: 'constant' }), f32(10, 0), ctx(0));
    assert.deepEqual([...next], [-1, 0]);
  });

  it('rejects malformed updates and never mutates its input', () => {
    const u = f32(Number.NaN, 1);
    assert.equal(fedAsync().decide(u, ctx(0), new Float32Array(2)).reason, 'non-finite');
    const v = f32(1, 2);
    fedAsync().decide(v, ctx(0), new Float32Array(2));
    assert.deepEqual([...v], [1, 2]);
  });

  it('refuses α outside (0, 1]', () => {
    assert.throws(() => fedAsync({ alpha: 0 }), /policy\.alpha/);
    assert.throws(() => fedAsync({ alpha: 1.5 }), /policy\.alpha/);
  });
});
