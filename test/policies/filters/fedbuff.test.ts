import assert from 'node:assert/strict';
import { fedBuff } from '../../../src/policies/filters/fedbuff.js';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';

const f32 = (...xs: number[]) => Float32Array.from(xs);
const at = (staleness: number): ArrivalContext => ({ validation: undefined, lr: 0.1, initialLr: 0.1, staleness, worker: 0, baseParams: f32(0), currentParams: f32(0) });

describe('fedbuff', () => {
  it('steps along the mean of K updates, each weighted by 1/√(1 + τ)', () => {
    const filter = fedBuff({ size: 2 });
    const out = f32(0);
    assert.equal(filter.decide(f32(2), at(0), out).deferred, true); // enters as 2
    const last = filter.decide(f32(4), at(3), out); // enters as 4/2 = 2
    assert.equal(last.accepted, true);
    assert.equal(out[0], 2);
    assert.equal(filter.name, 'fedbuff');
  });
});
