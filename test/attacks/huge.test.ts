import assert from 'node:assert/strict';
import { FLOAT32_MAX, huge } from '../../src/attacks/huge.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('huge', () => {
  it('sends value·sign(g) with sign(0) = sign(−0) = +1, default 1e30 (as float32)', () => {
    const out = craftChecked(huge(), Float32Array.from([2, -3, 0, -0]), ctxAt(0, 0));
    const v = Math.fround(1e30);
    assert.deepEqual([...out], [v, -v, v, v]);
    assert.deepEqual([...craftChecked(huge({ value: 5 }), Float32Array.from([-1, 1]), ctxAt(0, 0))], [-5, 5]);
  });

  it('stays finite at the float32 maximum and rejects larger or non-positive values', () => {
    assert.ok(craftChecked(huge({ value: FLOAT32_MAX }), Float32Array.from([1, -1]), ctxAt(0, 0)).every(Number.isFinite));
    assert.throws(() => huge({ value: 1e39 }), { name: 'ConfigError' });
    assert.throws(() => huge({ value: 0 }), { message: 'byzantine.attack.value: expected a number > 0, got 0' });
  });

  it('is deterministic and checks lengths', () => {
    const g = Float32Array.from([1, -1]);
    assert.deepEqual(craftChecked(huge(), g, ctxAt(0, 0)), craftChecked(huge(), g, ctxAt(0, 0)));
    assert.throws(() => huge().craft(g, new Float32Array(1), ctxAt(0, 0)), RangeError);
  });
});
