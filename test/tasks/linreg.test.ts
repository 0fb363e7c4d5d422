import assert from 'node:assert/strict';
import { loadTf } from '../../src/compute/backend.js';
import { loadComputeTask } from '../../src/tasks/compute-task.js';
import { linregOptimum, loadLinreg } from '../../src/tasks/linreg.js';
import type { ComputeTask } from '../../src/tasks/task.js';
import { hashOf, spec, strided } from './fixtures.js';

/** Float64 gradient of mean((X·w + b − y)²) over dataset rows `rows`: (2/B)·Σ r_i·[x_i, 1]. */
function closedForm(p: ArrayLike<number>, rows: Int32Array, s = spec({ name: 'linreg' }), flip = false): Float64Array {
  const { x, y, features: d } = loadLinreg(s);
  const g = new Float64Array(d + 1);
  for (const r of rows) {
    let res = p[d] - (flip ? -y[r] : y[r]);
    for (let j = 0; j < d; j++) res += x[r * d + j] * p[j];
    for (let j = 0; j < d; j++) g[j] += (2 * res * x[r * d + j]) / rows.length;
    g[d] += (2 * res) / rows.length;
  }
  return g;
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

describe('linreg task', () => {
  const s = spec({ name: 'linreg' });
  let task: ComputeTask;
  before(async () => {
    task = loadComputeTask(s, (await loadTf('cpu')).tf);
  });

  it('generates the same data for the same seed and different data for another', () => {
    const a = loadLinreg(s);
    assert.equal(a.x.length, 4000 * 10);
    const b = loadLinreg({ ...s, dataSeed: 2 });
    assert.notEqual(hashOf(a.x, a.y), hashOf(b.x, b.y));
    // Row i has its own stream: more samples leave the first rows unchanged.
    const c = loadLinreg({ ...s, samples: 4100 });
    assert.equal(hashOf(c.x.subarray(0, 40_000), c.y.subarray(0, 4000)), hashOf(a.x, a.y));
  });

  it('matches the closed-form gradient of the mean squared error', () => {
    const p = Float32Array.from({ length: 11 }, (_, i) => Math.sin(i + 1));
    const idx = strided(64, 37);
    const out = new Float32Array(11);
    task.gradient(p, 'train', idx, false, out);
    const rows = Int32Array.from(idx, (i) => loadLinreg(s).splits.train[i]);
    const g = closedForm(p, rows);
    const scale = maxAbs(g);
    for (let j = 0; j < 11; j++) assert.ok(Math.abs(out[j] - g[j]) <= 1e-5 * scale, `coordinate ${j}: ${out[j]} vs ${g[j]}`);
  });

  it('flips labels to −y', () => {
    const p = new Float32Array(11);
    const idx = strided(32, 5);
    const out = new Float32Array(11);
    task.gradient(p, 'validation', idx, true, out);
    const g = closedForm(p, Int32Array.from(idx, (i) => loadLinreg(s).splits.validation[i]), s, true);
    for (let j = 0; j < 11; j++) assert.ok(Math.abs(out[j] - g[j]) <= 1e-5 * maxAbs(g));
  });

  it('has a known optimum where the train gradient vanishes', () => {
    const opt = linregOptimum(s);
    const train = loadLinreg(s).splits.train;
    const all = strided(train.length, 1);
    // Float64, at the exact optimum: zero up to rounding.
    assert.ok(maxAbs(closedForm(opt, train)) < 1e-10);
    // tfjs in float32 at the rounded optimum: tiny compared with the gradient at the start (|g| ~ 1).
    const out = new Float32Array(11);
    task.gradient(new Float32Array(11), 'train', all, false, out);
    const start = maxAbs(out);
    const loss = task.gradient(Float32Array.from(opt), 'train', all, false, out);
    assert.ok(maxAbs(out) < 1e-5 * start, `max |g| at optimum ${maxAbs(out)} (start ${start})`);
    // The residual is the label noise: MSE ≈ noise² = 0.01.
    assert.ok(Math.abs(loss - 0.01) < 0.002, `loss at optimum ${loss}`);
  });

  it('evaluates mean squared error with NaN accuracy', () => {
    const e = task.evaluate(Float32Array.from(linregOptimum(s)), 'test');
    assert.ok(Math.abs(e.loss - 0.01) < 0.002);
    assert.ok(Number.isNaN(e.accuracy));
  });
});
