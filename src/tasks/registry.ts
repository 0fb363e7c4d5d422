import type { TaskName, TaskSpec } from './task.js';

/** A catalogue entry: what a task is and which TaskSpec fields it reads (for `byzsim list`). */
export interface TaskEntry {
  readonly summary: string;
  /** The TaskSpec fields this task uses; the others are ignored. */
  readonly params: readonly (keyof TaskSpec)[];
}

const split = ['dataSeed', 'testSize', 'validationSize'] as const;

/** The built-in tasks by name. */
export const tasks = {
  'mnist-mlp': {
    summary: 'MNIST (10,000 digits of the mnist package), dense ReLU MLP 784 → hidden… → 10, softmax cross-entropy; [128] hidden: 101,770 params',
    params: ['hidden', ...split],
  },
  'mnist-softmax': {
    summary: 'MNIST (10,000 digits of the mnist package), softmax regression 784 → 10, cross-entropy; 7,850 params',
    params: [...split],
  },
  'mnist-cnn': {
    summary: 'MNIST, LeNet-style CNN: conv 5×5×8 → max-pool 2 → conv 5×5×16 → max-pool 2 → dense 256 → 10 (ReLU), cross-entropy; 5,994 params',
    params: [...split],
  },
  linreg: {
    summary: 'synthetic linear regression y = X·w* + b* + noise, mean squared error; known optimum (linregOptimum)',
    params: ['features', 'samples', 'noise', ...split],
  },
} as const satisfies Record<TaskName, TaskEntry>;
