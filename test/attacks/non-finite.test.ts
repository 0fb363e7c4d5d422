import assert from 'node:assert/strict';
import { attackedCount, nonFinite } from '../../src/attacks/non-finite.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('non-finite', () => {
  const honest = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  it('sets every coordinate to NaN by default', () => {
    assert.ok(craftChecked(nonFinite(), honest, ctxAt(0, 0)).every(Number.isNaN));
  });

  it('sets the first ⌈fraction·d⌉ coordinates to ±∞ and copies the rest', () => {
    assert.deepEqual([...craftChecked(nonFinite({ value: '+inf', fraction: 0.3 }), honest, ctxAt(0, 0))], [Infinity, Infinity, Infinity, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual([...craftChecked(nonFinite({ value: '-inf', fraction: 0.01 }), honest, ctxAt(0, 0))], [-Infinity, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(attackedCount(0.3, 10), 3, '0.3·10 = 3.0000000000000004 still counts as 3');
    assert.equal(attackedCount(0.25, 10), 3);
    assert.equal(attackedCount(1, 7), 7);
  });

  it('is deterministic, checks lengths and rejects fraction outside (0, 1] and unknown values', () => {
    const a = nonFinite({ fraction: 0.5 });
    assert.deepEqual(craftChecked(a, honest, ctxAt(1, 1)), craftChecked(a, honest, ctxAt(1, 1)));
    assert.throws(() => a.craft(honest, new Float32Array(3), ctxAt(0, 0)), RangeError);
    assert.throws(() => nonFinite({ fraction: 0 }), { message: 'byzantine.attack.fraction: expected a number > 0, got 0' });
    assert.throws(() => nonFinite({ fraction: 1.5 }), { name: 'ConfigError' });
    assert.throws(() => nonFinite({ value: 'inf' as never }), { message: 'byzantine.attack.value: expected one of "nan" | "+inf" | "-inf", got "inf"' });
  });
});
