/** The tasks module: datasets, flat-parameter models and their tfjs compute. */
export type { ComputeTask, Evaluation, Split, TaskInfo, TaskName, TaskSpec } from './task.js';
export type { Tf } from './tf.js';
export type { Dataset, SplitSizes } from './dataset.js';
export type { ParamBlock } from './layout.js';
export { splitRows } from './dataset.js';
export { MNIST_CLASSES, MNIST_PIXELS, layerWidths, paramCount, paramLayout } from './layout.js';
export { MNIST_SIZE, datasetSize, validateTaskSpec } from './validate.js';
export { taskInfo } from './info.js';
export { initParams } from './init.js';
export { loadMnist } from './mnist.js';
export { linregOptimum, loadLinreg, type LinregSpec } from './linreg.js';
export { leastSquares } from './least-squares.js';
export { loadDataset } from './load-dataset.js';
export { loadComputeTask } from './compute-task.js';
export { tasks, type TaskEntry } from './registry.js';
