import assert from 'node:assert/strict';
import { kardamFlood } from '../../src/attacks/kardam-flood.js';
import { simulate } from '../../src/experiments/simulate.js';
import { craftChecked, ctxAt } from './helpers.js';

describe('kardam-flood', () => {
  it('alternates +scale·g and −scale·g by step, and floods with the fastest timing unless told not to', () => {
    const g = Float32Array.of(1, -2);
    assert.deepEqual([...craftChecked(kardamFlood({ scale: 3 }), g, ctxAt(1, 4))], [3, -6]);
    assert.deepEqual([...craftChecked(kardamFlood({ scale: 3 }), g, ctxAt(1, 5))], [-3, 6]);
    assert.deepEqual(kardamFlood().acts, [{ on: 'vector' }, { on: 'timing', latency: 'fastest', factor: 1 }]);
    assert.deepEqual(kardamFlood({ flood: false }).acts, [{ on: 'vector' }]);
  });

  it("breaks Kardam where sign-flip does not: the inflated Lipschitz records let the flipped half through", async function () {
    this.timeout(60_000);
    const base = {
      task: 'mnist-softmax',
      workers: 10,
      policy: { name: 'kardam', f: 3 },
      timing: { model: 'latency', compute: { type: 'exponential', mean: 10 } },
      steps: 600,
      evalEvery: 300,
      seed: 1,
    } as const;
    const flip = await simulate({ ...base, byzantine: { count: 3, attack: { name: 'sign-flip', scale: 10 } } }, { threads: 0 });
    const flood = await simulate({ ...base, byzantine: { count: 3, attack: { name: 'kardam-flood' } } }, { threads: 0 });
    assert.ok(flip.summary.arrivals.falseNegativeRate < 0.3, `sign-flip FN ${flip.summary.arrivals.falseNegativeRate}`);
    assert.ok(flood.summary.arrivals.falseNegativeRate > 0.8, `kardam-flood FN ${flood.summary.arrivals.falseNegativeRate}`);
    assert.ok(flood.summary.final.testAccuracy < flip.summary.final.testAccuracy - 0.2);
  });
});
