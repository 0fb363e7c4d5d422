import type { Dataset } from './dataset.js';
import type { ParamBlock } from './param-block.js';
import type { TaskInfo } from './task.js';

/** What a compute binds: the task's loaded dataset, its parameter layout, and the sizes both imply. */
export interface TaskParts {
  readonly info: TaskInfo;
  readonly dataset: Dataset;
  readonly layout: readonly ParamBlock[];
}

/** The parts of a task from its dataset and layout (the sizes read off them). */
export function taskParts(dataset: Dataset, layout: readonly ParamBlock[]): TaskParts {
  const info: TaskInfo = {
    dim: layout.reduce((n, b) => n + b.size, 0),
    trainSize: dataset.splits.train.length,
    validationSize: dataset.splits.validation.length,
    testSize: dataset.splits.test.length,
    classes: dataset.classes,
  };
  return { info, dataset, layout };
}
