import { engine } from '../../engine/engine.js';
import { cnnLayout } from '../mnist-cnn.js';
import type { EngineData } from './engine-data.js';
import type { EngineModel } from './engine-model.js';

/**
 * mnist-cnn in the engine (assembly/models/cnn.ts): a header (dataset, scratch) and one example's scratch buffers,
 * allocated once; batches of any size run example by example, so nothing grows.
 */
export function cnnModel(data: EngineData): EngineModel {
  const e = engine();
  const expected = cnnLayout().reduce((n, b) => n + b.size, 0);
  if (e.k.cnnParamCount() !== expected) throw new Error(`engine mnist-cnn has ${e.k.cnnParamCount()} parameters, the layout ${expected}: rebuild the engine`);
  const headerPtr = e.alloc(8);
  const header = new Int32Array(e.memory.buffer, headerPtr, 2);
  header[0] = data.header;
  header[1] = e.alloc(e.k.cnnScratchFloats() * 4);
  return {
    reserve: () => {},
    gradient: (params, grad, split, indices, n, flip) => e.k.cnnGradient(headerPtr, params, grad, split, indices, n, flip ? 1 : 0),
    loss: (params, split, indices, n) => e.k.cnnLoss(headerPtr, params, split, indices, n),
    evaluate: (params, split, n, out) => e.k.cnnEvaluate(headerPtr, params, split, n, out),
  };
}
