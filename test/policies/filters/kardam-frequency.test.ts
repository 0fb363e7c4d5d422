import assert from 'node:assert/strict';
import type { ArrivalContext } from '../../../src/policies/filters/filter.js';
import { kardam } from '../../../src/policies/filters/kardam.js';
import { FrequencyFilter } from '../../../src/policies/filters/kardam-frequency.js';

describe('kardam frequency filter', () => {
  it('admits at most `max` of the last `window` accepted from one worker (f = 2: 2 of the last 4)', () => {
    const f = new FrequencyFilter(4, 2);
    const accepted: number[] = [];
    for (const w of [0, 0, 0, 1, 0, 2, 0, 0]) {
      if (f.admits(w)) {
        f.record(w);
        accepted.push(w);
      }
    }
    // 0, 0 in; a third 0 would hold 3 of 3: out; 1 in; 0 would hold 3 of 4: out; 2 in (ring 0,0,1,2); then 0
    // evicts the oldest 0 and holds 2 of 4 (1,2,0 + 0... ring 0,1,2,0): in; the last 0 evicts a 0 again (ring 1,2,0,0): in.
    assert.deepEqual(accepted, [0, 0, 1, 2, 0, 0]);
  });

  it('in kardam: off by default; on, a flooding worker is held to f of the last 2f accepted', () => {
    const x = Float32Array.from([1, 0]);
    const ctx = (worker: number): ArrivalContext => ({ validation: undefined, lr: 1, initialLr: 1, staleness: 0, worker, baseParams: x, currentParams: x });
    const g = Float32Array.from([0, 0]);
    const accepts = (filter: ReturnType<typeof kardam>) => {
      const out = new Float32Array(2);
      let n = 0;
      for (let k = 0; k < 10; k++) if (filter.decide(g, ctx(0), out).accepted) n++;
      return n;
    };
    const open = kardam({ f: 2, zeroDistance: 'accept' }, { workers: 7 });
    const guarded = kardam({ f: 2, zeroDistance: 'accept', frequency: true }, { workers: 7 });
    assert.equal(accepts(open), 10);
    assert.equal(accepts(guarded), 2);
    const out = new Float32Array(2);
    assert.equal(guarded.decide(g, ctx(0), out).reason, 'frequency');
  });

  it('needs f >= 1 for its default window', () => {
    assert.throws(() => kardam({ frequency: true }, { workers: 7 }), /policy\.frequency: expected f >= 1/);
    assert.doesNotThrow(() => kardam({ frequency: { window: 4, max: 1 } }, { workers: 7 }));
  });
});
