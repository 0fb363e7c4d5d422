import assert from 'node:assert/strict';
import { agnosticSearch } from '../../src/attacks/agnostic-search.js';
import { createAttack } from '../../src/attacks/registry.js';
import { createAggregator } from '../../src/policies/aggregators/registry.js';
import { craftChecked, ctxAt, noisyVectors } from './helpers.js';

const row = (...x: number[]) => Float32Array.from(x);
const near = (a: number, b: number, tol = 1e-4) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const sqDist = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, j) => s + (x - b[j]) ** 2, 0);

describe('minmax and minsum (Shejwalkar & Houmansadr, NDSS 2021)', () => {
  it('hand-computed 1-D: honest {0, 2, 4}, μ = 2, unit direction p = 1', () => {
    const rows = [row(0), row(2), row(4)];
    const out = new Float32Array(1);
    // Min-max: max_i (m − gᵢ)² = (2 + γ)² ≤ max pairwise 16 → γ = 2, m = 0.
    near(agnosticSearch(rows, 'min-max', 'unit', 10, 1e-5, out), 2);
    near(out[0], 0);
    // Min-sum: Σ (m − gᵢ)² = 8 + 3γ² ≤ min_i Σⱼ (gᵢ − gⱼ)² = 8 → γ = 0, m = μ.
    near(agnosticSearch(rows, 'min-sum', 'unit', 10, 1e-5, out), 0);
    near(out[0], 2);
    // std direction: p = 2 (n − 1 denominator) → min-max (2 + 2γ)² ≤ 16 → γ = 1, m = 0; sign p = 1 like unit.
    near(agnosticSearch(rows, 'min-max', 'std', 10, 1e-5, out), 1);
    near(out[0], 0);
    near(agnosticSearch(rows, 'min-max', 'sign', 10, 1e-5, out), 2);
  });

  it('searches over the non-Byzantine entries of the round only (as IPM and ALIE): honest {0, 2, 4} and two Byzantine 100s', () => {
    const round = [row(0), row(2), row(4), row(100), row(100)];
    const ctx = { ...ctxAt(0, 0, round, 3), roundByzantine: [false, false, false, true, true] };
    near(craftChecked(createAttack('minmax'), round[3], ctx)[0], 0); // the hand case above
    near(craftChecked(createAttack('minsum'), round[3], ctx)[0], 2);
    // Without roundByzantine every entry counts, the Byzantine workers' own honest 100s included: far from 0.
    assert.ok(craftChecked(createAttack('minmax'), round[3], ctxAt(0, 0, round, 3))[0] > 10);
  });

  it('the crafted vector sits on the boundary of its constraint, against μ', () => {
    const honest = noisyVectors(8, [1, -2, 0.5, 3], 0.3, 3);
    const mu = [0, 1, 2, 3].map((j) => honest.reduce((s, g) => s + g[j], 0) / honest.length);
    for (const name of ['minmax', 'minsum'] as const) {
      for (const direction of ['unit', 'std', 'sign'] as const) {
        const out = craftChecked(createAttack(name, { direction }), honest[0], ctxAt(1, 0, honest));
        const spread = honest.map((g) => honest.map((h) => sqDist(g, h)));
        const mine = honest.map((g) => sqDist(out, g));
        if (name === 'minmax') {
          const limit = Math.max(...spread.flat());
          assert.ok(Math.max(...mine) <= limit * (1 + 1e-6), `${name}/${direction} exceeds its bound`);
          assert.ok(Math.max(...mine) >= limit * 0.999, `${name}/${direction} is not tight`);
        } else {
          const limit = Math.min(...spread.map((r) => r.reduce((s, x) => s + x, 0)));
          const total = mine.reduce((s, x) => s + x, 0);
          assert.ok(total <= limit * (1 + 1e-6) && total >= limit * 0.999, `${name}/${direction}: ${total} vs ${limit}`);
        }
        const along = [0, 1, 2, 3].reduce((s, j) => s + (out[j] - mu[j]) * mu[j], 0);
        assert.ok(along < 0, `${name}/${direction} moves against μ`);
      }
    }
  });

  it('drags the mean of a round (7 honest, 3 MinMax) against the honest mean', () => {
    const honest = noisyVectors(7, [1, 1, 1, 1], 0.5, 4);
    const bad = craftChecked(createAttack('minmax'), honest[0], ctxAt(2, 0, honest));
    const round = [...honest, bad, bad, bad];
    const agg = createAggregator('mean').aggregate(round);
    const honestMean = createAggregator('mean').aggregate(honest);
    assert.ok(agg[0] + agg[1] + agg[2] + agg[3] < honestMean[0] + honestMean[1] + honestMean[2] + honestMean[3]);
  });

  it('sends one vector per round (memo) and falls back to the known gradient without a round (async)', () => {
    const attack = createAttack('minsum', { direction: 'std' });
    const honest = noisyVectors(5, [1, 2], 1, 9);
    const a = craftChecked(attack, honest[0], ctxAt(1, 0, honest, 0));
    const b = craftChecked(attack, honest[1], ctxAt(1, 0, honest, 1));
    assert.deepEqual(a, b);
    assert.deepEqual([...craftChecked(attack, honest[2], ctxAt(1, 1))], [...honest[2]], 'one known gradient: nothing to hide behind, γ = 0');
  });

  it('names bad parameters', () => {
    assert.throws(() => createAttack('minmax', { direction: 'inverse' }), /byzantine\.attack\.direction/);
    assert.throws(() => createAttack('minsum', { gammaInit: 0 }), /byzantine\.attack\.gammaInit/);
  });
});
