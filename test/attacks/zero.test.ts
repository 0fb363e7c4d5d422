import assert from 'node:assert/strict';
import { zero } from '../../src/attacks/zero.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('zero', () => {
  it('sends the zero vector whatever the honest gradient, deterministically', () => {
    const out = craftChecked(zero(), Float32Array.from([3, -1, NaN]), ctxAt(0, 0));
    assert.deepEqual([...out], [0, 0, 0]);
    assert.deepEqual(craftChecked(zero(), Float32Array.from([1, 2]), ctxAt(0, 1)), craftChecked(zero(), Float32Array.from([1, 2]), ctxAt(0, 1)));
  });

  it('checks lengths', () => {
    assert.throws(() => zero().craft(new Float32Array(2), new Float32Array(1), ctxAt(0, 0)), RangeError);
  });
});
