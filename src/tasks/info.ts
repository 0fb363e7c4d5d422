import { MNIST_CLASSES, paramCount } from './layout.js';
import type { TaskInfo, TaskSpec } from './task.js';
import { datasetSize, validateTaskSpec } from './validate.js';

/**
 * Dimensions and split sizes of a task, computed from the spec alone (no data is read, no tfjs needed), so
 * the coordinator can size buffers before any thread loads anything. Validates the spec.
 */
export function taskInfo(spec: TaskSpec): TaskInfo {
  validateTaskSpec(spec);
  return {
    dim: paramCount(spec),
    trainSize: datasetSize(spec) - spec.testSize - spec.validationSize,
    validationSize: spec.validationSize,
    testSize: spec.testSize,
    classes: spec.name === 'linreg' ? 0 : MNIST_CLASSES,
  };
}
