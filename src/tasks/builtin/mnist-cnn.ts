import { z } from 'zod';
import { cnnModel } from '../engine/cnn-model.js';
import { engineTask } from '../engine/engine-compute.js';
import { cnnForward } from '../model.js';
import { cnnLayout } from '../mnist-cnn.js';
import { loadMnist } from '../mnist.js';
import { MNIST_CLASSES, MNIST_SIZE } from '../mnist-shape.js';
import { defineTask } from '../task-entry.js';
import { taskParts } from '../task-parts.js';
import type { Tf } from '../tf.js';
import { tfjsTask } from '../tfjs-task.js';

/** mnist-cnn: the LeNet-style network of src/tasks/mnist-cnn.ts on MNIST (tfjs: cpu or tensorflow, see cnnForward). */
export const mnistCnn = defineTask({
  params: z.strictObject({}),
  summary: 'MNIST, LeNet-style CNN: conv 5×5×8 → max-pool 2 → conv 5×5×16 → max-pool 2 → dense 256 → 10 (ReLU), cross-entropy; 5,994 params',
  size: () => MNIST_SIZE,
  classes: () => MNIST_CLASSES,
  layout: cnnLayout,
  dataset: loadMnist,
  compute: {
    engine: (spec) => engineTask(taskParts(loadMnist(spec), cnnLayout()), cnnModel),
    tfjs: (spec, tf: Tf) => tfjsTask(taskParts(loadMnist(spec), cnnLayout()), tf, cnnForward),
  },
});
