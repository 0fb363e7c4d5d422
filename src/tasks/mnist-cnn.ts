import type { ParamBlock } from './param-block.js';

/**
 * mnist-cnn, a LeNet-style convolutional network on 28×28 MNIST digits (channels last, 'valid' convolutions, stride 1):
 *
 *   28×28×1 → conv 5×5 × 8 → ReLU → max-pool 2×2 → 12×12×8 → conv 5×5 × 16 → ReLU → max-pool 2×2 → 4×4×16
 *   → flatten (row, column, channel) → dense 256 → 10 → softmax cross-entropy.
 *
 * 5,994 parameters, in this order in the flat vector: W0 = conv-1 filters [5, 5, 1, 8] (kernel row, kernel column,
 * input channel, output channel; row-major, tf.conv2d's filter layout), b0 [8], W1 = conv-2 filters [5, 5, 8, 16],
 * b1 [16], W2 = dense [256, 10], b2 [10]. Sized to train in seconds on one core (a batch of 32 costs ~25 M
 * multiply-adds forward and backward) while being a real convolutional model, as the Zeno papers train.
 * Its kernels are assembly/models/cnn.ts; tfjs (cpu or tensorflow backend) runs the same model for the cross-check.
 */
export const CNN = { side: 28, kernel: 5, channels: [8, 16], classes: 10 } as const;

/** The flat parameter layout of mnist-cnn. */
export function cnnLayout(): ParamBlock[] {
  const { kernel: k, channels, side, classes } = CNN;
  const flat = ((((side - k + 1) >> 1) - k + 1) >> 1) ** 2 * channels[1];
  const shapes: (readonly number[])[] = [[k, k, 1, channels[0]], [channels[0]], [k, k, channels[0], channels[1]], [channels[1]], [flat, classes], [classes]];
  const blocks: ParamBlock[] = [];
  let offset = 0;
  shapes.forEach((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    blocks.push({ name: `${i % 2 === 0 ? 'W' : 'b'}${i >> 1}`, shape, offset, size });
    offset += size;
  });
  return blocks;
}
