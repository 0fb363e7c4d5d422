import { z } from 'zod';
import { denseLayout } from '../dense-layout.js';
import { engineTask } from '../engine/engine-compute.js';
import { mlpModel } from '../engine/mlp-model.js';
import { forward } from '../model.js';
import { loadMnist } from '../mnist.js';
import { MNIST_CLASSES, MNIST_PIXELS, MNIST_SIZE } from '../mnist-shape.js';
import { defineTask, type TaskSpecOf } from '../task-entry.js';
import { taskParts } from '../task-parts.js';
import type { Tf } from '../tf.js';
import { tfjsTask } from '../tfjs-task.js';

const params = z.strictObject({
  /** Hidden layer widths. @default [128] */
  hidden: z.array(z.int().positive()).min(1).default([128]),
});

const widths = (spec: TaskSpecOf<typeof params>) => [MNIST_PIXELS, ...spec.hidden, MNIST_CLASSES];

/** mnist-mlp: a dense ReLU network 784 → hidden… → 10 on MNIST, softmax cross-entropy. */
export const mnistMlp = defineTask({
  params,
  summary: 'MNIST (10,000 digits of the mnist package), dense ReLU MLP 784 → hidden… → 10, softmax cross-entropy; [128] hidden: 101,770 params',
  size: () => MNIST_SIZE,
  classes: () => MNIST_CLASSES,
  layout: (spec) => denseLayout(widths(spec)),
  dataset: loadMnist,
  compute: {
    engine: (spec) => engineTask(taskParts(loadMnist(spec), denseLayout(widths(spec))), (data) => mlpModel(data, widths(spec))),
    tfjs: (spec, tf: Tf) => tfjsTask(taskParts(loadMnist(spec), denseLayout(widths(spec))), tf, forward),
  },
});
