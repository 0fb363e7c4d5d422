import assert from 'node:assert/strict';
import { asyncSgd } from '../../../src/policies/filters/async-sgd.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';

const ctx: ArrivalContext = { validation: undefined, lr: 0.1, initialLr: 0.1, staleness: 3, worker: 0, baseParams: new Float32Array(3), currentParams: new Float32Array(3) };

describe('async-sgd', () => {
  it('accepts every finite gradient of the right length and applies it as is', () => {
    const g = Float32Array.from([1, -2, 1e30]);
    const out = new Float32Array(3);
    const d = asyncSgd().decide(g, ctx, out);
    assert.equal(d.accepted, true);
    assert.ok(Number.isNaN(d.score));
    assert.deepEqual([...out], [...g]);
    assert.deepEqual([...g], [1, -2, Math.fround(1e30)]);
  });

  it('needs no validation gradient', () => {
    assert.equal(asyncSgd().refreshEvery, 0);
    assert.equal(asyncSgd().validationBatch, 0);
  });

  for (const [what, g, reason] of [
    ['NaN', [1, NaN, 0], 'non-finite'],
    ['Infinity', [Infinity, 0, 0], 'non-finite'],
    ['wrong length', [1, 2], 'wrong-length'],
  ] as const) {
    it(`rejects ${what} as ${reason} and leaves out untouched`, () => {
      const out = Float32Array.from([7, 7, 7]);
      const d = asyncSgd().decide(Float32Array.from(g), ctx, out);
      assert.deepEqual(d, { accepted: false, score: NaN, reason });
      assert.deepEqual([...out], [7, 7, 7]);
    });
  }
});
