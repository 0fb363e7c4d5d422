import assert from 'node:assert/strict';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { assertClose, normalRows, permute, stream } from './helpers.js';

describe('mean', () => {
  it('averages coordinate-wise', () => {
    assert.deepEqual([...mean().aggregate([Float32Array.of(1, 2), Float32Array.of(3, 4), Float32Array.of(5, 9)])], [3, 5]);
    assert.deepEqual([...mean().aggregate([Float32Array.of(-7, 0.5)])], [-7, 0.5]);
  });

  it('is moved arbitrarily far by a single vector', () => {
    const rows = [Float32Array.of(1), Float32Array.of(1), Float32Array.of(1), Float32Array.of(-1e30)];
    assert.ok(mean().aggregate(rows)[0] < -1e29);
  });

  it('does not depend on the order of the inputs (up to rounding) over 10⁴ coordinates', () => {
    const s = stream(2);
    const rows = normalRows(s, 9, 10_001);
    assertClose(mean().aggregate(permute(s, rows).rows), mean().aggregate(rows), 1e-6, 1e-7);
  });
});
