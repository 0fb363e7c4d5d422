import assert from 'node:assert/strict';
import { createAggregator } from '../../../src/policies/aggregators/registry.js';

/** The talk's toy example (Xie, "Byzantine Tolerance for Distributed SGD"; Fall of Empires, UAI 2019). */
describe("the talk's toy example", () => {
  const honest = [-0.3, 1, 2];
  const byzantine = -(honest.reduce((a, b) => a + b, 0) / honest.length); // −0.9666… → the slides round it to −0.9
  const values = [...honest, byzantine, byzantine].map((v) => Float32Array.of(v));

  it('without attack the mean of {−0.3, 1, 2, 3, 4} is positive (1.94)', () => {
    const clean = [-0.3, 1, 2, 3, 4].map((v) => Float32Array.of(v));
    assert.ok(Math.abs(createAggregator('mean').aggregate(clean)[0] - 1.94) < 1e-6);
  });

  it('replacing 3 and 4 by the negative honest mean turns the median negative (−0.3) while the mean stays positive', () => {
    assert.ok(Math.abs(createAggregator('median').aggregate(values)[0] - -0.3) < 1e-6);
    const mean = createAggregator('mean').aggregate(values)[0];
    assert.ok(mean > 0, `mean ${mean}`);
    // With the slides' rounded −0.9 the mean is exactly 0.18.
    const rounded = [...honest, -0.9, -0.9].map((v) => Float32Array.of(v));
    assert.ok(Math.abs(createAggregator('mean').aggregate(rounded)[0] - 0.18) < 1e-6);
  });
});
