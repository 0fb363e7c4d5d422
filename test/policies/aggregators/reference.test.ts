import assert from 'node:assert/strict';
import { aggregateStats } from '../../../src/policies/aggregators/aggregator.js';
import { bulyan } from '../../../src/policies/aggregators/bulyan.js';
import { centeredClipping } from '../../../src/policies/aggregators/centered-clipping.js';
import { geometricMedian } from '../../../src/policies/aggregators/geometric-median.js';
import { krum } from '../../../src/policies/aggregators/krum.js';
import { krumScores } from '../../../src/policies/aggregators/krum-scores.js';
import { mean } from '../../../src/policies/aggregators/mean.js';
import { median } from '../../../src/policies/aggregators/median.js';
import { multiKrum } from '../../../src/policies/aggregators/multi-krum.js';
import { pairwiseSquaredDistances } from '../../../src/policies/aggregators/pairwise.js';
import { trimmedMean } from '../../../src/policies/aggregators/trimmed-mean.js';
import { X, assertClose, reference, rowsOf } from './helpers.js';

/** Every aggregator against reference_vectors.json (7×3 input, row 5 the outlier, f = 1), rtol 1e-5. */
describe('aggregators on reference_vectors.json', () => {
  const honest = [0, 1, 2, 3, 4, 6];

  it('mean', () => assertClose(mean().aggregate(X), reference.mean));

  it('coordinate-wise median, odd and even n, and the even-n convention', () => {
    assertClose(median().aggregate(X), reference.cw_median);
    assertClose(median().aggregate(X.slice(0, 6)), reference.cw_median_even_n6_first6rows);
    const E = (reference.median_even_example.input as number[]).map((v) => Float32Array.of(v));
    assert.equal(median().aggregate(E)[0], reference.median_even_example.avg_of_middles);
    assert.notEqual(median().aggregate(E)[0], reference.median_even_example.torch_lower_middle);
  });

  it('trimmed mean with b = 1', () => assertClose(trimmedMean({ b: 1 }).aggregate(X), reference.trimmed_mean_b1));

  it('krum with f = 1: index, vector and the scores over n − f − 2 = 4 neighbours', () => {
    const stats = aggregateStats();
    const out = krum({ f: 1 }).aggregate(X, undefined, stats);
    assert.deepEqual(stats.selected, [reference.krum_f1.index]);
    assertClose(out, reference.krum_f1.vector);
    const D = pairwiseSquaredDistances(X);
    const scores = krumScores(D, 7, [0, 1, 2, 3, 4, 5, 6], reference.krum_f1.neighbors, new Float64Array(7), new Float64Array(7));
    assertClose(scores, reference.krum_f1.scores, 1e-5, 0, 'scores');
  });

  it('multi-krum with f = 1, m = n − f (the default)', () => {
    const stats = aggregateStats();
    assertClose(multiKrum({ f: 1 }).aggregate(X, undefined, stats), reference.multikrum_f1_m_n_minus_f.vector);
    assert.deepEqual(stats.selected, reference.multikrum_f1_m_n_minus_f.indices);
  });

  it('bulyan with f = 1: θ = 5 selected, β = 3 averaged', () => {
    const stats = aggregateStats();
    assertClose(bulyan({ f: 1 }).aggregate(X, undefined, stats), reference.bulyan_f1.vector);
    assert.deepEqual(stats.selected, reference.bulyan_f1.selected);
    assert.equal(stats.selected.length, reference.bulyan_f1.theta);
  });

  it('geometric median, ν = 1e-6, run to convergence (the reference uses ftol 1e-12, T = 1000)', () => {
    // The reference starts from the mean and stops on the objective; from the mean with the same relative
    // tolerance on z's move, the iteration count differs (the criteria differ), the point does not.
    const g = geometricMedian({ nu: 1e-6, tol: 1e-12, maxIter: 1000, init: 'mean' });
    assertClose(g.aggregate(X), reference['geomed_nu1e-6'].vector);
    assert.ok(g.lastIterations < 1000, `iterations ${g.lastIterations}`);
    assertClose(geometricMedian({ nu: 1e-6, tol: 1e-12, maxIter: 1000 }).aggregate(X), reference['geomed_nu1e-6'].vector);
  });

  it('geometric median smoothed: ν = 0.1, exactly 3 iterations from the mean (no tol stop)', () => {
    const g = geometricMedian({ nu: 0.1, maxIter: 3, tol: 0, init: 'mean' });
    assertClose(g.aggregate(X), reference['geomed_smoothed_nu0.1_T3_init_mean']);
    assert.equal(g.lastIterations, 3);
  });

  it('centered clipping, τ = 1, from v_0 = 0 with L = 1 and L = 3', () => {
    assertClose(centeredClipping({ tau: 1, iterations: 1, start: 'zero' }).aggregate(X), reference.cc_tau1_L1_v0zero);
    assertClose(centeredClipping({ tau: 1, iterations: 3, start: 'zero' }).aggregate(X), reference.cc_tau1_L3_v0zero);
    // 'previous' starts from 0 on its first call too.
    assertClose(centeredClipping({ tau: 1 }).aggregate(X), reference.cc_tau1_L1_v0zero);
  });

  it('centered clipping, τ = 1, L = 1, from v_0 = the mean of the honest rows', () => {
    const cc = centeredClipping({ tau: 1 });
    cc.reset(mean().aggregate(rowsOf(...honest)));
    assertClose(cc.aggregate(X), reference.cc_tau1_L1_v0mean_of_honest);
  });
});
