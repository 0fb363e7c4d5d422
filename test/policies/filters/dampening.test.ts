import assert from 'node:assert/strict';
import { asyncSgd } from '../../../src/policies/filters/async-sgd.js';
import { dampeningFactor } from '../../../src/policies/filters/dampening.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';

describe('dampening', () => {
  it("'none' is 1 whatever the staleness (Kardam's AVERAGING)", () => {
    for (const tau of [0, 1, 7, 1000]) assert.equal(dampeningFactor('none', 0.2, tau), 1);
  });

  it("'exponential' is exp(−ατ)", () => {
    assert.equal(dampeningFactor('exponential', 0.2, 0), 1);
    assert.equal(dampeningFactor('exponential', 0.2, 5), Math.exp(-1)); // 0.2·5 = 1
    assert.equal(dampeningFactor('exponential', 0.5, 2), Math.exp(-1));
    assert.equal(dampeningFactor('exponential', 0, 9), 1);
  });

  it("'inverse' is 1/(τ + 1), and ignores α", () => {
    assert.equal(dampeningFactor('inverse', 0.2, 0), 1);
    assert.equal(dampeningFactor('inverse', 0.2, 1), 0.5);
    assert.equal(dampeningFactor('inverse', 7, 3), 0.25);
  });

  it('refuses a negative or non-finite staleness (it would amplify the step)', () => {
    for (const tau of [-1, NaN, Infinity]) assert.throws(() => dampeningFactor('exponential', 0.2, tau), /expected a staleness >= 0/);
  });

  describe('on async-sgd', () => {
    const ctx = (staleness: number): ArrivalContext => ({
      validation: undefined, lr: 0.1, initialLr: 0.1, staleness, worker: 0, baseParams: new Float32Array(2), currentParams: new Float32Array(2),
    });

    it('applies Λ(τ)·g and leaves g alone', () => {
      const g = Float32Array.from([4, -2]);
      const out = new Float32Array(2);
      assert.equal(asyncSgd({ dampening: 'inverse' }).decide(g, ctx(3), out).accepted, true);
      assert.deepEqual([...out], [1, -0.5]); // 1/(3 + 1) = 0.25
      asyncSgd({ dampening: 'exponential', alpha: 0.5 }).decide(g, ctx(2), out);
      assert.deepEqual([...out], [Math.fround(4 * Math.exp(-1)), Math.fround(-2 * Math.exp(-1))]);
      assert.deepEqual([...g], [4, -2]);
    });

    it("defaults to 'none': d = g exactly, however stale", () => {
      const g = Float32Array.from([4, -2]);
      const out = new Float32Array(2);
      asyncSgd().decide(g, ctx(50), out);
      assert.deepEqual([...out], [4, -2]);
    });
  });
});
