import type { Rank, Scalar, Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { ParamBlock } from './param-block.js';
import type { Tf } from './tf.js';

/** The loss a model is trained on. */
export type LossKind =
  /** Softmax cross-entropy of the logits against one-hot labels (classification). */
  | 'softmax-ce'
  /** Squared error (ŷ − y)² per example; its mean is the MSE (no ½ factor). */
  | 'squared-error';

/**
 * Tensors over the blocks of the flat parameter vector. Built from subarray views (no JS-side copy); the
 * backend copies what it needs, and the caller disposes them (tf.tidy).
 */
export function paramTensors(tf: Tf, layout: readonly ParamBlock[], params: Float32Array): Tensor[] {
  return layout.map((b) => tf.tensor(params.subarray(b.offset, b.offset + b.size), [...b.shape], 'float32'));
}

type CustomGrad = Parameters<Tf['customGrad']>[0];

/**
 * A dense layer h·W + b whose gradient avoids matMul's transpose flags: on the wasm backend
 * `matMul(a, b, true, false)` (tfjs's own gradient for W) is ~7× slower than transposing first (measured:
 * 6.2 ms vs 0.9 ms for 784×32·32×128), which made it most of an MLP gradient. Same math: dW = hᵀ·dy,
 * db = Σ_rows dy, dh = dy·Wᵀ. The data input (`inputGrad` false) is closed over, so no dh is computed for it.
 */
function dense(tf: Tf, h: Tensor2D, W: Tensor2D, b: Tensor, inputGrad: boolean): Tensor2D {
  const dW = (input: Tensor2D, dy: Tensor2D) => tf.matMul(tf.transpose(input), dy);
  const db = (dy: Tensor2D) => tf.sum(dy, 0);
  // Tensors a gradFunc reads must be `save`d: customGrad hands the forward function copies it disposes.
  if (!inputGrad) {
    const layer = (w: Tensor2D, bias: Tensor, save: (t: Tensor[]) => void) => {
      save([h]);
      return { value: tf.add(tf.matMul(h, w), bias), gradFunc: (dy: Tensor2D, [input]: Tensor2D[]) => [dW(input, dy), db(dy)] };
    };
    return tf.customGrad(layer as unknown as CustomGrad)(W, b) as Tensor2D;
  }
  const layer = (input: Tensor2D, w: Tensor2D, bias: Tensor, save: (t: Tensor[]) => void) => {
    save([input, w]);
    return {
      value: tf.add(tf.matMul(input, w), bias),
      gradFunc: (dy: Tensor2D, [x, weights]: Tensor2D[]) => [tf.matMul(dy, tf.transpose(weights)), dW(x, dy), db(dy)],
    };
  };
  return tf.customGrad(layer as unknown as CustomGrad)(h, W, b) as Tensor2D;
}

/**
 * Forward pass of mnist-cnn (src/tasks/mnist-cnn.ts) in tfjs: the cross-check of the engine's kernels. tfjs's wasm
 * backend has no gradient kernel for conv2d's filter (Conv2DBackpropFilter), so gradients need cpu or tensorflow.
 */
export function cnnForward(tf: Tf, weights: readonly Tensor[], x: Tensor2D): Tensor2D {
  const [k1, b1, k2, b2, w3, b3] = weights;
  const image = tf.reshape(x, [x.shape[0], 28, 28, 1]) as Tensor<Rank.R4>;
  const c1 = tf.maxPool(tf.relu(tf.add(tf.conv2d(image, k1 as Tensor<Rank.R4>, 1, 'valid'), b1)) as Tensor<Rank.R4>, 2, 2, 'valid');
  const c2 = tf.maxPool(tf.relu(tf.add(tf.conv2d(c1, k2 as Tensor<Rank.R4>, 1, 'valid'), b2)) as Tensor<Rank.R4>, 2, 2, 'valid');
  return tf.add(tf.matMul(tf.reshape(c2, [x.shape[0], -1]) as Tensor2D, w3 as Tensor2D), b3) as Tensor2D;
}

/** Forward pass of the dense stack: x·W0 + b0 → ReLU → ... → x·WL + bL (no activation on the last layer). */
export function forward(tf: Tf, weights: readonly Tensor[], x: Tensor2D): Tensor2D {
  let h = x;
  const layers = weights.length / 2;
  for (let l = 0; l < layers; l++) {
    h = dense(tf, h, weights[2 * l] as Tensor2D, weights[2 * l + 1], l > 0);
    if (l + 1 < layers) h = tf.relu(h);
  }
  return h;
}

/** Loss of each example: `target` is one-hot [B, C] for softmax-ce, [B, 1] for squared-error. */
export function exampleLosses(tf: Tf, kind: LossKind, output: Tensor2D, target: Tensor2D): Tensor1D {
  if (kind === 'softmax-ce') {
    return tf.losses.softmaxCrossEntropy(target, output, undefined, 0, tf.Reduction.NONE) as Tensor1D;
  }
  return tf.reshape(tf.squaredDifference(output, target), [-1]) as Tensor1D;
}

/** Mean loss over the batch: the quantity whose gradient a job returns. */
export function meanLoss(tf: Tf, kind: LossKind, weights: readonly Tensor[], x: Tensor2D, target: Tensor2D, net: typeof forward = forward): Scalar {
  return tf.mean(exampleLosses(tf, kind, net(tf, weights, x), target));
}
