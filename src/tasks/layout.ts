import { cnnLayout } from './mnist-cnn.js';
import type { ParamBlock } from './param-block.js';
import type { TaskSpec } from './task.js';

/** Pixels per MNIST image (28 × 28). */
export const MNIST_PIXELS = 784;
/** Number of MNIST classes (digits 0–9). */
export const MNIST_CLASSES = 10;

export type { ParamBlock } from './param-block.js';

/**
 * Widths of the dense model's layers, input first: `[784, ...hidden, 10]` for the MLP, `[784, 10]` for softmax
 * regression, `[features, 1]` for linear regression. mnist-cnn is not a dense stack (see cnnLayout).
 */
export function layerWidths(spec: TaskSpec): number[] {
  switch (spec.name) {
    case 'mnist-cnn':
      throw new TypeError('layerWidths: mnist-cnn is not a dense network (see src/tasks/mnist-cnn.ts)');
    case 'mnist-mlp':
      return [MNIST_PIXELS, ...spec.hidden, MNIST_CLASSES];
    case 'mnist-softmax':
      return [MNIST_PIXELS, MNIST_CLASSES];
    case 'linreg':
      return [spec.features, 1];
  }
}

/**
 * Where each tensor lives in the flat parameter vector: for each layer its weight matrix W (in × out,
 * row-major) then its bias b (out). One contiguous Float32Array keeps models cheap to snapshot, hash,
 * aggregate and share between threads.
 */
export function paramLayout(spec: TaskSpec): ParamBlock[] {
  if (spec.name === 'mnist-cnn') return cnnLayout();
  const widths = layerWidths(spec);
  const blocks: ParamBlock[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [inW, outW] = [widths[l], widths[l + 1]];
    blocks.push({ name: `W${l}`, shape: [inW, outW], offset, size: inW * outW });
    offset += inW * outW;
    blocks.push({ name: `b${l}`, shape: [outW], offset, size: outW });
    offset += outW;
  }
  return blocks;
}

/** Length of the flat parameter vector. */
export function paramCount(spec: TaskSpec): number {
  if (spec.name === 'mnist-cnn') return cnnLayout().reduce((n, b) => n + b.size, 0);
  const widths = layerWidths(spec);
  let n = 0;
  for (let l = 0; l + 1 < widths.length; l++) n += (widths[l] + 1) * widths[l + 1];
  return n;
}
