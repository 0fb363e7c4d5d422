import assert from 'node:assert/strict';
import { alie } from '../../src/attacks/alie.js';
import { ConfigError } from '../../src/core/errors.js';
import { simulate } from '../../src/experiments/simulate.js';
import { referenceVectors } from '../fixtures/reference.js';
import { assertClose, craftChecked, ctxAt, noisyVectors } from './helpers.js';

describe('alie', () => {
  it('takes μ and σ over the non-Byzantine workers only: 4 honest [1, 0] and 2 Byzantine [100, 0], z = 1 → [1, 0]', () => {
    const r = [...Array.from({ length: 4 }, () => Float32Array.of(1, 0)), Float32Array.of(100, 0), Float32Array.of(100, 0)];
    const ctx = { ...ctxAt(0, 0, r, 4), roundByzantine: [false, false, false, false, true, true] };
    assert.deepEqual([...craftChecked(alie({ z: 1 }), r[4], ctx)], [1, 0]); // over all six: 34 − 46.67 = −12.67
    assert.deepEqual([...craftChecked(alie({ z: 1 }), r[4], ctxAt(0, 0, r, 4))], [Math.fround(34 - Math.sqrt((4 * 33 ** 2 + 2 * 66 ** 2) / 6)), 0], 'without roundByzantine: every entry');
  });

  const round = [Float32Array.from([1, 0]), Float32Array.from([3, 4]), Float32Array.from([2, 2])];
  // μ = (2, 2); population σ = (√(2/3), √(8/3)); sample σ = (1, 2).

  it('sends μ − z·σ with population σ by default (hand case, z = 1.5)', () => {
    const out = craftChecked(alie({ z: 1.5 }), round[0], ctxAt(0, 0, round));
    assertClose(out, [2 - 1.5 * Math.sqrt(2 / 3), 2 - 1.5 * Math.sqrt(8 / 3)]);
  });

  it("uses the sample σ with sigma: 'sample' and μ + z·σ with sign: '+'", () => {
    assertClose(craftChecked(alie({ z: 1.5, sigma: 'sample' }), round[0], ctxAt(0, 0, round)), [0.5, -1]);
    assertClose(craftChecked(alie({ z: 1.5, sigma: 'sample', sign: '+' }), round[0], ctxAt(0, 0, round)), [3.5, 5]);
  });

  it("with z = 'auto' uses z_max(n = |round|, m) (n = 25, m = 11: z = 1.0676), or n = workers when given", () => {
    const r = noisyVectors(25, [0, 1, -1], [1, 2, 3]);
    const mu = [0, 1, 2].map((j) => r.reduce((s, v) => s + v[j], 0) / 25);
    const sd = [0, 1, 2].map((j) => Math.sqrt(r.reduce((s, v) => s + (v[j] - mu[j]) ** 2, 0) / 25));
    const z = referenceVectors.alie_zmax.n25_m11.z_max as number;
    assertClose(craftChecked(alie({ byzantine: 11 }), r[0], ctxAt(0, 0, r)), mu.map((m, j) => m - z * sd[j]));
    const z20 = referenceVectors.alie_zmax.n20_m8.z_max as number;
    assertClose(craftChecked(alie({ byzantine: 8, workers: 20 }), r[0], ctxAt(0, 0, r)), mu.map((m, j) => m - z20 * sd[j]));
  });

  it('sends its own gradient in async mode (σ = 0 over one gradient)', () => {
    assert.deepEqual([...craftChecked(alie({ byzantine: 3 }), Float32Array.from([4, -5]), ctxAt(0, 0))], [4, -5]);
  });

  it("takes m for z = 'auto' from the round's Byzantine count unless given, and needs a valid (n, m)", () => {
    const r = noisyVectors(10, [0, 1, -1], [1, 2, 3]);
    const byz = r.map((_, i) => i < 3);
    assert.deepEqual(craftChecked(alie(), r[5], { ...ctxAt(0, 0, r), roundByzantine: byz }), craftChecked(alie({ byzantine: 3 }), r[5], { ...ctxAt(0, 0, r), roundByzantine: byz }));
    assert.throws(() => alie().craft(round[0], new Float32Array(2), ctxAt(0, 0, round)), { name: 'ConfigError', message: /^byzantine\.attack\.byzantine: z = 'auto' needs m/ });
    assert.throws(() => alie({ byzantine: 6, workers: 10 }), { message: "byzantine.attack.byzantine: z = 'auto' needs 0 < (n − m − s)/(n − m) < 1, s = ⌊n/2 + 1⌋ − m (n = 10), got m = 6" });
    assert.throws(() => alie({ byzantine: 2 }).craft(round[0], new Float32Array(2), ctxAt(0, 0, round)), ConfigError, 'n = 3, m = 2: m > ⌊n/2⌋');
    assert.throws(() => alie({ z: 'max' as never }), ConfigError);
  });

  it('is deterministic, checks lengths and never mutates the round', () => {
    const a = alie({ z: 1 });
    assert.deepEqual(craftChecked(a, round[0], ctxAt(0, 0, round)), craftChecked(a, round[0], ctxAt(0, 9, round)));
    assert.throws(() => a.craft(round[0], new Float32Array(3), ctxAt(0, 0, round)), RangeError);
  });

  it('runs in a sync simulation with its defaults (was refused: byzantine.attack.byzantine ... got nothing)', async () => {
    const task = { name: 'linreg', features: 3, samples: 300, validationSize: 30, testSize: 30 } as const;
    const r = await simulate({ task, mode: 'sync', workers: 7, steps: 3, evalEvery: 3, optimizer: { lr: 0.05, batchSize: 8 }, policy: { name: 'median' }, byzantine: { count: 2, attack: { name: 'alie' } } }, { threads: 0 });
    assert.equal(r.summary.final.version, 3);
    assert.ok(r.records.some((x) => x.byzantine));
  });
});
