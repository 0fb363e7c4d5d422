import { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { toConfigError } from '../core/zod-issues.js';
import type { TaskEntry } from './task-entry.js';
import type { TaskSpec } from './task.js';

const positiveInt = z.int().positive();

/** The split fields every task takes, after its own parameters (config field `task`). */
export const splitFields = {
  /** Seed of the data split; defaults to the run seed. */
  dataSeed: z.int().nonnegative().optional(),
  testSize: positiveInt.default(2000),
  /** Server validation set size (the paper keeps 5% of the training data). */
  validationSize: positiveInt.default(500),
};

/**
 * A task's parameters as a config writes them: its own, then the split fields (strict: no other key). A task may
 * declare a split field itself to give it another default (a small dataset needs a smaller test set).
 */
export function taskParamsSchema(entry: Pick<TaskEntry, 'params'>): z.ZodObject {
  const own = entry.params.shape as Record<string, z.ZodType>;
  const common = Object.fromEntries(Object.entries(splitFields).filter(([k]) => !Object.hasOwn(own, k)));
  return z.strictObject({ ...own, ...common });
}

/** The split fields of a resolved TaskSpec: dataSeed is given by then (taskSpecOf fills in the run seed). */
const resolvedSplit = z.object({ ...splitFields, dataSeed: z.int().nonnegative() });

/**
 * Checks a TaskSpec against its entry with the config schema's own bounds (so the two never disagree): the
 * split fields, the task's parameters (keys the entry does not declare are ignored), and that training data
 * remains. Throws a ConfigError naming every bad field (`task.testSize: ...`); returns the spec otherwise.
 */
export function checkTaskSpec(spec: TaskSpec, entry: Pick<TaskEntry, 'params' | 'size'>): TaskSpec {
  const own = Object.fromEntries(Object.keys(entry.params.shape).filter((k) => Object.hasOwn(spec, k)).map((k) => [k, spec[k]]));
  const issues: ConfigIssue[] = [];
  for (const [schema, value] of [
    [resolvedSplit, { dataSeed: spec.dataSeed, testSize: spec.testSize, validationSize: spec.validationSize }],
    [entry.params, own],
  ] as const) {
    const parsed = schema.safeParse(value, { reportInput: true });
    if (!parsed.success) issues.push(...toConfigError(parsed.error, 'task').issues);
  }
  if (issues.length === 0) {
    const total = entry.size(spec as never);
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
