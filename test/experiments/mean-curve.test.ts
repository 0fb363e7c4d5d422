import assert from 'node:assert/strict';
import { meanCurve } from '../../src/experiments/mean-curve.js';

const run = (...points: Array<[number, number]>) => points.map(([version, test_accuracy]) => ({ version, test_accuracy }));

describe('mean accuracy curve of a cell', () => {
  it('averages the evaluations all seeds made at one version, and the final evaluations in both coordinates (no zigzag at the end)', () => {
    // Two seeds of examples/staleness-sweep.json's zeno++ cell: evaluated every 250 updates, final at 633 and 632.
    const a = run([0, 0.096], [250, 0.8455], [500, 0.8705], [633, 0.883]);
    const b = run([0, 0.1235], [250, 0.848], [500, 0.8715], [632, 0.811]);
    const curve = meanCurve([a, b]);
    assert.deepEqual(curve.map((p) => p.updates), [0, 250, 500, 632.5]);
    assert.deepEqual(curve.map((p) => p.accuracy.toFixed(5)), ['0.10975', '0.84675', '0.87100', '0.84700']);
  });

  it('leaves out an evaluation only some seeds reached, so every point is a mean over all of them', () => {
    const curve = meanCurve([run([0, 0.1], [250, 0.5], [500, 0.7], [520, 0.72]), run([0, 0.1], [250, 0.6], [480, 0.66])]);
    assert.deepEqual(curve, [
      { updates: 0, accuracy: 0.1 },
      { updates: 250, accuracy: 0.55 },
      { updates: 500, accuracy: 0.69 },
    ]);
  });

  it('is the run itself for one seed, without the points that have no accuracy (regression tasks)', () => {
    assert.deepEqual(meanCurve([run([0, 0.1], [10, 0.4], [17, 0.5])]), [
      { updates: 0, accuracy: 0.1 },
      { updates: 10, accuracy: 0.4 },
      { updates: 17, accuracy: 0.5 },
    ]);
    assert.deepEqual(meanCurve([run([0, Number.NaN], [10, Number.NaN])]), []);
    assert.deepEqual(meanCurve([]), []);
  });
});
