import { engine } from '../../engine/engine.js';
import type { EngineData } from './engine-data.js';
import type { EngineModel } from './engine-model.js';

/** Rows the activation buffers hold at first; evaluation runs in chunks of this many rows (any size gives the same bits). */
const INITIAL_ROWS = 256;

/**
 * The dense ReLU network with layer widths `widths` (input first) in the engine (assembly/models/mlp.ts): serves
 * mnist-softmax ([784, 10]), mnist-mlp ([784, …hidden, 10]) and linreg ([features, 1]). Owns a header the kernels
 * read and its activation and δ buffers, allocated once and grown only when a larger batch arrives.
 */
export function mlpModel(data: EngineData, widths: readonly number[]): EngineModel {
  const e = engine();
  const layers = widths.length - 1;
  const maxWidth = Math.max(...widths.slice(1));
  // Header: data, layers, cap, δA, δB, colStart, colB, colV, widths[0..L], act[0..L−1] (assembly/models/mlp.ts).
  const W = 8;
  const words = W + (layers + 1) + layers;
  const headerPtr = e.alloc(words * 4);
  const header = new Int32Array(e.memory.buffer, headerPtr, words);
  header[0] = data.header;
  header[1] = layers;
  header.set(widths, W);
  header[5] = e.alloc((widths[0] + 1) * 4); // colStart: sized by the input width only, never grows
  let buffers: Array<[number, number]> = [];
  let cap = 0;

  const reserve = (n: number): void => {
    if (n <= cap) return;
    for (const [p, bytes] of buffers) e.free(p, bytes);
    cap = Math.max(n, INITIAL_ROWS, 2 * cap);
    const take = (floats: number): number => {
      const bytes = floats * 4;
      const p = e.alloc(bytes);
      buffers.push([p, bytes]);
      return p;
    };
    buffers = [];
    header[2] = cap;
    header[3] = take(cap * maxWidth);
    header[4] = take(cap * maxWidth);
    header[6] = take(cap * widths[0]);
    header[7] = take(cap * widths[0]);
    for (let l = 0; l < layers; l++) header[W + layers + 1 + l] = take(cap * widths[l + 1]);
  };
  reserve(INITIAL_ROWS);

  return {
    reserve,
    gradient: (params, grad, split, indices, n, flip) => e.k.mlpGradient(headerPtr, params, grad, split, indices, n, flip ? 1 : 0),
    loss: (params, split, indices, n) => e.k.mlpLoss(headerPtr, params, split, indices, n),
    evaluate: (params, split, n, out) => e.k.mlpEvaluate(headerPtr, params, split, n, out),
  };
}
