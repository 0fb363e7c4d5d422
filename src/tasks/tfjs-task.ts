import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { BatchBuilder, type Batch } from './batch.js';
import { exampleLosses, meanLoss, paramTensors, type LossKind } from './model.js';
import type { ComputeTask, Evaluation, Split } from './task.js';
import type { TaskParts } from './task-parts.js';
import type { Tf } from './tf.js';

/** Rows per forward pass when evaluating a whole split: bounds tensor memory (1000 × 784 floats ≈ 3 MB). */
const EVAL_CHUNK = 1000;

/**
 * A model written in tfjs over the task's parameter blocks (in `paramLayout` order, shaped as the layout says):
 * returns the outputs [B, classes] (logits) or [B, 1] (regression) for inputs x [B, features].
 */
export type TfForward = (tf: Tf, weights: readonly Tensor[], x: Tensor2D) => Tensor2D;

/**
 * A task's compute in tfjs, bound to tfjs's currently active backend in the calling thread: `forward` over the
 * parameter blocks of `parts.layout`, on `parts.dataset`. Gradients come from tf.valueAndGrads over tensors built
 * from views of the flat params; every tensor is created inside tf.tidy, so nothing outlives a call. Results depend
 * only on the inputs and the backend. Losses: mean softmax cross-entropy for a dataset with classes; mean squared
 * error mean((ŷ − y)²), no ½, for regression. `flipLabels` maps a class y to C − 1 − y; a regression target is
 * negated (y → −y).
 */
export function tfjsTask(parts: TaskParts, tf: Tf, forward: TfForward): ComputeTask {
  const { info, dataset: ds, layout } = parts;
  const kind: LossKind = ds.classes > 0 ? 'softmax-ce' : 'squared-error';
  const width = ds.classes > 0 ? ds.classes : 1;
  const backend = tf.getBackend();
  const builder = new BatchBuilder(ds);

  // tfjs's backend is global per thread; if someone switched it after loading, results would silently
  // come from another backend (different bits), so refuse.
  const check = (params: Float32Array): void => {
    if (tf.getBackend() !== backend) throw new Error(`tfjs backend is '${tf.getBackend()}', but this task was loaded on '${backend}'`);
    if (params.length !== info.dim) throw new RangeError(`params has length ${params.length}, expected ${info.dim}`);
  };
  const tensors = (b: Batch) => [tf.tensor2d(b.x, [b.size, ds.features]), tf.tensor2d(b.target, [b.size, width])] as const;

  return {
    info,

    gradient(params, split, indices, flipLabels, out) {
      check(params);
      if (out.length !== info.dim) throw new RangeError(`out has length ${out.length}, expected ${info.dim}`);
      if (indices.length === 0) throw new RangeError('gradient: indices is empty (the mean loss of no examples is undefined)');
      const batch = builder.gather(ds.splits[split], indices, flipLabels);
      let loss = NaN;
      tf.tidy(() => {
        const [x, target] = tensors(batch);
        const f = (...w: Tensor[]) => meanLoss(tf, kind, w, x, target, forward);
        const { value, grads } = tf.valueAndGrads(f)(paramTensors(tf, layout, params));
        loss = value.dataSync()[0];
        grads.forEach((g, i) => out.set(g.dataSync() as Float32Array, layout[i].offset));
      });
      return loss;
    },

    loss(params, split, indices) {
      check(params);
      if (indices.length === 0) throw new RangeError('loss: indices is empty (the mean loss of no examples is undefined)');
      const batch = builder.gather(ds.splits[split], indices, false);
      return tf.tidy(() => {
        const [x, target] = tensors(batch);
        return meanLoss(tf, kind, paramTensors(tf, layout, params), x, target, forward).dataSync()[0];
      });
    },

    evaluate(params: Float32Array, split: Split): Evaluation {
      check(params);
      const rows = ds.splits[split];
      if (rows.length === 0) throw new RangeError(`evaluate: split '${split}' is empty`);
      // Sums run in float64, chunk by chunk in row order: the same result on every thread.
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < rows.length; start += EVAL_CHUNK) {
        const batch = builder.rowsBatch(rows.subarray(start, start + EVAL_CHUNK), false);
        tf.tidy(() => {
          const [x, target] = tensors(batch);
          const w = paramTensors(tf, layout, params);
          const output = forward(tf, w, x);
          for (const l of exampleLosses(tf, kind, output, target).dataSync()) lossSum += l;
          if (kind === 'softmax-ce') {
            const predicted = tf.argMax(output, 1).dataSync();
            for (let i = 0; i < batch.size; i++) if (batch.target[i * width + predicted[i]] === 1) correct++;
          }
        });
      }
      return { loss: lossSum / rows.length, accuracy: kind === 'softmax-ce' ? correct / rows.length : NaN };
    },
  };
}
