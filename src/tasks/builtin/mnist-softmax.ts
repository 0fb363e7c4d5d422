import { z } from 'zod';
import { denseLayout } from '../dense-layout.js';
import { engineTask } from '../engine/engine-compute.js';
import { mlpModel } from '../engine/mlp-model.js';
import { forward } from '../model.js';
import { loadMnist } from '../mnist.js';
import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIZE } from '../mnist-shape.js';
import { defineTask } from '../task-entry.js';
import { taskParts } from '../task-parts.js';
import type { Tf } from '../tf.js';
import { tfjsTask } from '../tfjs-task.js';

const widths = [MNIST_PIXELS, MNIST_CLASSES];

/** mnist-softmax: softmax regression 784 → 10 on MNIST (the dense network without a hidden layer). */
export const mnistSoftmax = defineTask({
  params: z.strictObject({}),
  summary: 'MNIST (10,000 digits of the mnist package), softmax regression 784 → 10, cross-entropy; 7,850 params',
  size: () => MNIST_SIZE,
  classes: () => MNIST_CLASSES,
  layout: () => denseLayout(widths),
  dataset: loadMnist,
  compute: {
    engine: (spec) => engineTask(taskParts(loadMnist(spec), denseLayout(widths)), (data) => mlpModel(data, widths)),
    tfjs: (spec, tf: Tf) => tfjsTask(taskParts(loadMnist(spec), denseLayout(widths)), tf, forward),
  },
});
