import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/core/errors.js';
import { zeno } from '../../../src/policies/aggregators/zeno.js';
import { referenceVectors as ref } from '../../fixtures/reference.js';

const rows = (ref.input.X as number[][]).map((r) => Float32Array.from(r));
/** The reference's validation loss: f_r(x) = ½‖x − c‖². */
const fr = (x: number[], c: number[]) => 0.5 * x.reduce((s, xi, i) => s + (xi - c[i]) ** 2, 0);

function scoresFor(rule: ReturnType<typeof zeno>, c: number[], gamma: number): number[] {
  const x0 = [0, 0, 0];
  return rows.map((u) => rule.score(fr(x0, c), fr(x0.map((xi, i) => xi - gamma * u[i]), c), u));
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));

describe('zeno (sync)', () => {
  for (const key of ['zeno_sync_quadratic', 'zeno_sync_quadratic_rho0.005']) {
    it(`matches reference_vectors.json ${key}: scores, kept candidates and aggregate`, () => {
      const base = ref.zeno_sync_quadratic;
      const expected = { ...base, ...ref[key] };
      const rule = zeno({ b: base.b, rho: expected.rho });
      const scores = scoresFor(rule, base.c, base.gamma);
      scores.forEach((s, i) => assert.ok(close(s, expected.scores[i]), `score ${i}: ${s} vs ${expected.scores[i]}`));
      const out = new Float32Array(3);
      const selected: number[] = [];
      rule.select(rows, scores, out, selected);
      assert.deepEqual(selected, expected.kept_indices);
      [...out].forEach((v, i) => assert.ok(close(v, expected.aggregate[i]), `aggregate ${i}: ${v} vs ${expected.aggregate[i]}`));
    });
  }

  it('keeps lower indices on ties and ranks non-finite scores last', () => {
    const rule = zeno({ b: 2 });
    const selected: number[] = [];
    rule.select([1, 2, 3, 4].map((v) => Float32Array.of(v)), [1, Number.NaN, 1, 1], new Float32Array(1), selected);
    assert.deepEqual(selected, [0, 2]);
  });

  it('mean-square penalty divides the norm term by d (the authors’ code)', () => {
    const u = Float32Array.of(3, 4);
    assert.equal(zeno({ rho: 1 }).score(0, 0, u), -25);
    assert.equal(zeno({ rho: 1, penalty: 'mean-square' }).score(0, 0, u), -12.5);
  });

  it('refuses b ≥ m naming policy.b (slice(-0) would keep everything)', () => {
    assert.throws(
      () => zeno({ b: 3 }).select([1, 2, 3].map((v) => Float32Array.of(v)), [0, 0, 0], new Float32Array(1), []),
      (e: unknown) => e instanceof ConfigError && e.message === 'policy.b: expected b < m (m = 3 candidates), got 3',
    );
  });
});
