import assert from 'node:assert/strict';
import { signFlip } from '../../src/attacks/sign-flip.js';
import { zenoPlusPlusAware } from '../../src/attacks/zeno-plus-plus-aware.js';
import { Rng } from '../../src/core/rng.js';
import { dot, norm } from '../../src/core/vectors.js';
import type { ArrivalContext } from '../../src/policies/filters/filter.js';
import { zenoPlusPlus } from '../../src/policies/filters/zeno-plus-plus.js';
import { assertClose, craftChecked, ctxAt } from './helpers.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);
const cos = (a: Float32Array, b: Float32Array) => dot(a, b) / (norm(a) * norm(b));
/** Zeno++'s arrival context with validation gradient v and initial learning rate γ. */
const arrival = (v: Float32Array, initialLr: number): ArrivalContext => ({ validation: v, lr: initialLr, initialLr, staleness: 0, worker: 0, baseParams: new Float32Array(0), currentParams: new Float32Array(0) });

describe('zeno++-aware', () => {
  it('hand case in 2-D: ĝ = [3, 4], c = 0.6 gives u = [1.8, 2.4] ± 4·[−0.8, 0.6]', () => {
    // c = ρ/γ + margin = 0 + 0.6, √(1 − c²) = 0.8, ‖ĝ‖ = 5, the only unit h ⊥ ĝ is ±[−0.8, 0.6]:
    // u = 5·(0.6·[0.6, 0.8] + 0.8·h) = [1.8, 2.4] ± [−3.2, 2.4] ∈ {[−1.4, 4.8], [5, 0]}; its sign is that of
    // ⟨r, [−4, 3]⟩ for the attack's first two draws r.
    const s = ctxAt(3, 1).rng;
    const sign = Math.sign(-4 * s.normal() + 3 * s.normal());
    const u = craftChecked(zenoPlusPlusAware({ rho: 0, gamma: 1, margin: 0.6 }), f32(3, 4), ctxAt(3, 1));
    assertClose(u, sign > 0 ? [-1.4, 4.8] : [5, 0], 1e-6);
    // scale 2 doubles it: same draws, same h.
    assertClose(craftChecked(zenoPlusPlusAware({ rho: 0, gamma: 1, margin: 0.6, scale: 2 }), f32(3, 4), ctxAt(3, 1)), sign > 0 ? [-2.8, 9.6] : [10, 0], 1e-6);
  });

  it('degenerate cases: c = 1 sends scale·ĝ (3-D), ĝ = 0 sends 0, d = 1 sends scale·ĝ', () => {
    // ρ/γ + margin = 0.01 + 2 → c = 1, √(1 − c²) = 0: u = 3·[1, 2, 2] = [3, 6, 6].
    assertClose(craftChecked(zenoPlusPlusAware({ margin: 2, scale: 3 }), f32(1, 2, 2), ctxAt(0, 0)), [3, 6, 6], 1e-7);
    assert.deepEqual([...craftChecked(zenoPlusPlusAware(), f32(0, 0, 0), ctxAt(0, 0))], [0, 0, 0]);
    for (let t = 0; t < 20; t++) assert.deepEqual([...craftChecked(zenoPlusPlusAware({ scale: 2 }), f32(-2.7), ctxAt(0, t))], [Math.fround(-5.4)]);
  });

  it('has cos(u, ĝ) = c within 1e-6 and ‖u‖ = scale·‖ĝ‖ (seeded property)', () => {
    const rng = Rng.root(5).fork('test', 'zeno++-aware');
    for (let t = 0; t < 200; t++) {
      const s = rng.stream(t);
      const d = s.int(2, 40);
      const g = Float32Array.from({ length: d }, () => s.normal() * 10 ** s.int(-2, 2));
      const rho = 0.001 * s.int(0, 5), gamma = 0.05 * s.int(1, 4), margin = 0.01 * s.int(0, 50), scale = 0.5 * s.int(1, 20);
      const u = craftChecked(zenoPlusPlusAware({ rho, gamma, margin, scale }), g, ctxAt(t, t));
      const c = Math.min(1, rho / gamma + margin);
      assert.ok(Math.abs(cos(u, g) - c) <= 1e-6, `case ${t}: cos ${cos(u, g)} vs c ${c}`);
      assert.ok(Math.abs(norm(u) / (scale * norm(g)) - 1) <= 1e-6, `case ${t}: ‖u‖ ${norm(u)} vs ${scale * norm(g)}`);
    }
  });

  it('passes the real Zeno++ filter when v = ĝ, where the sign-flipped gradient is rejected', () => {
    const rng = Rng.root(9).fork('test', 'zeno++-aware-filter');
    for (const [rho, gamma, margin, scale] of [[0.001, 0.1, 0.01, 1], [0.002, 0.1, 0.01, 10], [0.001, 0.01, 0.001, 0.1]]) {
      const filter = zenoPlusPlus({ rho });
      const attack = zenoPlusPlusAware({ rho, gamma, margin, scale });
      for (let t = 0; t < 50; t++) {
        const s = rng.stream(t);
        const g = Float32Array.from({ length: s.int(2, 30) }, () => s.normal());
        const u = craftChecked(attack, g, ctxAt(t, t));
        const out = new Float32Array(g.length);
        const ok = filter.decide(u, arrival(g, gamma), out);
        assert.equal(ok.accepted, true, `case ${t}: score ${ok.score}`);
        // score = γ·‖v‖²·cos − ρ·‖v‖² = ‖v‖²·γ·margin (c < 1 here)
        assert.ok(Math.abs(ok.score - dot(g, g) * gamma * margin) <= 1e-5 * dot(g, g) * gamma, `case ${t}: score ${ok.score}`);
        assert.equal(filter.decide(craftChecked(signFlip(), g, ctxAt(t, t)), arrival(g, gamma), out).accepted, false);
      }
    }
  });

  it('is deterministic under the seed, draws per (worker, step) and rejects bad parameters', () => {
    const g = f32(1, -2, 0.5, 3);
    const a = zenoPlusPlusAware();
    const bits = (v: Float32Array) => [...new Uint32Array(v.buffer)];
    assert.deepEqual(bits(craftChecked(a, g, ctxAt(1, 4))), bits(craftChecked(zenoPlusPlusAware(), g, ctxAt(1, 4))));
    assert.notDeepEqual(bits(craftChecked(a, g, ctxAt(1, 4))), bits(craftChecked(a, g, ctxAt(1, 5))));
    assert.throws(() => a.craft(g, new Float32Array(3), ctxAt(0, 0)), RangeError);
    assert.throws(() => zenoPlusPlusAware({ gamma: 0 }), { message: 'byzantine.attack.gamma: expected a number > 0, got 0' });
    assert.throws(() => zenoPlusPlusAware({ margin: -0.1 }), { name: 'ConfigError' });
    assert.throws(() => zenoPlusPlusAware({ epsilon: 0 } as never), { name: 'ConfigError' });
  });
});
