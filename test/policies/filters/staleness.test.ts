import assert from 'node:assert/strict';
import { stalenessFunction, stalenessWeight } from '../../../src/policies/filters/staleness.js';

describe('staleness functions', () => {
  it('constant and none are 1 at any staleness', () => {
    assert.equal(stalenessWeight('constant', 7), 1);
    assert.equal(stalenessWeight('none', 0), 1);
  });

  it('polynomial (τ + 1)^−a: a = 0.5 at τ = 3 gives 1/2; a = 1 at τ = 4 gives 1/5', () => {
    assert.equal(stalenessWeight('polynomial', 3), 0.5);
    assert.equal(stalenessWeight({ name: 'polynomial', a: 1 }, 4), 0.2);
  });

  it('hinge is 1 up to b, then 1/(a(τ − b) + 1): a = 10, b = 4 gives 1 at τ = 4 and 1/21 at τ = 6', () => {
    assert.equal(stalenessWeight('hinge', 4), 1);
    assert.equal(stalenessWeight('hinge', 6), 1 / 21);
    assert.equal(stalenessWeight({ name: 'hinge', a: 1, b: 0 }, 3), 0.25);
  });

  it('staleness-aware divides by τ (fresh updates, τ = 0, are not amplified)', () => {
    assert.equal(stalenessWeight('staleness-aware', 0), 1);
    assert.equal(stalenessWeight('staleness-aware', 1), 1);
    assert.equal(stalenessWeight('staleness-aware', 4), 0.25);
  });

  it('exponential takes α from the object or from the filter', () => {
    assert.equal(stalenessWeight('exponential', 2, 0.5), Math.exp(-1));
    assert.equal(stalenessWeight({ name: 'exponential', alpha: 1 }, 2), Math.exp(-2));
  });

  it('refuses a negative staleness and unknown names', () => {
    assert.throws(() => stalenessWeight('inverse', -1), /staleness >= 0/);
    assert.equal(stalenessFunction.safeParse('quadratic').success, false);
    assert.equal(stalenessFunction.safeParse({ name: 'hinge', c: 1 }).success, false);
  });
});
