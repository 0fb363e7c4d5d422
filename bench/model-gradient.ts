/**
 * Milliseconds per MLP gradient (MNIST 784-128-10, batch 32): the engine vs tfjs wasm vs numpy (one BLAS thread,
 * if python3 with numpy is installed), on the same batches and parameters, plus the CNN on the engine.
 * Not part of `npm test`. Run: npx tsx bench/model-gradient.ts [reps]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { loadTf } from '../src/compute/backend.js';
import { engine } from '../src/engine/engine.js';
import { Rng } from '../src/core/rng.js';
import { loadComputeTask } from '../src/tasks/compute-task.js';
import { loadEngineTask } from '../src/tasks/engine/engine-task.js';
import { initParams } from '../src/tasks/init.js';
import { loadMnist } from '../src/tasks/mnist.js';
import type { ComputeTask, TaskSpec } from '../src/tasks/task.js';

const reps = Number(process.argv[2] ?? 300);
const base = { hidden: [128], validationSize: 500, testSize: 2000, dataSeed: 1, features: 10, samples: 4000, noise: 0.1 };
const mlp: TaskSpec = { name: 'mnist-mlp', ...base };
const stream = Rng.root(1).stream(0);
const trainSize = loadMnist(mlp).splits.train.length;
const batches = Array.from({ length: reps }, () => Int32Array.from({ length: 32 }, () => stream.int(0, trainSize - 1)));

/** Median over 5 rounds of the mean ms per gradient over all batches. */
function time(task: ComputeTask, params: Float32Array, rounds = 5, out: Float32Array = new Float32Array(params.length)): number {
  for (const b of batches.slice(0, 20)) task.gradient(params, 'train', b, false, out);
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const b of batches) task.gradient(params, 'train', b, false, out);
    ms.push((performance.now() - t) / batches.length);
  }
  return ms.sort((a, b) => a - b)[rounds >> 1];
}

const params = initParams(mlp, Rng.root(1));
console.log(`# ms per gradient, MNIST MLP 784-128-10, batch 32 (${reps} batches, median of 5 rounds)`);
// As in an inline simulation: params and gradient slot in engine memory, read and written in place.
const inEngine = engine().float32(params.length);
inEngine.set(params);
console.log(`engine       ${time(loadEngineTask(mlp), inEngine, 5, engine().float32(params.length)).toFixed(3)}   (params and gradient in engine memory, as inline)`);
console.log(`engine       ${time(loadEngineTask(mlp), params).toFixed(3)}   (params copied in, gradient copied out, as in a pool thread)`);
const { tf } = await loadTf('wasm');
console.log(`tfjs wasm    ${time(loadComputeTask(mlp, tf), params, 3).toFixed(3)}`);
console.log(`numpy        ${numpy()}`);
const cnn: TaskSpec = { ...mlp, name: 'mnist-cnn' };
console.log(`# mnist-cnn on the engine, batch 32: ${time(loadEngineTask(cnn), initParams(cnn, Rng.root(1)), 3).toFixed(3)} ms`);

/** numpy's time on the same batches and params (bench/model_gradient.py), or why it could not run. */
function numpy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-bench-'));
  try {
    const ds = loadMnist(mlp);
    const x = new Float32Array(reps * 32 * 784);
    const y = new Int32Array(reps * 32);
    batches.forEach((b, k) => b.forEach((i, j) => {
      const r = ds.splits.train[i];
      x.set(ds.x.subarray(r * 784, r * 784 + 784), (k * 32 + j) * 784);
      y[k * 32 + j] = ds.y[r];
    }));
    writeFileSync(join(dir, 'x.f32'), x);
    writeFileSync(join(dir, 'y.i32'), y);
    writeFileSync(join(dir, 'params.f32'), params);
    const script = fileURLToPath(new URL('./model_gradient.py', import.meta.url));
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    return execFileSync('python3', [script, dir, String(reps)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    return `skipped (python3 with numpy not available: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
