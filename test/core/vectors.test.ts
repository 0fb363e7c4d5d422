import assert from 'node:assert/strict';
import { allFinite, axpyInto, copyInto, dot, norm, requireSameLength, scaleInto, squaredNorm } from '../../src/core/vectors.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);

describe('vectors', () => {
  const a = f32(1, 2, 3);
  const b = f32(4, -5, 0.5);

  it('dot sums products left to right: 1·4 + 2·(−5) + 3·0.5 = −4.5', () => {
    assert.equal(dot(a, b), -4.5);
  });

  it('squaredNorm and norm: ‖(3, 4)‖² = 25, ‖(3, 4)‖ = 5', () => {
    assert.equal(squaredNorm(f32(3, 4)), 25);
    assert.equal(norm(f32(3, 4)), 5);
    assert.equal(norm(f32()), 0);
  });

  it('accumulates in float64: 2²⁴ + 1 + 1 + ... is not absorbed as in float32', () => {
    const x = new Float32Array(1001).fill(1);
    x[0] = 2 ** 24; // a float32 running sum would stay at 2²⁴ after adding 1
    assert.equal(dot(x, new Float32Array(1001).fill(1)), 2 ** 24 + 1000);
  });

  it('squares of large float32 values do not overflow', () => {
    assert.equal(squaredNorm(f32(3e38, 3e38)), 2 * Math.fround(3e38) ** 2);
  });

  it('scaleInto writes α·x into out, and may work in place', () => {
    const out = new Float32Array(3);
    assert.equal(scaleInto(out, -2, a), out);
    assert.deepEqual([...out], [-2, -4, -6]);
    const x = f32(1, 2, 3);
    scaleInto(x, 0.5, x);
    assert.deepEqual([...x], [0.5, 1, 1.5]);
  });

  it('axpyInto writes y + α·x into out', () => {
    const out = new Float32Array(3);
    axpyInto(out, a, 2, b);
    assert.deepEqual([...out], [9, -8, 4]);
  });

  it('copyInto copies', () => {
    const out = new Float32Array(3);
    copyInto(out, b);
    assert.deepEqual([...out], [4, -5, 0.5]);
  });

  it('never mutates inputs', () => {
    const x = f32(1, -2, 3);
    const y = f32(0.5, 0.25, -1);
    const before = [...x, ...y];
    const out = new Float32Array(3);
    dot(x, y);
    squaredNorm(x);
    norm(y);
    scaleInto(out, 3, x);
    axpyInto(out, y, -1, x);
    copyInto(out, x);
    allFinite(x);
    assert.deepEqual([...x, ...y], before);
  });

  it('allFinite detects NaN, +Infinity and −Infinity anywhere', () => {
    assert.equal(allFinite(f32(1, 2, 3)), true);
    assert.equal(allFinite(f32()), true);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (let i = 0; i < 3; i++) {
        const x = f32(1, 2, 3);
        x[i] = bad;
        assert.equal(allFinite(x), false, `${bad} at ${i}`);
      }
    }
  });

  it('rejects length mismatches', () => {
    assert.throws(() => dot(f32(1, 2), f32(1)), RangeError);
    assert.throws(() => scaleInto(new Float32Array(2), 1, f32(1)), RangeError);
    assert.throws(() => axpyInto(new Float32Array(2), f32(1, 2), 1, f32(1)), RangeError);
    assert.throws(() => copyInto(new Float32Array(2), f32(1)), /copyInto: length mismatch \(2 vs 1\)/);
    assert.doesNotThrow(() => requireSameLength([1], [2]));
  });
});
