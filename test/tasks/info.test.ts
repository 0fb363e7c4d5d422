import assert from 'node:assert/strict';
import { Rng } from '../../src/core/rng.js';
import { ConfigError } from '../../src/core/errors.js';
import { taskInfo } from '../../src/tasks/info.js';
import { initParams } from '../../src/tasks/init.js';
import { paramLayout } from '../../src/tasks/layout.js';
import { tasks } from '../../src/tasks/registry.js';
import { taskParamsSchema } from '../../src/tasks/task-params.js';
import { hashOf, spec } from './fixtures.js';

describe('taskInfo', () => {
  it('gives the MLP 101,770 params and splits the 10,000 digits', () => {
    assert.deepEqual(taskInfo(spec({ name: 'mnist-mlp' })), { dim: 101_770, trainSize: 8500, validationSize: 500, testSize: 1000, classes: 10 });
  });

  it('sizes softmax regression, deeper MLPs and linreg', () => {
    assert.equal(taskInfo(spec({ name: 'mnist-softmax' })).dim, 7850);
    assert.equal(taskInfo(spec({ name: 'mnist-mlp', hidden: [64, 32] })).dim, 785 * 64 + 65 * 32 + 33 * 10);
    assert.deepEqual(taskInfo(spec({ name: 'linreg', features: 10, samples: 4000 })), { dim: 11, trainSize: 2500, validationSize: 500, testSize: 1000, classes: 0 });
  });

  it('rejects impossible specs naming the field', () => {
    assert.throws(() => taskInfo(spec({ name: 'mnist-softmax', testSize: 6000, validationSize: 4000 })), (e: ConfigError) => e instanceof ConfigError && /task\.testSize/.test(e.message));
    assert.throws(() => taskInfo(spec({ name: 'mnist-mlp', hidden: [0] })), /task\.hidden/);
    assert.throws(() => taskInfo(spec({ name: 'linreg', features: 0, noise: -1 })), (e: ConfigError) => e.issues.length === 2);
  });
});

describe('paramLayout', () => {
  it('places each layer W (in × out) then b, contiguously', () => {
    const blocks = paramLayout(spec({ name: 'mnist-mlp', hidden: [128] }));
    assert.deepEqual(blocks.map((b) => [b.name, b.offset, b.size]), [['W0', 0, 100_352], ['b0', 100_352, 128], ['W1', 100_480, 1280], ['b1', 101_760, 10]]);
  });
});

describe('initParams', () => {
  const mlp = spec({ name: 'mnist-mlp' });

  it('is deterministic in the rng and differs across seeds', () => {
    assert.equal(hashOf(initParams(mlp, Rng.root(5))), hashOf(initParams(mlp, Rng.root(5))));
    assert.notEqual(hashOf(initParams(mlp, Rng.root(5))), hashOf(initParams(mlp, Rng.root(6))));
  });

  it('draws Glorot-uniform weights and zero biases', () => {
    const p = initParams(mlp, Rng.root(5));
    for (const b of paramLayout(mlp)) {
      const v = p.subarray(b.offset, b.offset + b.size);
      if (b.shape.length === 1) { assert.ok(v.every((x) => x === 0)); continue; }
      const limit = Math.sqrt(6 / (b.shape[0] + b.shape[1]));
      let sq = 0;
      for (const x of v) { assert.ok(Math.abs(x) <= limit); sq += x * x; }
      // The variance of U(−a, a) is a²/3.
      assert.ok(Math.abs(sq / v.length / (limit * limit / 3) - 1) < 0.05);
    }
  });

  it('starts linreg at zero', () => {
    assert.ok(initParams(spec({ name: 'linreg' }), Rng.root(1)).every((x) => x === 0));
  });
});

describe('task registry', () => {
  it('lists every task with a summary and the spec fields it reads', () => {
    assert.deepEqual(Object.keys(tasks).sort(), ['linreg', 'mnist-cnn', 'mnist-mlp', 'mnist-softmax']);
    for (const t of Object.values(tasks)) { assert.ok(t.summary.length > 10); assert.ok(Object.keys(taskParamsSchema(t).shape).includes('dataSeed')); }
  });
});
