import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { TaskSpec } from './task.js';

/** Number of digits in the `mnist` package (checked against the data when it is loaded). */
export const MNIST_SIZE = 10_000;

/** Total number of examples a task's dataset holds before splitting. */
export function datasetSize(spec: TaskSpec): number {
  return spec.name === 'linreg' ? spec.samples : MNIST_SIZE;
}

function isInt(v: unknown, min: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

/**
 * Checks a TaskSpec before any data is loaded, so a bad config fails at the boundary with every problem
 * named (`task.testSize: ...`), never mid-run. Throws ConfigError; returns the spec unchanged otherwise.
 * The bounds are the config schema's (src/config/schema.ts), for specs built without it.
 */
export function validateTaskSpec(spec: TaskSpec): TaskSpec {
  const issues: ConfigIssue[] = [];
  const bad = (field: string, expected: string, got: unknown): void => {
    issues.push({ path: `task.${field}`, message: `expected ${expected}, got ${JSON.stringify(got)}` });
  };
  if (!['mnist-mlp', 'mnist-softmax', 'mnist-cnn', 'linreg'].includes(spec.name)) bad('name', "'mnist-mlp' | 'mnist-softmax' | 'mnist-cnn' | 'linreg'", spec.name);
  if (!isInt(spec.dataSeed, 0)) bad('dataSeed', 'a safe integer ≥ 0', spec.dataSeed);
  if (spec.name === 'mnist-mlp' && (!Array.isArray(spec.hidden) || spec.hidden.length === 0 || !spec.hidden.every((h) => isInt(h, 1)))) {
    bad('hidden', 'a non-empty list of positive integers', spec.hidden);
  }
  if (spec.name === 'linreg') {
    if (!isInt(spec.features, 1)) bad('features', 'an integer ≥ 1', spec.features);
    if (!isInt(spec.samples, 1)) bad('samples', 'an integer ≥ 1', spec.samples);
    if (!(typeof spec.noise === 'number' && Number.isFinite(spec.noise) && spec.noise >= 0)) bad('noise', 'a finite number ≥ 0', spec.noise);
  }
  if (!isInt(spec.testSize, 1)) bad('testSize', 'an integer ≥ 1', spec.testSize);
  if (!isInt(spec.validationSize, 1)) bad('validationSize', 'an integer ≥ 1', spec.validationSize);
  if (issues.length === 0) {
    const total = datasetSize(spec);
    if (spec.testSize + spec.validationSize >= total) {
      issues.push({
        path: 'task.testSize',
        message: `expected testSize + validationSize < ${total} (the dataset size) so that training data remains, got ${spec.testSize} + ${spec.validationSize}`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return spec;
}
