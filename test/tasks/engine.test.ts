import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { loadTf, type LoadedTf } from '../../src/compute/backend.js';
import { engine } from '../../src/engine/engine.js';
import { loadComputeTask } from '../../src/tasks/compute-task.js';
import { loadEngineTask } from '../../src/tasks/engine/engine-task.js';
import { initParams } from '../../src/tasks/init.js';
import { paramLayout } from '../../src/tasks/layout.js';
import { loadMnist } from '../../src/tasks/mnist.js';
import type { ComputeTask, TaskSpec } from '../../src/tasks/task.js';
import { hashOf, spec, strided, type AnyTaskSpec } from './fixtures.js';

/** ‖a − b‖ / ‖b‖ in float64. */
function relativeError(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Params to test at: the task's init with biases drawn from U(−0.1, 0.1) (zero biases put every blank region of a
 * digit exactly on a ReLU kink in the CNN, where finite differences mean nothing), or for linreg (which starts at
 * zero) a fixed non-trivial point.
 */
function paramsOf(s: TaskSpec, seed: number): Float32Array {
  const p = initParams(s, Rng.root(seed));
  if (s.name === 'linreg') for (let i = 0; i < p.length; i++) p[i] = Math.sin(i + seed);
  const r = Rng.root(seed).fork('test-bias').stream(0);
  for (const b of paramLayout(s)) if (b.shape.length === 1) for (let i = 0; i < b.size; i++) p[b.offset + i] = 0.2 * r.float() - 0.1;
  return p;
}

/** Central finite difference of the task's loss along coordinate i (divided by the float32 step actually taken). */
function finiteDifference(task: ComputeTask, params: Float32Array, idx: Int32Array, i: number, h: number): number {
  const p = params.slice();
  p[i] = params[i] + h;
  const up = p[i];
  const lUp = task.loss(p, 'train', idx);
  p[i] = params[i] - h;
  const down = p[i];
  const lDown = task.loss(p, 'train', idx);
  return (lUp - lDown) / (up - down);
}

const dense = [spec({ name: 'mnist-softmax' }), spec({ name: 'mnist-mlp' }), spec({ name: 'mnist-mlp', hidden: [24, 12] }), spec({ name: 'linreg' })];
const label = (s: AnyTaskSpec) => (s.name === 'mnist-mlp' ? `mnist-mlp [${s.hidden.join(', ')}]` : s.name);

describe('engine tasks against tfjs (real MNIST batches)', () => {
  let wasm: LoadedTf;
  before(async () => {
    wasm = await loadTf('wasm');
  });

  for (const s of dense) {
    it(`${label(s)}: gradient, loss and evaluation agree with tfjs wasm to float32 rounding`, () => {
      const ours = loadEngineTask(s);
      const theirs = loadComputeTask(s, wasm.tf);
      for (const [seed, flip] of [[1, false], [2, true]] as const) {
        const params = paramsOf(s, seed);
        const idx = strided(32, 71, seed);
        const g = new Float32Array(params.length);
        const t = new Float32Array(params.length);
        const loss = ours.gradient(params, 'train', idx, flip, g);
        const tfLoss = theirs.gradient(params, 'train', idx, flip, t);
        assert.ok(relativeError(g, t) < 2e-6, `relative gradient error ${relativeError(g, t)}`);
        assert.ok(Math.abs(loss - tfLoss) <= 1e-6 * Math.abs(tfLoss), `loss ${loss} vs ${tfLoss}`);
        assert.ok(Math.abs(ours.loss(params, 'validation', idx.map((i) => i % 500)) - theirs.loss(params, 'validation', idx.map((i) => i % 500))) < 1e-5);
      }
      const params = paramsOf(s, 3);
      const a = ours.evaluate(params, 'validation');
      const b = theirs.evaluate(params, 'validation');
      assert.ok(Math.abs(a.loss - b.loss) <= 1e-6 * Math.abs(b.loss), `evaluation loss ${a.loss} vs ${b.loss}`);
      if (s.name === 'linreg') assert.ok(Number.isNaN(a.accuracy));
      else assert.ok(Math.abs(a.accuracy - b.accuracy) <= 2 / 500, `accuracy ${a.accuracy} vs ${b.accuracy}`);
    });
  }

  it('mnist-cnn: gradient and loss agree with tfjs cpu (tfjs wasm cannot differentiate conv2d)', async function () {
    this.timeout(120_000);
    const s = spec({ name: 'mnist-cnn' });
    const cpu = await loadTf('cpu');
    const ours = loadEngineTask(s);
    const theirs = loadComputeTask(s, cpu.tf);
    const params = paramsOf(s, 1);
    const idx = strided(3, 1001, 5); // tfjs cpu's convolution gradients take ~0.4 s per example
    const g = new Float32Array(params.length);
    const t = new Float32Array(params.length);
    const loss = ours.gradient(params, 'train', idx, true, g);
    const tfLoss = theirs.gradient(params, 'train', idx, true, t);
    assert.ok(relativeError(g, t) < 2e-6, `relative gradient error ${relativeError(g, t)}`);
    assert.ok(Math.abs(loss - tfLoss) <= 1e-6 * tfLoss, `loss ${loss} vs ${tfLoss}`);
  });
});

describe('engine tasks against finite differences', () => {
  // Float32 logits make the loss (~2.3) good to ~2e-7; a step h = 1e-3 gives a quotient good to ~2e-4 plus
  // h²·L'''/6. A step can cross a ReLU kink (or switch a max-pool winner), where the quotient averages two slopes:
  // such coordinates are recognised by quotients that change with h (1e-3, 5e-4, 2.5e-4) and skipped.
  // The others, among the largest entries of every parameter block: |fd(5e-4) − g| ≤ 3e-4 + 1e-2·|g|.
  for (const s of [...dense, spec({ name: 'mnist-cnn' })]) {
    it(`${label(s)}: matches central finite differences in every parameter block`, () => {
      const task = loadEngineTask(s);
      const params = paramsOf(s, 4);
      // The CNN's conv-1 bias moves 576 pre-activations per example, so over 16 examples a step of 1e-3 crosses
      // dozens of kinks and the quotient is a smoothed slope; 2 examples keep the crossings few enough to detect.
      const idx = strided(s.name === 'mnist-cnn' ? 2 : 16, 151, 3);
      const g = new Float32Array(params.length);
      task.gradient(params, 'train', idx, false, g);
      let checked = 0;
      for (const b of paramLayout(s)) {
        // The largest few gradient entries of the block (zero entries would check nothing).
        const order = Array.from({ length: b.size }, (_, i) => b.offset + i).sort((i, j) => Math.abs(g[j]) - Math.abs(g[i]));
        for (const i of order.slice(0, 4)) {
          const q = [1e-3, 5e-4, 2.5e-4].map((h) => finiteDifference(task, params, idx, i, h));
          const fd = q[1];
          if (Math.max(...q) - Math.min(...q) > 4e-4 + 3e-3 * Math.abs(fd)) continue; // a kink within the steps
          assert.ok(Math.abs(fd - g[i]) <= 3e-4 + 1e-2 * Math.abs(g[i]), `${b.name}[${i - b.offset}]: engine ${g[i]} vs finite difference ${fd}`);
          if (g[i] !== 0) checked++;
        }
      }
      assert.ok(checked >= 2 * paramLayout(s).length, `only ${checked} non-zero entries checked`);
    });
  }
});

describe('engine tasks', () => {
  it('give the same bits whether params and gradient live in engine memory or not', () => {
    for (const s of [spec({ name: 'mnist-mlp', hidden: [16] }), spec({ name: 'mnist-cnn' })]) {
      const task = loadEngineTask(s);
      const plain = paramsOf(s, 5);
      const inEngine = engine().float32(plain.length);
      inEngine.set(plain);
      const idx = strided(8, 17);
      const a = new Float32Array(plain.length);
      const b = engine().float32(plain.length);
      const la = task.gradient(plain, 'train', idx, false, a);
      const lb = task.gradient(inEngine, 'train', idx, false, b);
      assert.equal(la, lb);
      assert.equal(hashOf(a), hashOf(b));
      assert.deepEqual(task.evaluate(plain, 'validation'), task.evaluate(inEngine, 'validation'));
      assert.deepEqual(inEngine, plain, 'params must not be modified');
      engine().release(inEngine);
      engine().release(b);
    }
  });

  it('flipLabels maps y to 9 − y (softmax bias gradient shifts by mean(onehot(y) − onehot(9 − y)))', () => {
    const s = spec({ name: 'mnist-softmax' });
    const task = loadEngineTask(s);
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
    for (let c = 0; c < 10; c++) assert.ok(Math.abs(flipped[b.offset + c] - plain[b.offset + c] - expected[c]) < 1e-6);
  });

  it('evaluates the same whatever batch sizes came before (chunked sums run in row order)', () => {
    const s = spec({ name: 'mnist-mlp', hidden: [8] });
    const params = paramsOf(s, 6);
    const fresh = loadEngineTask(s).evaluate(params, 'test');
    const grown = loadEngineTask(s);
    grown.gradient(params, 'train', strided(1500, 3), false, new Float32Array(params.length)); // grows its buffers
    assert.deepEqual(grown.evaluate(params, 'test'), fresh);
  });

  it('backpropagates through hidden layers with the same bits vectorized or not (widths not multiples of 4)', () => {
    // With buffers of 256 rows, a batch of 256 leaves no room for Wᵀ and dWᵀ at the layer whose input is the widest
    // hidden layer, which then takes the scalar loops; buffers grown to 600 rows first have the room, and every layer
    // takes the vectorized path (assembly/models/mlp.ts, hiddenBackward).
    for (const hidden of [[30, 7], [11], [13, 4, 9]]) {
      const s = spec({ name: 'mnist-mlp', hidden });
      const params = paramsOf(s, 8);
      const idx = strided(256, 5);
      const scalar = loadEngineTask(s);
      const vectorized = loadEngineTask(s);
      vectorized.gradient(params, 'train', strided(600, 2), false, new Float32Array(params.length)); // grows its buffers
      const a = new Float32Array(params.length);
      const b = new Float32Array(params.length);
      assert.equal(scalar.gradient(params, 'train', idx, true, a), vectorized.gradient(params, 'train', idx, true, b));
      assert.equal(hashOf(a), hashOf(b), `hidden ${hidden.join('-')}`);
      assert.ok(a.some((x, i) => x !== 0 && i > 784 * hidden[0] + hidden[0]), 'the hidden layers get a gradient');
    }
  });

  it('gives chance accuracy and ln 10 loss at zero params', () => {
    for (const s of [spec({ name: 'mnist-mlp' }), spec({ name: 'mnist-cnn' })]) {
      const task = loadEngineTask(s);
      const z = task.evaluate(new Float32Array(task.info.dim), 'validation');
      assert.ok(Math.abs(z.loss - Math.log(10)) < 1e-6, `${s.name}: loss ${z.loss}`);
    }
  });

  it('rejects out-of-range indices, wrong lengths and empty batches', () => {
    const task = loadEngineTask(spec({ name: 'mnist-softmax' }));
    const p = new Float32Array(task.info.dim);
    assert.throws(() => task.gradient(p, 'validation', Int32Array.of(0, 500), false, p.slice()), /index 500 at position 1 is outside the split \(size 500\)/);
    assert.throws(() => task.gradient(p, 'train', Int32Array.of(-1), false, p.slice()), RangeError);
    assert.throws(() => task.loss(p, 'train', new Int32Array(0)), /empty/);
    assert.throws(() => task.gradient(p.subarray(1), 'train', Int32Array.of(0), false, p.slice()), /params has length/);
    assert.throws(() => task.gradient(p, 'train', Int32Array.of(0), false, p.subarray(1)), /out has length/);
  });

  it('mnist-cnn learns: 120 SGD steps of 16 examples reach > 70% validation accuracy', function () {
    this.timeout(60_000);
    const s = spec({ name: 'mnist-cnn' });
    const task = loadEngineTask(s);
    const params = initParams(s, Rng.root(1));
    const g = new Float32Array(params.length);
    const stream = Rng.root(2).stream(0);
    const before = task.evaluate(params, 'validation');
    for (let step = 0; step < 120; step++) {
      const idx = Int32Array.from({ length: 16 }, () => Math.floor(stream.float() * task.info.trainSize));
      task.gradient(params, 'train', idx, false, g);
      for (let i = 0; i < params.length; i++) params[i] -= 0.1 * g[i];
    }
    const after = task.evaluate(params, 'validation');
    assert.ok(before.accuracy < 0.3, `accuracy at init ${before.accuracy}`);
    assert.ok(after.accuracy > 0.7, `accuracy after training ${after.accuracy}`);
  });
});
