import assert from 'node:assert/strict';
import { momentumStep, serverMomentum } from '../../src/policies/momentum.js';

describe('momentum', () => {
  it("'ema' keeps m ← βm + (1 − β)g and 'heavy-ball' m ← βm + g (hand-computed)", () => {
    const m = new Float32Array(2);
    momentumStep(m, 0.5, Float32Array.of(2, -4), 'ema');
    assert.deepEqual([...m], [1, -2]);
    momentumStep(m, 0.5, Float32Array.of(2, 0), 'ema');
    assert.deepEqual([...m], [1.5, -1]);
    const h = new Float32Array(1);
    for (const g of [1, 1, 1]) momentumStep(h, 0.5, Float32Array.of(g), 'heavy-ball');
    assert.deepEqual([...h], [1.75]);
  });

  it('server momentum returns the velocity and never writes the direction', () => {
    const step = serverMomentum(0.9);
    const d = Float32Array.of(1);
    assert.deepEqual([...step(d)], [1]);
    assert.deepEqual([...step(d)], [Math.fround(1.9)]);
    assert.deepEqual([...d], [1]);
  });
});
