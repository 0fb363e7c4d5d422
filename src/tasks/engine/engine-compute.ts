import { engine } from '../../engine/engine.js';
import type { ComputeTask, Evaluation, Split } from '../task.js';
import type { TaskParts } from '../task-parts.js';
import { engineData, type EngineData } from './engine-data.js';
import type { EngineModel } from './engine-model.js';

/**
 * A task's compute on the engine (WebAssembly SIMD kernels, assembly/models/), with the kernels `model` binds: the dataset
 * goes into this thread's engine memory once, and every gradient, loss and evaluation runs in wasm with buffers
 * allocated at load time. Params are read in place when they live in this thread's engine memory (inline compute:
 * the simulation's model versions do), else copied into a staging buffer first (pool threads: they live in the main
 * thread's engine); the gradient is written straight into `out` when it lives in engine memory, else copied out.
 * Either way the same kernel runs on the same bits, so inline and pool results are identical.
 * Losses as in the tfjs tasks: mean softmax cross-entropy (MNIST), mean squared error without ½ (linreg).
 */
export function engineTask(parts: TaskParts, kernels: (data: EngineData) => EngineModel): ComputeTask {
  const { info, dataset: ds } = parts;
  const data = engineData(ds);
  const model = kernels(data);
  const e = engine();
  const paramStage = e.float32(info.dim);
  const gradStage = e.float32(info.dim);
  /** An Int32Array in engine memory (allocated first: the allocation may grow the memory the view must cover). */
  const int32 = (n: number): Int32Array => {
    const ptr = e.alloc(n * 4);
    return new Int32Array(e.memory.buffer, ptr, n);
  };
  let positions = int32(256);

  const paramsPtr = (params: Float32Array): number => {
    if (params.length !== info.dim) throw new RangeError(`params has length ${params.length}, expected ${info.dim}`);
    const p = e.ptrOf(params);
    if (p >= 0) return p;
    paramStage.set(params);
    return paramStage.byteOffset;
  };
  /** Copies the batch positions into engine memory, refusing any outside the split. */
  const batch = (split: Split, indices: Int32Array, what: string): number => {
    const n = indices.length;
    if (n === 0) throw new RangeError(`${what}: indices is empty (the mean loss of no examples is undefined)`);
    const size = ds.splits[split].length;
    if (positions.length < n) {
      e.free(positions.byteOffset, positions.byteLength);
      positions = int32(n);
    }
    for (let i = 0; i < n; i++) {
      const k = indices[i];
      if (!(k >= 0 && k < size)) throw new RangeError(`batch index ${k} at position ${i} is outside the split (size ${size})`);
      positions[i] = k;
    }
    model.reserve(n);
    return positions.byteOffset;
  };

  return {
    info,

    gradient(params, split, indices, flipLabels, out) {
      const pp = paramsPtr(params);
      if (out.length !== info.dim) throw new RangeError(`out has length ${out.length}, expected ${info.dim}`);
      const pi = batch(split, indices, 'gradient');
      const po = e.ptrOf(out);
      const loss = model.gradient(pp, po >= 0 ? po : gradStage.byteOffset, data.splits[split], pi, indices.length, flipLabels);
      if (po < 0) out.set(gradStage);
      return loss;
    },

    loss(params, split, indices) {
      const pp = paramsPtr(params);
      return model.loss(pp, data.splits[split], batch(split, indices, 'loss'), indices.length);
    },

    evaluate(params: Float32Array, split: Split): Evaluation {
      const pp = paramsPtr(params);
      const n = ds.splits[split].length;
      if (n === 0) throw new RangeError(`evaluate: split '${split}' is empty`);
      model.evaluate(pp, data.splits[split], n, e.resultsPtr);
      const [lossSum, correct] = e.resultsF64();
      return { loss: lossSum / n, accuracy: info.classes > 0 ? correct / n : NaN };
    },
  };
}
