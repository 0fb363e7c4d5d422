import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { loadTf, type LoadedTf } from '../../src/compute/backend.js';
import { loadComputeTask } from '../../src/tasks/compute-task.js';
import { initParams } from '../../src/tasks/init.js';
import { paramLayout } from '../../src/tasks/layout.js';
import { loadMnist } from '../../src/tasks/mnist.js';
import type { ComputeTask, TaskSpec } from '../../src/tasks/task.js';
import { spec, strided } from './fixtures.js';

/** The centre pixel (row 14, column 14): inked in most digits, so its weights get real gradient. */
const PIXEL = 14 * 28 + 14;

/**
 * Central finite difference of the task's own float32 loss: (L(θ + h·e_i) − L(θ − h·e_i)) / (θ_i⁺ − θ_i⁻),
 * dividing by the float32 step actually taken.
 */
function finiteDifference(task: ComputeTask, params: Float32Array, idx: Int32Array, i: number, h: number): number {
  const p = params.slice();
  const scratch = new Float32Array(params.length);
  p[i] = params[i] + h;
  const up = p[i];
  const lUp = task.gradient(p, 'train', idx, false, scratch);
  p[i] = params[i] - h;
  const down = p[i];
  const lDown = task.gradient(p, 'train', idx, false, scratch);
  return (lUp - lDown) / (up - down);
}

/** Coordinates to check: some weights of the centre pixel and some biases, in every layer. */
function coordinates(s: TaskSpec): number[] {
  const out: number[] = [];
  for (const b of paramLayout(s)) {
    const cols = b.shape.length === 2 ? b.shape[1] : b.size;
    const row = b.name === 'W0' ? PIXEL : 0;
    for (const c of [0, Math.floor(cols / 2), cols - 1]) out.push(b.offset + row * (b.shape.length === 2 ? cols : 0) + c);
  }
  return out;
}

describe('classification gradients (tfjs cpu)', () => {
  let loaded: LoadedTf;
  before(async () => {
    loaded = await loadTf('cpu');
  });

  // Step and tolerance: float32 loss values (~2.3) carry ~3e-7 rounding, so with h = 3e-3 the difference
  // quotient is good to ~5e-5, plus truncation h²·L'''/6 (smaller here). h = 1e-2 is too coarse for the MLP:
  // it steps over a ReLU kink at one of the coordinates (one-sided slopes −7e-3 vs −1e-3). Hence the check
  // |fd − g| ≤ 2e-4 + 1e-2·|g|.
  for (const s of [spec({ name: 'mnist-softmax' }), spec({ name: 'mnist-mlp', hidden: [6] })]) {
    it(`${s.name}${s.name === 'mnist-mlp' ? ' [6]' : ''}: matches central finite differences`, () => {
      const task = loadComputeTask(s, loaded.tf);
      const params = initParams(s, Rng.root(3));
      const idx = strided(16, 101);
      const g = new Float32Array(params.length);
      const loss = task.gradient(params, 'train', idx, false, g);
      assert.ok(loss > 1.5 && loss < 3.5, `loss ${loss}`);
      let nonzero = 0;
      for (const i of coordinates(s)) {
        const fd = finiteDifference(task, params, idx, i, 3e-3);
        if (g[i] !== 0) nonzero++;
        assert.ok(Math.abs(fd - g[i]) <= 2e-4 + 1e-2 * Math.abs(g[i]), `coordinate ${i}: tfjs ${g[i]} vs finite difference ${fd}`);
      }
      assert.ok(nonzero >= 6, 'the check must cover non-zero gradient entries');
    });
  }

  it('flipLabels maps y to 9 − y (softmax bias gradient shifts by mean(onehot(y) − onehot(9 − y)))', () => {
    const s = spec({ name: 'mnist-softmax' });
    const task = loadComputeTask(s, loaded.tf);
    const params = initParams(s, Rng.root(4));
    const idx = strided(40, 13);
    const plain = new Float32Array(params.length);
    const flipped = new Float32Array(params.length);
    task.gradient(params, 'train', idx, false, plain);
    task.gradient(params, 'train', idx, true, flipped);
    const ds = loadMnist(s);
    const expected = new Float64Array(10);
    for (const i of idx) {
      const y = ds.y[ds.splits.train[i]];
      expected[y] += 1 / idx.length;
      expected[9 - y] -= 1 / idx.length;
    }
    const b = paramLayout(s)[1];
    for (let c = 0; c < 10; c++) {
      const shift = flipped[b.offset + c] - plain[b.offset + c];
      assert.ok(Math.abs(shift - expected[c]) < 1e-6, `class ${c}: ${shift} vs ${expected[c]}`);
    }
  });

  it('never modifies params and leaves no tensors behind', () => {
    const s = spec({ name: 'mnist-mlp', hidden: [16] });
    const task = loadComputeTask(s, loaded.tf);
    const params = initParams(s, Rng.root(1));
    const copy = params.slice();
    const out = new Float32Array(params.length);
    task.gradient(params, 'train', strided(8, 3), false, out);
    task.evaluate(params, 'validation');
    const before = loaded.tf.memory().numTensors;
    for (let k = 0; k < 5; k++) {
      task.gradient(params, 'validation', strided(32, 7, k), k % 2 === 0, out);
      task.evaluate(params, 'test');
    }
    assert.equal(loaded.tf.memory().numTensors, before);
    assert.deepEqual(params, copy);
  });

  it('rejects out-of-range indices, wrong lengths and empty batches', () => {
    const s = spec({ name: 'mnist-softmax' });
    const task = loadComputeTask(s, loaded.tf);
    const p = new Float32Array(task.info.dim);
    assert.throws(() => task.gradient(p, 'validation', Int32Array.of(0, 500), false, p.slice()), /index 500 .* split \(size 500\)/);
    assert.throws(() => task.gradient(p, 'train', Int32Array.of(-1), false, p.slice()), RangeError);
    assert.throws(() => task.gradient(p, 'train', new Int32Array(0), false, p.slice()), /empty/);
    assert.throws(() => task.gradient(p.subarray(1), 'train', Int32Array.of(0), false, p.slice()), /params has length/);
  });
});

describe('evaluate', () => {
  it('gives chance accuracy and ln 10 loss near init, deterministically (wasm)', async () => {
    const { tf } = await loadTf('wasm');
    const s = spec({ name: 'mnist-mlp' });
    const task = loadComputeTask(s, tf);
    const params = initParams(s, Rng.root(7));
    const a = task.evaluate(params, 'test');
    assert.ok(a.accuracy > 0.03 && a.accuracy < 0.25, `accuracy ${a.accuracy}`);
    assert.ok(Math.abs(a.loss - Math.log(10)) < 0.4, `loss ${a.loss}`);
    assert.deepEqual(task.evaluate(params, 'test'), a);
    // All-zero params: uniform softmax, loss exactly ln 10 up to float32.
    const z = task.evaluate(new Float32Array(task.info.dim), 'validation');
    assert.ok(Math.abs(z.loss - Math.log(10)) < 1e-5);
    // wasm keeps tensors in its own heap: check nothing leaks there either.
    const tensors = tf.memory().numTensors;
    task.gradient(params, 'train', strided(32, 1), true, new Float32Array(task.info.dim));
    task.evaluate(params, 'validation');
    assert.equal(tf.memory().numTensors, tensors);
  });
});
