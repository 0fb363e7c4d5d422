/**
 * A task defined by a tfjs model: a tanh MLP, which the engine does not have, trained under Zeno++ with byzsim's
 * simulation. The model is a tfjs forward function over the parameter layout of a built-in task (here mnist-mlp
 * with one hidden layer of 64: W0 [784, 64], b0 [64], W1 [64, 10], b1 [10]); the task's data, splits,
 * initialization and loss come with it. tfjs computes the gradients; the run is deterministic within that tfjs
 * backend, recorded in the summary. Run: npx tsx examples/tfjs-model.ts [steps]
 */
import { resolveConfig, simulate, taskCompute, taskSpecOf } from 'byzsim';
import { loadComputeTask, loadTf, type TfForward } from 'byzsim/tfjs';

const steps = Number(process.argv[2] ?? 600);
const config = resolveConfig({
  task: { name: 'mnist-mlp', hidden: [64] },
  workers: 10,
  byzantine: { count: 4, attack: { name: 'sign-flip', scale: 10 } },
  policy: { name: 'zeno++' },
  timing: { model: 'bounded', maxDelay: 4 },
  steps,
  evalEvery: steps,
  seed: 1,
});

const tanhMlp: TfForward = (tf, [W0, b0, W1, b1], x) => tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W0), b0)), W1), b1);

const { tf, backend } = await loadTf('wasm');
const task = loadComputeTask(taskSpecOf(config), tf, tanhMlp);
const { summary: s } = await simulate(config, { compute: taskCompute(task, backend) });
console.log(`tanh MLP on tfjs ${s.backend}: accuracy ${(100 * s.final.testAccuracy).toFixed(1)}% after ${s.arrivals.total} arrivals, ${s.arrivals.rejected} rejected`);
