import assert from 'node:assert/strict';
import { resolveConfig, taskSpecOf } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/core/errors.js';
import { validateTaskSpec } from '../../src/tasks/validate.js';

describe('validateTaskSpec', () => {
  const base = taskSpecOf(resolveConfig({ task: 'linreg' }));
  // Every edge the config schema has: both checks must agree on which side of it a value falls.
  const edges = [
    ['testSize', 0, 1],
    ['validationSize', 0, 1],
    ['dataSeed', -1, 0],
    ['features', 0, 1],
    ['samples', 0, 4000],
    ['noise', -0.5, 0],
  ] as const;

  for (const [field, refused, accepted] of edges) {
    it(`agrees with the config schema on task.${field}: ${refused} refused, ${accepted} accepted`, () => {
      const named = (e: unknown) => e instanceof ConfigError && e.message.includes(`task.${field}`);
      assert.throws(() => resolveConfig({ task: { name: 'linreg', [field]: refused } }), named);
      assert.throws(() => validateTaskSpec({ ...base, [field]: refused }), named);
      assert.doesNotThrow(() => resolveConfig({ task: { name: 'linreg', [field]: accepted } }));
      assert.doesNotThrow(() => validateTaskSpec({ ...base, [field]: accepted }));
    });
  }
});
