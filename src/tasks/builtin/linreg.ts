import { denseLayout } from '../dense-layout.js';
import { engineTask } from '../engine/engine-compute.js';
import { mlpModel } from '../engine/mlp-model.js';
import { linregParams, loadLinreg } from '../linreg.js';
import { forward } from '../model.js';
import { defineTask, type TaskSpecOf } from '../task-entry.js';
import { taskParts } from '../task-parts.js';
import type { Tf } from '../tf.js';
import { tfjsTask } from '../tfjs-task.js';

const widths = (spec: TaskSpecOf<typeof linregParams>) => [spec.features, 1];

/** linreg: synthetic linear regression (src/tasks/linreg.ts), the dense network [features, 1], mean squared error. */
export const linreg = defineTask({
  params: linregParams,
  summary: 'synthetic linear regression y = X·w* + b* + noise, mean squared error; known optimum (linregOptimum)',
  size: (spec) => spec.samples,
  classes: () => 0,
  layout: (spec) => denseLayout(widths(spec)),
  init: () => {}, // all zeros: the loss is convex, so the start only sets the distance to go
  dataset: loadLinreg,
  compute: {
    engine: (spec) => engineTask(taskParts(loadLinreg(spec), denseLayout(widths(spec))), (data) => mlpModel(data, widths(spec))),
    tfjs: (spec, tf: Tf) => tfjsTask(taskParts(loadLinreg(spec), denseLayout(widths(spec))), tf, forward),
  },
});
