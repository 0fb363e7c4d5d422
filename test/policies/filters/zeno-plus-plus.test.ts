import { referenceVectors } from '../../fixtures/reference.js';
import assert from 'node:assert/strict';
import { Rng } from '../../../src/core/rng.js';
import { dot } from '../../../src/core/vectors.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';
import { zenoPlusPlus, type ZenoPlusPlusOptions } from '../../../src/policies/filters/zeno-plus-plus.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);
const ctx = (validation: Float32Array | undefined, initialLr = 0.1, lr = initialLr): ArrivalContext => ({ validation, lr, initialLr, staleness: 0, worker: 0, baseParams: new Float32Array(0), currentParams: new Float32Array(0) });

function closeTo(actual: number, expected: number, rel = 1e-5, what = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel} (relative) of ${expected}`);
}

/** Runs one decision and returns it with what was written to `out` (NaN-filled beforehand). */
function run(options: ZenoPlusPlusOptions, v: Float32Array, g: Float32Array, c: ArrivalContext = ctx(v)) {
  const out = new Float32Array(v.length).fill(NaN);
  const decision = zenoPlusPlus(options).decide(g, c, out);
  return { ...decision, out: [...out] };
}

describe('zeno++', () => {
  describe('matches every zenopp_* case of reference_vectors.json', () => {
    interface RefCase { score: number; accepted: boolean; g_normalized: number[] }
    const ref = referenceVectors;
    // Inputs as in reference_vectors.py: γ = 0.1, ρ = 0.001, ε = 0, normalized ρ term, threshold −γε.
    const v = [1.0, 2.0, 0.5];
    const good = [1.1, 1.9, 0.6];
    const inputs: Record<string, number[]> = {
      honest: good,
      signflip_x10: good.map((x) => -10 * x),
      tiny_honest: good.map((x) => 1e-3 * x),
    };
    const keys = Object.keys(ref).filter((k) => k.startsWith('zenopp_'));
    it('has the six cases', () => assert.equal(keys.length, 6));

    for (const key of keys) {
      const [, name, mode] = /^zenopp_(.+)_(exact|clip)$/.exec(key) ?? [];
      it(key, () => {
        const expected = ref[key] as RefCase;
        assert.ok(inputs[name], `no inputs known for ${key}`);
        const g = Float32Array.from(inputs[name]);
        const gBefore = [...g];
        const params = { rho: 0.001, epsilon: 0, normalization: mode as 'exact' | 'clip' };
        const got = run(params, Float32Array.from(v), g);
        assert.equal(got.accepted, expected.accepted);
        closeTo(got.score, expected.score, 1e-5, 'score');
        if (!got.accepted) assert.equal(got.reason, 'score');
        assert.deepEqual([...g], gBefore, 'candidate mutated');
        // g~ is written only on acceptance; a huge slack (which leaves the score unchanged) forces it.
        const forced = run({ ...params, epsilon: 1e9, threshold: 'epsilon' }, Float32Array.from(v), g);
        assert.equal(forced.accepted, true);
        closeTo(forced.score, expected.score, 1e-5, 'score');
        forced.out.forEach((x, i) => closeTo(x, expected.g_normalized[i], 1e-5, `g~[${i}]`));
      });
    }
  });

  it('rejects a sign-flipped (×10) honest gradient and accepts the honest one', () => {
    const rng = Rng.root(7).fork('test', 'signflip');
    for (let t = 0; t < 50; t++) {
      const s = rng.stream(t);
      const v = Float32Array.from({ length: 20 }, () => s.normal());
      const honest = v.map((x) => x + 0.3 * s.normal());
      const flipped = honest.map((x) => -10 * x);
      assert.equal(run({}, v, honest).accepted, true);
      const r = run({}, v, flipped);
      assert.equal(r.accepted, false);
      assert.equal(r.reason, 'score');
    }
  });

  it('with ρ = ε = 0 accepts exactly when ⟨v, g⟩ ≥ 0 (seeded property)', () => {
    const rng = Rng.root(11).fork('test', 'sign-property');
    for (let t = 0; t < 500; t++) {
      const s = rng.stream(t);
      const dim = s.int(1, 12);
      const v = Float32Array.from({ length: dim }, () => s.normal());
      const g = Float32Array.from({ length: dim }, () => s.normal() * 10 ** s.int(-3, 3));
      for (const normalization of ['exact', 'clip'] as const) {
        const r = run({ rho: 0, epsilon: 0, normalization }, v, g);
        assert.equal(r.accepted, dot(v, g) >= 0, `t=${t} ${normalization}`);
        if (r.accepted) assert.ok(r.out.every((x, i) => Math.sign(x) === Math.sign(g[i])), 'd is a positive multiple of g');
      }
    }
  });

  describe('malformed and degenerate candidates are rejected with a reason and leave out untouched', () => {
    const v = f32(1, 2, 3);
    const cases: Array<[string, Float32Array, string, ArrivalContext?]> = [
      ['zero candidate', f32(0, 0, 0), 'zero-norm'],
      ['zero validation gradient', f32(1, 1, 1), 'zero-norm', ctx(f32(0, 0, 0))],
      ['NaN', f32(1, NaN, 1), 'non-finite'],
      ['+Infinity', f32(Infinity, 1, 1), 'non-finite'],
      ['−Infinity', f32(1, 1, -Infinity), 'non-finite'],
      ['too short', f32(1, 2), 'wrong-length'],
      ['too long', f32(1, 2, 3, 4), 'wrong-length'],
      ['non-finite score (γ = ∞)', f32(1, 1, 1), 'score', ctx(v, Infinity)],
    ];
    for (const [what, g, reason, c] of cases) {
      it(`${what} → ${reason}`, () => {
        const out = f32(7, 7, 7);
        const before = [...g];
        const d = zenoPlusPlus().decide(g, c ?? ctx(v), out);
        assert.equal(d.accepted, false);
        assert.equal(d.reason, reason);
        assert.deepEqual([...out], [7, 7, 7]);
        assert.deepEqual([...g], before);
      });
    }
  });

  it('throws without a validation gradient (the server guarantees one) or with one of the wrong length', () => {
    const out = new Float32Array(2);
    assert.throws(() => zenoPlusPlus().decide(f32(1, 1), ctx(undefined), out), /no validation gradient/);
    assert.throws(() => zenoPlusPlus().decide(f32(1, 1), ctx(f32(1, 1, 1)), out), /length 3, expected 2/);
  });

  describe('each variant flag changes the outcome as documented', () => {
    it("rhoNorm: 'raw' rejects a ×10 vector that 'normalized' accepts", () => {
      // v = (1, 0), g = (10, 0), γ0 = 0.1, ρ = 0.002, ε = 0; c = ‖v‖/‖g‖ = 0.1, g~ = (1, 0).
      // normalized: 0.1·⟨v, g~⟩ − 0.002·‖g~‖² = 0.1 − 0.002 = 0.098 ≥ 0 → accept, d = (1, 0)
      // raw:        0.1·⟨v, g~⟩ − 0.002·‖g‖²  = 0.1 − 0.002·100 = −0.1 < 0 → reject
      const v = f32(1, 0);
      const g = f32(10, 0);
      const normalized = run({ rho: 0.002 }, v, g);
      assert.equal(normalized.accepted, true);
      closeTo(normalized.score, 0.098);
      assert.deepEqual(normalized.out, [1, 0]);
      const raw = run({ rho: 0.002, rhoNorm: 'raw' }, v, g);
      assert.equal(raw.accepted, false);
      closeTo(raw.score, -0.1);
    });

    it("normalization: 'clip' never scales a short gradient up, which here turns a reject into an accept", () => {
      // v = (1, 0), g = (0.5, 0), γ0 = 0.1, ρ = 0.15: ‖v‖/‖g‖ = 2.
      // exact: c = 2, g~ = (1, 0):   0.1·1 − 0.15·1 = −0.05 < 0 → reject
      // clip:  c = 1, g~ = (0.5, 0): 0.1·0.5 − 0.15·0.25 = 0.0125 ≥ 0 → accept, d = (0.5, 0)
      const v = f32(1, 0);
      const g = f32(0.5, 0);
      const exact = run({ rho: 0.15 }, v, g);
      assert.equal(exact.accepted, false);
      closeTo(exact.score, -0.05);
      const clip = run({ rho: 0.15, normalization: 'clip' }, v, g);
      assert.equal(clip.accepted, true);
      closeTo(clip.score, 0.0125);
      assert.deepEqual(clip.out, [0.5, 0]);
    });

    it("threshold: 'epsilon' (−ε) is looser than 'gamma-epsilon' (−γε) when γ < 1", () => {
      // v = (1, 0), g = (−0.75, 1), ‖g‖ = 1.25, c = 0.8, g~ = (−0.6, 0.8); γ0 = 0.1, ρ = 0, ε = 0.1.
      // score = 0.1·(−0.6) = −0.06.  gamma-epsilon: −0.06 < −0.01 → reject;  epsilon: −0.06 ≥ −0.1 → accept
      const v = f32(1, 0);
      const g = f32(-0.75, 1);
      const ge = run({ rho: 0, epsilon: 0.1 }, v, g);
      assert.equal(ge.accepted, false);
      closeTo(ge.score, -0.06);
      const e = run({ rho: 0, epsilon: 0.1, threshold: 'epsilon' }, v, g);
      assert.equal(e.accepted, true);
      closeTo(e.score, -0.06);
      e.out.forEach((x, i) => closeTo(x, [-0.6, 0.8][i]));
    });

    it("gamma: 'current' uses the decayed γ_t, so the fixed ρ term can outweigh the descent", () => {
      // v = g = (1, 0), c = 1, ρ = 0.01, γ0 = 0.1, γt = 0.001.
      // initial: 0.1·1 − 0.01·1 = 0.09 ≥ 0 → accept;  current: 0.001·1 − 0.01·1 = −0.009 < 0 → reject
      const v = f32(1, 0);
      const g = f32(1, 0);
      const c = ctx(v, 0.1, 0.001);
      const initial = run({ rho: 0.01 }, v, g, c);
      assert.equal(initial.accepted, true);
      closeTo(initial.score, 0.09);
      const current = run({ rho: 0.01, gamma: 'current' }, v, g, c);
      assert.equal(current.accepted, false);
      closeTo(current.score, -0.009);
    });
  });

  it('exposes K and n_s to the server', () => {
    const f = zenoPlusPlus({ refreshEvery: 5, validationBatch: 32 });
    assert.equal(f.name, 'zeno++');
    assert.equal(f.refreshEvery, 5);
    assert.equal(f.validationBatch, 32);
    assert.equal(zenoPlusPlus().refreshEvery, 10);
    assert.equal(zenoPlusPlus().validationBatch, 64);
  });

  it('optionally dampens the applied direction by staleness, leaving the decision unchanged', () => {
    const v = f32(3, 4); // ‖v‖ = 5
    const g = f32(0.6, 0.8); // ‖g‖ = 1, so g~ = 5g = (3, 4) and the score is 0.1·25 − 0.001·25 > 0
    const stale = { ...ctx(v), staleness: 3 };
    const plain = new Float32Array(2);
    const damped = new Float32Array(2);
    assert.equal(zenoPlusPlus().decide(g, stale, plain).score, zenoPlusPlus({ dampening: 'inverse' }).decide(g, stale, damped).score);
    assert.deepEqual([...plain], [3, 4]);
    assert.deepEqual([...damped], [0.75, 1]); // Λ = 1/(3 + 1)
  });
});
