import type { Dataset } from './dataset.js';
import { loadLinreg } from './linreg.js';
import { loadMnist } from './mnist.js';
import type { TaskSpec } from './task.js';

/** The (cached, split) dataset a task trains and evaluates on. */
export function loadDataset(spec: TaskSpec): Dataset {
  return spec.name === 'linreg' ? loadLinreg(spec) : loadMnist(spec);
}
